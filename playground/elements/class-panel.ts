import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Reply } from '../../core/chat-contract.ts';
import { CLASS_SPLIT_ROOMS_MAX, classPredictions, type ClassStudent } from '../../core/classroom.ts';
import type { EmitResult, RoomsSnapshot } from '../../core/lab-contract.ts';
import type { PlaygroundSocket } from '../controllers/chat-connection.ts';
import { controlStyles } from '../styles/controls.ts';
import { surfaceStyles } from '../styles/surface.ts';

/** Joins and leaves come in bursts as a class arrives: the list is asked for once they settle. */
const ROSTER_REFRESH_MS = 200;
/** The server answers within milliseconds; past this, the connection is gone and the next change asks again. */
const ANSWER_MS = 5000;

/**
 * The instructor's controls over the class, on the projector's page only: the students by name with their room,
 * moving a selection (or everyone, split round-robin) into rooms, resetting the class, and "Students may emit".
 * It asks the server over one of the page's own cards, whose sockets hold the instructor's key.
 */
@customElement('class-panel')
export class ClassPanel extends LitElement {
  static override styles = [
    controlStyles,
    surfaceStyles,
    css`
      :host {
        display: block;
        margin-top: 1rem;
      }

      section {
        display: grid;
        gap: 0.5rem;
        padding: 0.6rem 0.8rem 0.8rem;
      }

      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        align-items: baseline;
      }

      h2 {
        margin: 0;
        font-size: 1.2rem;
      }

      p {
        margin: 0;
      }

      .muted {
        color: var(--text-muted);
      }

      .tally {
        font-weight: 700;
        color: var(--focus);
      }

      fieldset {
        margin: 0;
        padding: 0.3rem 0.6rem 0.5rem;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
      }

      ul {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
        gap: 0.15rem 1rem;
        margin: 0;
        padding: 0;
        list-style: none;
        max-height: 14rem;
        overflow-y: auto;
      }

      li label {
        display: flex;
        gap: 0.4rem;
        align-items: center;
        padding: 0.15rem 0;
      }

      .room {
        color: var(--text-muted);
        font-family: var(--mono, ui-monospace, monospace);
        font-size: 0.9em;
      }

      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
        align-items: end;
      }

      .action {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        align-items: center;
      }

      .action input {
        width: 9rem;
      }

      .action input[type='number'] {
        width: 4.5rem;
      }

      .check {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
        font-weight: 600;
      }

      [role='alert'] {
        color: var(--danger);
      }

      [role='alert']:empty,
      [role='status']:empty {
        display: none;
      }
    `,
  ];

  /** A socket of this page that holds the instructor's key, to ask the server over; undefined while none is connected. */
  @property({ attribute: false }) accessor socket: PlaygroundSocket | undefined;
  /** The lab's rooms as last reported: when it changes, someone joined, left or moved, and the list is asked for again. */
  @property({ attribute: false }) accessor snapshot: RoomsSnapshot | undefined;
  /** The instructor's last emit, for the class's tally. */
  @property({ attribute: false }) accessor result: EmitResult | undefined;
  /** Rooms to offer in "Move to room". */
  @property({ attribute: false }) accessor rooms: readonly string[] = [];

  /** Undefined until the server answered: the panel stays hidden on a server that has no class (solo mode). */
  @state() accessor students: readonly ClassStudent[] | undefined;
  @state() accessor studentsMayEmit = false;
  @state() accessor selected: ReadonlySet<string> = new Set();
  @state() accessor moveTo = 'team-a';
  @state() accessor splitInto = 2;
  @state() accessor done = '';
  @state() accessor error = '';

  #refresh: ReturnType<typeof setTimeout> | undefined;

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('snapshot') || (changed.has('socket') && this.students === undefined)) this.#scheduleRefresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#refresh);
    this.#refresh = undefined;
  }

  override render() {
    const students = this.students;
    if (students === undefined) return nothing;
    return html`
      <section class="surface" aria-labelledby="class-heading">
        <header>
          <h2 id="class-heading">Class</h2>
          <p class="muted">${students.length === 1 ? '1 student' : `${students.length} students`} connected</p>
          <label class="check">
            <input type="checkbox" role="switch" .checked=${this.studentsMayEmit} @change=${this.#onStudentsMayEmit} />Students may emit
          </label>
        </header>
        ${this.#tally(students)}
        ${students.length === 0
          ? html`<p class="muted">No student yet: they open the students' address and join with their name.</p>`
          : html`<fieldset>
              <legend>Students (tick to move)</legend>
              <ul>
                ${students.map(
                  (student) => html`<li>
                    <label>
                      <input type="checkbox" .checked=${this.selected.has(student.socketId)} @change=${(event: Event) => this.#select(student.socketId, (event.target as HTMLInputElement).checked)} />
                      <span>${student.name}</span>
                      <span class="room">${student.room ?? 'no room'}</span>
                    </label>
                  </li>`,
                )}
              </ul>
            </fieldset>`}
        <div class="actions">
          <div class="action">
            <button @click=${this.#selectAll}>${this.selected.size > 0 && this.selected.size === students.length ? 'Select none' : 'Select all'}</button>
          </div>
          <div class="action">
            <label for="move-room">Room</label>
            <input id="move-room" list="class-rooms" .value=${this.moveTo} @input=${(event: Event) => (this.moveTo = (event.target as HTMLInputElement).value)} />
            <datalist id="class-rooms">${this.rooms.map((room) => html`<option value=${room}></option>`)}</datalist>
            <button class="primary" @click=${this.#move}>Move to room</button>
          </div>
          <div class="action">
            <label for="split-rooms">Rooms</label>
            <input
              id="split-rooms"
              type="number"
              min="2"
              max=${CLASS_SPLIT_ROOMS_MAX}
              .value=${String(this.splitInto)}
              @input=${(event: Event) => (this.splitInto = (event.target as HTMLInputElement).valueAsNumber)}
            />
            <button @click=${this.#split}>Split into ${Number.isInteger(this.splitInto) ? this.splitInto : 'N'} rooms</button>
          </div>
          <div class="action">
            <button @click=${this.#reset}>Reset the class</button>
          </div>
        </div>
        <p role="status">${this.done}</p>
        <p role="alert">${this.error}</p>
      </section>
    `;
  }

  /** How the students fared in the instructor's last emit: who received it, and how their predictions went. */
  #tally(students: readonly ClassStudent[]) {
    const result = this.result;
    if (!result) return nothing;
    const ids = new Set(students.map((student) => student.socketId));
    const theirs = result.outcomes.filter((outcome) => ids.has(outcome.socketId));
    if (theirs.length === 0) return nothing;
    const received = theirs.filter((outcome) => outcome.received === true).length;
    const { right, total } = classPredictions(result);
    const predicted = total === 0 ? '' : ` ${right} of ${total} predicted right.`;
    return html`<p class="tally">Last emit: ${received} of ${plural(theirs.length)} received it.${predicted}</p>`;
  }

  #select(socketId: string, selected: boolean) {
    const next = new Set(this.selected);
    if (selected) next.add(socketId);
    else next.delete(socketId);
    this.selected = next;
  }

  #selectAll() {
    const students = this.students ?? [];
    this.selected = this.selected.size === students.length ? new Set() : new Set(students.map((student) => student.socketId));
  }

  async #move() {
    const socketIds = [...this.selected];
    if (socketIds.length === 0) {
      this.#said('', 'Tick the students to move first.');
      return;
    }
    const room = this.moveTo.trim();
    const reply = await this.#ask<{ moved: number }>((ack) => this.socket?.emit('class:move', { socketIds, room }, ack));
    if (reply.ok) this.selected = new Set();
    this.#said(reply.ok ? `Moved ${plural(reply.moved)} to ${room}.` : '', reply.ok ? '' : reply.error);
  }

  async #split() {
    const rooms = this.splitInto;
    const reply = await this.#ask<{ rooms: string[]; moved: number }>((ack) => this.socket?.emit('class:split', { rooms }, ack));
    this.#said(reply.ok ? `Split ${plural(reply.moved)} into ${reply.rooms.join(', ')}.` : '', reply.ok ? '' : reply.error);
  }

  async #reset() {
    const reply = await this.#ask<{ moved: number }>((ack) => this.socket?.emit('class:reset', {}, ack));
    this.#said(reply.ok ? `Reset: ${plural(reply.moved)} back in general, predictions cleared, emits closed.` : '', reply.ok ? '' : reply.error);
  }

  async #onStudentsMayEmit(event: Event) {
    const input = event.target as HTMLInputElement;
    const open = input.checked;
    const reply = await this.#ask<{}>((ack) => this.socket?.emit('class:students-may-emit', { open }, ack));
    if (reply.ok) this.studentsMayEmit = open;
    else input.checked = this.studentsMayEmit;
    this.#said(reply.ok ? (open ? 'Students may now emit from their own phones.' : 'Students may no longer emit.') : '', reply.ok ? '' : reply.error);
  }

  #said(done: string, error: string) {
    this.done = done;
    this.error = error;
    this.#scheduleRefresh();
  }

  #scheduleRefresh() {
    clearTimeout(this.#refresh);
    this.#refresh = setTimeout(() => void this.#fetchRoster(), ROSTER_REFRESH_MS);
  }

  async #fetchRoster() {
    this.#refresh = undefined;
    if (!this.socket?.connected) return;
    const reply = await this.#ask<{ students: ClassStudent[]; studentsMayEmit: boolean }>((ack) => this.socket?.emit('class:roster', {}, ack));
    if (!reply.ok) return;
    this.students = reply.students;
    this.studentsMayEmit = reply.studentsMayEmit;
    // A student who left is no longer selected.
    const ids = new Set(reply.students.map((student) => student.socketId));
    this.selected = new Set([...this.selected].filter((id) => ids.has(id)));
  }

  /** Sends one request over the page's socket and waits for its answer, or says why none came. */
  #ask<T extends object>(send: (ack: (reply: Reply<T>) => void) => void): Promise<Reply<T>> {
    if (!this.socket?.connected) return Promise.resolve({ ok: false, error: 'No card of this page is connected: Connect one, then try again.' });
    return new Promise((resolve) => {
      const silence = setTimeout(() => resolve({ ok: false, error: 'The server did not answer: the connection may have dropped. Try again.' }), ANSWER_MS);
      send((reply) => {
        clearTimeout(silence);
        resolve(reply);
      });
    });
  }
}

const plural = (count: number) => (count === 1 ? '1 student' : `${count} students`);

declare global {
  interface HTMLElementTagNameMap {
    'class-panel': ClassPanel;
  }
}
