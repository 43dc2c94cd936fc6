import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { DEFAULT_ROOMS } from '../../core/scenario.ts';
import { validateName } from '../../core/validation.ts';
import type { EmitResult, EmitStarted } from '../../core/lab-contract.ts';
import { keepStudentSeat, studentSeat, type StudentSeat } from '../classroom.ts';
import type { CardLab, PageEmit } from '../controllers/emit-lab.ts';
import { LabObserver } from '../controllers/lab-observer.ts';
import { controlStyles } from '../styles/controls.ts';
import type { NameUsedDetail, RoomJoinedDetail } from './chat-client-card.ts';
import './card-options.ts';
import './chat-client-card.ts';
import './chat-message-list.ts';
import './last-emit.ts';

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
    `,
  ];

  /** The card this device holds in the class, kept across a reload of the tab. */
  @state() accessor seat: StudentSeat | undefined = studentSeat();
  /** "Zed 2: that name was taken", once the server has said so. */
  @state() accessor notice = '';
  @state() accessor nameError = '';
  /** The instructor's last emit, as every observer of the lab hears of it. */
  @state() accessor emit: PageEmit | undefined;

  @query('#student-name') accessor nameInput: HTMLInputElement | null = null;

  // Kept for its connection: every emit's start and result reach this card's "Last emit".
  readonly #observer = new LabObserver(this, {
    started: (started) => this.#onStarted(started),
    result: (result) => this.#onResult(result),
  });

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

  #renderCard(seat: StudentSeat) {
    const lab: CardLab = { emit: this.emit, predicting: false, willReceive: false };
    return html`
      <p role="status">${this.notice}</p>
      <main aria-label="Your card" @room-joined=${this.#rememberRoom} @name-used=${this.#adoptName} @client-remove=${this.#leaveClass}>
        <chat-client-card .name=${seat.name} .startRoom=${seat.room} .rooms=${DEFAULT_ROOMS} .lab=${lab} chat-open></chat-client-card>
      </main>
    `;
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
