import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Socket } from 'socket.io-client';
import { DeliveryLog, type Delivery } from '../../core/delivery-log.ts';
import type { LabServerToClientEvents } from '../../core/lab-contract.ts';

/** Any socket that takes part in the lab: a chat card's socket of /, or a bare card's socket of /other. */
export type ReceivingSocket = Socket<LabServerToClientEvents, {}>;

/** What one card's socket made of one emit, as the card draws it. */
export interface Receipt {
  /** This socket's id now, to find its line in the server's EmitResult. */
  socketId: string | undefined;
  /** Undefined until the page knows the emit's number. */
  delivery: Delivery | undefined;
  /** How many times the hello of this emit arrived (socket.io sends a socket in two targeted rooms one). */
  copies: number;
  /** Whether this card answered the emit's acknowledgement. */
  answered: boolean;
  /** The card's "Answer acknowledgements" setting. */
  answersAcks: boolean;
}

/** The card a receiver belongs to: its name answers the acknowledgements. */
export type ReceiverHost = ReactiveControllerHost & HTMLElement & { readonly name: string };

export interface AnswerAcksDetail {
  answersAcks: boolean;
}

/**
 * The receiving side of the emit lab on one card's own socket: records every `hello` that really
 * arrives, answers its acknowledgement unless the card is told not to, and answers the server's
 * settle marker, which is how a non-delivery is known rather than guessed.
 */
export class LabReceiver implements ReactiveController {
  /** Off: the card never answers, so io.timeout(ms).emit and socket.timeout(ms).emit show the timeout it causes. */
  answersAcks = true;

  readonly #host: ReceiverHost;
  readonly #socket: ReceivingSocket;
  readonly #log = new DeliveryLog();
  readonly #copies = new Map<number, number>();
  readonly #answered = new Set<number>();

  constructor(host: ReceiverHost, socket: ReceivingSocket) {
    this.#host = host;
    this.#socket = socket;
    host.addController(this);
    socket.on('hello', (payload, ack) => {
      const copies = (this.#copies.get(payload.emit) ?? 0) + 1;
      this.#copies.set(payload.emit, copies);
      // The first arrival is the delivery; a second copy is counted, not re-timed.
      if (copies === 1) this.#log.received(payload);
      // With connection state recovery on, an emit without an ack carries its offset (a string) last instead.
      if (typeof ack === 'function' && this.answersAcks && socket.id) {
        ack({ socketId: socket.id, name: host.name });
        this.#answered.add(payload.emit);
      }
      host.requestUpdate();
    });
    socket.on('lab:settle', (marker, report) => {
      report(this.#log.settled(marker));
      host.requestUpdate();
    });
  }

  hostConnected(): void {
    this.#host.addEventListener('answer-acks-change', this.#onAnswerAcksChange);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('answer-acks-change', this.#onAnswerAcksChange);
  }

  /** Set by the card's checkbox, or by a scenario whose client does not answer acknowledgements. */
  setAnswersAcks(answersAcks: boolean): void {
    this.answersAcks = answersAcks;
    this.#host.requestUpdate();
  }

  receipt(emit: number | undefined): Receipt {
    return {
      socketId: this.#socket.id,
      delivery: emit === undefined ? undefined : this.#log.get(emit),
      copies: emit === undefined ? 0 : (this.#copies.get(emit) ?? 0),
      answered: emit !== undefined && this.#answered.has(emit),
      answersAcks: this.answersAcks,
    };
  }

  readonly #onAnswerAcksChange = (event: Event) => this.setAnswersAcks((event as CustomEvent<AnswerAcksDetail>).detail.answersAcks);
}

declare global {
  interface HTMLElementEventMap {
    'answer-acks-change': CustomEvent<AnswerAcksDetail>;
  }
}
