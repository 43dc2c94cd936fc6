import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LAB_EVENT, MAIN_NAMESPACE, VARIANTS, quote, type EmitVariant, type SocketView } from '../../core/emit-rules.ts';
import { EMIT_TIMEOUT_MAX_MS } from '../../core/validation.ts';
import type { EmitChoice, PageEmit, VariantDetail } from '../controllers/emit-lab.ts';
import { requestFire } from '../controllers/predict-mode.ts';
import type { ScenarioRun } from '../controllers/stage.ts';
import { controlStyles, visuallyHidden } from '../styles/controls.ts';
import { surfaceStyles } from '../styles/surface.ts';
import './emit-presets.ts';

/** The emit lab's controls: who sends, to which room, with which of the variants. Choices go up as events. */
@customElement('emit-panel')
export class EmitPanel extends LitElement {
  static override styles = [
    controlStyles,
    surfaceStyles,
    css`
      :host {
        display: block;
        min-width: 0;
        container-type: inline-size;
      }

      /* A compact bar: who sends where on one line, the four emits in one row (two on a phone), the rest folded. */
      .panel {
        display: grid;
        gap: 0.45rem;
        padding: 0.5rem 0.7rem;
      }

      h2 {
        margin: 0;
        font-size: 1rem;
      }

      h3 {
        margin: 0;
        font-size: 1rem;
      }

      code,
      select,
      .variant {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      }

      .pickers {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 1rem;
        align-items: center;
      }

      .field {
        display: flex;
        gap: 0.35rem;
        align-items: center;
        min-width: 0;
      }

      .field label {
        font-size: 0.85em;
        font-weight: 600;
        color: var(--text-muted);
      }

      select,
      input[type='number'] {
        min-width: 0;
        max-width: 100%;
        padding: 0.25rem 0.4rem;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface);
        font-size: 0.95em;
        color: inherit;
      }

      input[type='number'] {
        width: 7ch;
      }

      /* Room ids are long: the picker stays narrow enough for the whole row of who sends where. */
      #room {
        max-width: 10rem;
      }

      /* Said by the line that ran ("in Alice's connection handler"); only written out when the bar is wide. */
      @container (max-width: 55rem) {
        h2 .from {
          ${visuallyHidden}
        }
      }

      .check {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
        font-weight: 600;
        cursor: pointer;
      }

      .check input {
        width: 1.15em;
        height: 1.15em;
        margin: 0;
      }

      ul {
        display: grid;
        gap: 0.4rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .lesson {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }

      @container (min-width: 38rem) {
        .lesson {
          grid-template-columns: repeat(4, minmax(0, 1fr));
        }
      }

      /* A phone: every emit's name on one line, two emits a row. */
      @container (max-width: 24rem) {
        .lesson li .variant {
          padding: 0.3rem 0.3rem;
          font-size: 0.75em;
        }

        /* Predict first, Beyond the four and Presets share one row while folded. */
        .panel > .folded {
          gap: 0.4rem 0.35rem;
        }

        .folded > .check {
          gap: 0.3rem;
        }

        .folded > .check,
        .folded > details > summary {
          font-size: 0.8em;
        }

        .folded > details:not([open]) {
          flex: 0 1 auto;
          padding: 0.25rem 0.35rem;
        }
      }

      .more {
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
        margin-top: 0.6rem;
      }

      .more .variant {
        padding: 0.3rem 0.5rem;
        font-size: 0.8em;
      }

      li {
        display: grid;
        gap: 0.2rem;
        align-content: start;
      }

      .variant {
        justify-self: stretch;
        text-align: left;
        white-space: normal;
        overflow-wrap: anywhere;
      }

      .lesson .variant {
        padding: 0.35rem 0.4rem;
        font-size: 0.8em;
        font-weight: 700;
      }

      .variant.fired {
        box-shadow: 0 0 0 3px var(--text);
      }

      .what {
        font-size: 0.8em;
        line-height: 1.25;
        color: var(--text-muted);
      }

      /* Under each emit when there is room; otherwise still its description, and its tooltip. */
      @container (max-width: 55rem) {
        .lesson .what {
          ${visuallyHidden}
        }
      }

      .folded {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 0.75rem;
        align-items: center;
      }

      details {
        flex: 1 1 auto;
        padding: 0.25rem 0.6rem;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
      }

      details[open] {
        flex-basis: 100%;
        padding-bottom: 0.6rem;
      }

      details[open] > summary {
        margin-bottom: 0.6rem;
      }

      summary {
        font-weight: 700;
        cursor: pointer;
      }

      .armed {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.8rem;
        align-items: center;
        margin: 0;
        padding: 0.5rem 0.7rem;
        border-left: 0.3rem solid var(--focus);
        background: #eef4ff;
      }

      .hint {
        margin: 0;
        color: var(--text-muted);
      }

      /* Predict mode, said on the bar's first line: the checkbox may be folded or scrolled out of sight. */
      .predicting {
        margin: 0;
        padding: 0.1rem 0.55rem;
        border-radius: 1em;
        background: var(--focus);
        color: #fff;
        font-size: 0.85em;
        font-weight: 700;
      }

      .predicting:empty {
        padding: 0;
      }
    `,
  ];

  @property({ attribute: false }) accessor choice: EmitChoice | undefined;
  /** The clients that can send: the page's chat clients of /. */
  @property({ attribute: false }) accessor senders: readonly string[] = [];
  /** Classroom mode: the other sockets of / (the students'), which the instructor may also send from. */
  @property({ attribute: false }) accessor classSenders: readonly SocketView[] = [];
  @property({ attribute: false }) accessor rooms: readonly string[] = [];
  /** Every socket the server reports, for the target-socket picker and the private rooms. */
  @property({ attribute: false }) accessor sockets: readonly SocketView[] = [];
  @property({ attribute: false }) accessor predictFirst = false;
  @property({ attribute: false }) accessor armed: EmitVariant['id'] | undefined;
  @property({ attribute: false }) accessor last: PageEmit | undefined;
  /** The scenario run last: a preset's, or a lesson's. */
  @property({ attribute: false }) accessor run: ScenarioRun | undefined;

  override render() {
    const choice = this.choice;
    if (!choice) return nothing;
    const lesson = VARIANTS.filter((candidate) => candidate.lesson);
    const more = VARIANTS.filter((candidate) => !candidate.lesson);
    return html`
      <div class="panel surface">
        <div class="pickers">
          <h2>Emit <code>${quote(LAB_EVENT)}</code><span class="from"> from a connection handler</span></h2>
          <div class="field">
            <label for="sender">Sender</label>
            <select id="sender" @change=${this.#pickSender}>
              ${this.#placeholder(choice.senderId === undefined ? this.senders.includes(choice.sender) : this.classSenders.some((socket) => socket.id === choice.senderId), 'pick a sender')}
              ${this.senders.map((name) => html`<option value=${name} ?selected=${choice.senderId === undefined && name === choice.sender}>${name}</option>`)}
              ${this.classSenders.length === 0
                ? nothing
                : html`<optgroup label="The class">
                    ${this.classSenders.map((socket) => html`<option value=${socket.id} data-name=${socket.name} ?selected=${socket.id === choice.senderId}>${socket.name}</option>`)}
                  </optgroup>`}
            </select>
          </div>
          <div class="field">
            <label for="room">Target room</label>
            <select id="room" @change=${this.#pick('room')}>${this.#roomOptions(choice.room)}</select>
          </div>
          <p class="predicting" role="status">${this.predictFirst ? 'Predict first is on' : ''}</p>
        </div>

        <ul class="lesson" aria-label="The four emits of the lesson">
          ${lesson.map((candidate) => this.#variantItem(candidate))}
        </ul>
        ${this.#armedBox()}

        <div class="folded">
          <label class="check">
            <input type="checkbox" aria-keyshortcuts="P" .checked=${this.predictFirst} @change=${this.#onPredictFirst} />Predict first
          </label>
          <details>
            <summary>Beyond the four</summary>
            <div class="pickers">
              <div class="field">
                <label for="second-room">Second room</label>
                <select id="second-room" @change=${this.#pick('secondRoom')}>${this.#roomOptions(choice.secondRoom)}</select>
              </div>
              <div class="field">
                <label for="target-socket">Target socket</label>
                <select id="target-socket" @change=${this.#pick('targetSocketId')}>
                  ${this.#placeholder(this.#mainSockets().some((socket) => socket.id === choice.targetSocketId), 'pick a socket')}
                  ${this.#mainSockets().map(
                    (socket) => html`<option value=${socket.id} ?selected=${socket.id === choice.targetSocketId}>${socket.name} (${socket.id})</option>`,
                  )}
                </select>
              </div>
              <div class="field">
                <label for="timeout">Timeout (ms)</label>
                <input
                  id="timeout"
                  type="number"
                  min="1"
                  max=${EMIT_TIMEOUT_MAX_MS}
                  step="1"
                  .value=${String(choice.timeoutMs)}
                  @change=${this.#onTimeout}
                />
              </div>
            </div>
            <ul class="more" aria-label="More emits">
              ${more.map((candidate) => this.#variantItem(candidate))}
            </ul>
          </details>
          <details>
            <summary>Presets</summary>
            <emit-presets .run=${this.run}></emit-presets>
          </details>
        </div>
      </div>
    `;
  }

  #variantItem(candidate: EmitVariant) {
    const index = VARIANTS.indexOf(candidate);
    const fired = this.last?.request.variant === candidate.id || this.armed === candidate.id;
    return html`
      <li>
        <button
          class="variant ${candidate.lesson ? 'primary' : ''} ${fired ? 'fired' : ''}"
          aria-describedby="what-${index}"
          aria-keyshortcuts=${candidate.lesson ? String(index + 1) : nothing}
          title=${candidate.summary}
          @click=${() => this.#fire(candidate.id)}
        >${candidate.id}</button>
        <span class="what" id="what-${index}">${candidate.summary}</span>
      </li>
    `;
  }

  #placeholder(chosen: boolean, text: string) {
    return chosen ? nothing : html`<option value="" disabled selected>${text}</option>`;
  }

  #mainSockets(): readonly SocketView[] {
    return this.sockets.filter((socket) => socket.namespace === MAIN_NAMESPACE);
  }

  #roomOptions(chosen: string) {
    const named = this.rooms.includes(chosen) || this.#mainSockets().some((socket) => socket.id === chosen);
    return html`
      ${named ? nothing : html`<option value=${chosen} selected>${chosen || 'pick a room'}</option>`}
      ${this.rooms.map((room) => html`<option value=${room} ?selected=${room === chosen}>${room}</option>`)}
      <optgroup label="Private rooms (each socket's id)">
        ${this.#mainSockets().map(
          (socket) => html`<option value=${socket.id} ?selected=${socket.id === chosen}>${socket.name}'s own room</option>`,
        )}
      </optgroup>
    `;
  }

  #armedBox() {
    if (!this.predictFirst) return nothing;
    if (!this.armed) return html`<p class="hint">An emit button now waits for Fire, so you can tick on each card who will receive it.</p>`;
    return html`
      <p class="armed">
        <span>Predicting <code>${this.armed}</code> from ${this.choice?.sender}: tick “will receive” on each card that gets it, then</span>
        <button class="primary" aria-keyshortcuts="F" @click=${this.#onFire}>Fire</button>
      </p>
    `;
  }

  #pick(field: 'sender' | 'room' | 'secondRoom' | 'targetSocketId') {
    return (event: Event) => this.#choose({ [field]: (event.target as HTMLSelectElement).value });
  }

  /** A card of this page sends from its own socket; a student's socket is picked by its id, since names may repeat. */
  #pickSender(event: Event) {
    const option = (event.target as HTMLSelectElement).selectedOptions[0];
    if (!option) return;
    const name = option.dataset.name;
    this.#choose(name === undefined ? { sender: option.value, senderId: undefined } : { sender: name, senderId: option.value });
  }

  #onTimeout(event: Event) {
    this.#choose({ timeoutMs: (event.target as HTMLInputElement).valueAsNumber });
  }

  #choose(change: Partial<EmitChoice>) {
    this.dispatchEvent(new CustomEvent<Partial<EmitChoice>>('emit-choice-change', { detail: change, bubbles: true, composed: true }));
  }

  #onPredictFirst(event: Event) {
    const predictFirst = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent('predict-first-change', { detail: { predictFirst }, bubbles: true, composed: true }));
  }

  #fire(variant: EmitVariant['id']) {
    this.dispatchEvent(new CustomEvent<VariantDetail>('emit-variant', { detail: { variant }, bubbles: true, composed: true }));
  }

  #onFire() {
    requestFire(this);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'emit-panel': EmitPanel;
  }
}
