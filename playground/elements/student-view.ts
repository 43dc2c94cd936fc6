import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { StudentsMayEmit } from '../../core/classroom.ts';
import { VARIANTS, emitCall, type EmitRequest, type EmitVariant } from '../../core/emit-rules.ts';
import { DEFAULT_ROOMS } from '../../core/scenario.ts';
import { validateName } from '../../core/validation.ts';
import type { ArmedNotice, EmitResult, EmitStarted } from '../../core/lab-contract.ts';
import { keepStudentSeat, studentSeat, type StudentSeat } from '../student-seat.ts';
import type { PlaygroundSocket } from '../controllers/chat-connection.ts';
import type { CardLab, PageEmit } from '../controllers/emit-lab.ts';
import { LabObserver } from '../controllers/lab-observer.ts';
import { controlStyles } from '../styles/controls.ts';
import type { ChatClientCard, NameUsedDetail, RoomJoinedDetail } from './chat-client-card.ts';
import './card-options.ts';
import './chat-client-card.ts';
import './chat-message-list.ts';
import './last-emit.ts';

/** A student's emit settles within a couple of seconds; past this, the connection has dropped. */
const PERFORM_ANSWER_MS = 8000;

/**
 * A student's own device in a classroom: one card, theirs, with its own socket. The instructor's page drives
 * the lab; this card shows, from what its socket really got, whether the instructor's emit reached it.
 */
@customElement('student-view')
export class StudentView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        max-width: 40rem;
        margin: 0 auto;
        padding: 0.75rem clamp(0.75rem, 3vw, 1.5rem) 2rem;
      }

      h1 {
        margin: 0 0 0.5rem;
        font-size: 1.35rem;
      }

      p {
        margin: 0 0 0.75rem;
        color: var(--text-muted);
      }

      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }

      form input {
        flex: 1 1 10rem;
      }

      [role='alert']:empty,
      [role='status']:empty {
        display: none;
      }

      [role='alert'] {
        margin-top: 0.5rem;
        color: var(--danger);
      }

      .question {
        margin: 0 0 0.75rem;
        padding: 0.5rem 0.75rem;
        border: 2px solid var(--focus);
        border-radius: 0.5rem;
      }

      .question p {
        margin: 0 0 0.5rem;
        color: inherit;
        font-weight: 700;
      }

      .question button[aria-pressed='true'] {
        outline: 2px solid var(--focus);
      }

      /* While the instructor lets students emit: the lesson's four, small, above the card. */
      .emits {
        margin: 0 0 0.75rem;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--border);
        border-radius: 0.5rem;
      }

      .emits p {
        margin: 0 0 0.4rem;
        color: inherit;
      }

      .emits ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .emits button {
        padding: 0.25rem 0.55rem;
        font-family: var(--mono, ui-monospace, monospace);
        font-size: 0.85em;
      }
    `,
  ];

  /** The card this device holds in the class, kept across a reload of the tab. */
  @state() accessor seat: StudentSeat | undefined = studentSeat();
  /** "Zed 2: that name was taken", once the server has said so. */
  @state() accessor notice = '';
  @state() accessor nameError = '';
  /** The instructor's last emit, as every observer of the lab hears of it. */
  @state() accessor emit: PageEmit | undefined;

  /** The instructor has an emit armed: the card asks "Will you receive it?" until it is fired. */
  @state() accessor armed = false;
  /** This student's answer to the armed emit's question, once the server has it. */
  @state() accessor answer: boolean | undefined;
  @state() accessor answerError = '';
  /** The instructor opened "Students may emit": this card shows the lesson's four emits, sent from its own socket. */
  @state() accessor mayEmit = false;
  @state() accessor emitError = '';

  @query('#student-name') accessor nameInput: HTMLInputElement | null = null;
  @query('chat-client-card') accessor card: ChatClientCard | null = null;

  /** The card's socket this view hears the instructor's lab:armed on. */
  #armedSource: PlaygroundSocket | undefined;
  readonly #onArmed = ({ armed }: ArmedNotice) => {
    this.armed = armed;
    if (armed) this.answer = undefined;
    this.answerError = '';
  };
  readonly #onMayEmit = ({ open }: StudentsMayEmit) => {
    this.mayEmit = open;
    this.emitError = '';
  };

  // Kept for its connection: every emit's start and result reach this card's "Last emit". A phone draws no rooms view.
  readonly #observer = new LabObserver(
    this,
    {
      started: (started) => this.#onStarted(started),
      result: (result) => this.#onResult(result),
    },
    { rooms: false },
  );

  override render() {
    return html`
      <h1>emit playground</h1>
      ${this.seat === undefined ? this.#renderJoin() : this.#renderCard(this.seat)}
    `;
  }

  #renderJoin() {
    return html`
      <main aria-label="Join the class">
        <p>Your device becomes one client of the class: the instructor's emits reach it, or not, for real.</p>
        <form @submit=${this.#onJoinClass}>
          <label for="student-name">Your name</label>
          <input id="student-name" autocomplete="given-name" aria-describedby="name-error" aria-invalid=${this.nameError !== ''} />
          <button class="primary">Join the class</button>
        </form>
        <p id="name-error" role="alert">${this.nameError}</p>
      </main>
    `;
  }

  protected override updated(): void {
    const socket = this.card?.socket;
    if (socket === this.#armedSource) return;
    this.#armedSource?.off('lab:armed', this.#onArmed);
    this.#armedSource?.off('class:students-may-emit', this.#onMayEmit);
    this.#armedSource = socket;
    socket?.on('lab:armed', this.#onArmed);
    socket?.on('class:students-may-emit', this.#onMayEmit);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#armedSource?.off('lab:armed', this.#onArmed);
    this.#armedSource?.off('class:students-may-emit', this.#onMayEmit);
    this.#armedSource = undefined;
  }

  #renderCard(seat: StudentSeat) {
    const lab: CardLab = { emit: this.emit, predicting: false, willReceive: false };
    return html`
      <p role="status">${this.notice}</p>
      ${this.armed ? this.#renderQuestion() : nothing}
      <p role="status" aria-label="Your prediction">${this.#verdict()}</p>
      ${this.mayEmit ? this.#renderEmits(seat) : nothing}
      <main aria-label="Your card" @room-joined=${this.#rememberRoom} @name-used=${this.#adoptName} @client-remove=${this.#leaveClass}>
        <chat-client-card .name=${seat.name} .startRoom=${seat.room} .rooms=${DEFAULT_ROOMS} .lab=${lab} chat-open></chat-client-card>
      </main>
    `;
  }

  #renderQuestion() {
    return html`
      <section class="question" aria-label="Predict the instructor's emit">
        <p id="question">Will you receive it?</p>
        <div role="group" aria-labelledby="question">
          <button aria-pressed=${this.answer === true} @click=${() => this.#predict(true)}>Yes</button>
          <button aria-pressed=${this.answer === false} @click=${() => this.#predict(false)}>No</button>
        </div>
        <p role="alert">${this.answerError}</p>
      </section>
    `;
  }

  /** The lesson's four emits, each run by the server in this student's own connection handler, to their card's room. */
  #renderEmits(seat: StudentSeat) {
    const room = this.card?.chatRoom ?? seat.room ?? DEFAULT_ROOMS[0];
    const request = (variant: EmitVariant): EmitRequest => (variant.needs.room ? { variant: variant.id, room } : { variant: variant.id });
    return html`
      <section class="emits" aria-label="Your emits">
        <p>The instructor lets you emit: the server runs it in your connection handler.</p>
        <ul>
          ${VARIANTS.filter((variant) => variant.lesson).map(
            (variant) => html`<li><button @click=${() => this.#perform(request(variant))}>${emitCall(request(variant))}</button></li>`,
          )}
        </ul>
        <p role="alert">${this.emitError}</p>
      </section>
    `;
  }

  async #perform(request: EmitRequest) {
    const socket = this.card?.socket;
    if (!socket?.connected) {
      this.emitError = 'Your card is not connected: wait until it says connected, then try again.';
      return;
    }
    this.emitError = '';
    const reply = await socket.timeout(PERFORM_ANSWER_MS).emitWithAck('lab:perform', request).catch(() => undefined);
    if (!reply) this.emitError = 'The server did not answer in time: try again.';
    else if (!reply.ok) this.emitError = reply.error;
  }

  /** Whether this student's answer matched what their own socket really got, once the emit's result is in. */
  #verdict(): string {
    const socketId = this.card?.socket.id;
    const outcome = this.emit?.result?.outcomes.find((candidate) => candidate.socketId === socketId);
    const predicted = outcome?.predictedByStudent;
    if (predicted === undefined || typeof outcome?.received !== 'boolean') return '';
    const received = outcome.received;
    return `You predicted you would${predicted ? '' : ' not'} receive it, and you did${received ? '' : ' not'}: ${predicted === received ? 'right' : 'wrong'}.`;
  }

  async #predict(willReceive: boolean) {
    const socket = this.card?.socket;
    if (!socket?.connected) {
      this.answerError = 'Your card is not connected: wait until it says connected, then answer again.';
      return;
    }
    this.answerError = '';
    const reply = await socket.emitWithAck('lab:predict', { willReceive });
    if (reply.ok) this.answer = willReceive;
    else this.answerError = reply.error;
  }

  #onJoinClass(event: SubmitEvent) {
    event.preventDefault();
    const checked = validateName(this.nameInput?.value.trim() ?? '');
    if (!checked.ok) {
      this.nameError = checked.error;
      return;
    }
    this.nameError = '';
    this.#seat({ name: checked.value });
  }

  #seat(seat: StudentSeat | undefined) {
    this.seat = seat;
    keepStudentSeat(seat);
  }

  #rememberRoom(event: CustomEvent<RoomJoinedDetail>) {
    if (this.seat) this.#seat({ ...this.seat, room: event.detail.room });
  }

  /** The server took another name for this socket: the card, and a reload, go on with that one. */
  #adoptName(event: CustomEvent<NameUsedDetail>) {
    if (!this.seat) return;
    this.notice = `${event.detail.used}: that name was taken.`;
    this.#seat({ ...this.seat, name: event.detail.used });
  }

  /** The card's Remove: this device leaves the class, and can join again under another name. */
  #leaveClass() {
    this.notice = '';
    this.#seat(undefined);
  }

  #onStarted(started: EmitStarted) {
    // The instructor fired: the question is over, and the answer waits for the result.
    this.armed = false;
    this.emit = { fired: started.emit, request: { variant: started.variant }, senderName: '', senderId: started.senderId, emit: started.emit, code: started.code };
  }

  #onResult(result: EmitResult) {
    // A result overtaken by a newer emit's start says nothing about the card's last emit.
    const shown = this.emit?.emit;
    if (shown !== undefined && shown > result.emit) return;
    const { emit, request, senderName, senderId, code } = result;
    this.emit = { fired: emit, request, senderName, senderId, emit, code, result };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'student-view': StudentView;
  }
}
