import type { ReactiveControllerHost } from 'lit';
import type { Socket } from 'socket.io-client';
import { DeliveryLog, type Delivery } from '../../core/delivery-log.ts';
import type { LabPayload, LabServerToClientEvents } from '../../core/lab-contract.ts';
import { ConnectListener } from './receive-listeners.ts';

/** Any socket that takes part in the lab: a chat card's socket of /, or a bare card's socket of /other. */
export type ReceivingSocket = Socket<LabServerToClientEvents, {}>;

/** What one card's socket made of one emit, as the card draws it. */
export interface Receipt {
  /** This socket's id now, to find its line in the server's EmitResult. */
  socketId: string | undefined;
  /** Undefined until the page knows the emit's number. */
  delivery: Delivery | undefined;
  /** How many copies of this emit's hello arrived (one for a socket in two targeted rooms; up to n for a burst). */
  copies: number;
  /** How many times the card's hello handler ran for this emit: once per copy and per listener of it. */
  handled: number;
  /** How many listeners the card's hello handler has: one, or one per connect with "listen inside connect". */
  handlers: number;
  /** Whether the handler is registered inside connect (the classic bug). */
  handlerInsideConnect: boolean;
  /** Whether this card answered the emit's acknowledgement. */
  answered: boolean;
  /** The card's "Answer acknowledgements" setting. */
  answersAcks: boolean;
}

/** How many emits the handler's run counts are kept for, like the delivery log's. */
const REMEMBERED_RUNS = 50;

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
export class LabReceiver {
  /** Off: the card never answers, so io.timeout(ms).emit and socket.timeout(ms).emit show the timeout it causes. */
  answersAcks = true;

  readonly #host: ReceiverHost;
  readonly #socket: ReceivingSocket;
  readonly #log = new DeliveryLog();
  readonly #answered = new Set<number>();
  /** The card's own handler for hello, apart from the lab's recording: registered once, or in every connect. */
  readonly #handler: ConnectListener<[LabPayload]>;
  readonly #handlerRuns = new Map<number, number>();

  constructor(host: ReceiverHost, socket: ReceivingSocket) {
    this.#host = host;
    this.#socket = socket;
    // The card's "Answer acknowledgements" box (last-emit.ts): a listener on the card itself, which lives as long as this.
    host.addEventListener('answer-acks-change', (event) => this.setAnswersAcks(event.detail.answersAcks));
    socket.on('hello', (payload, ack) => {
      this.#log.received(payload);
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
    this.#handler = new ConnectListener(socket, 'hello', (payload: LabPayload) => this.#handle(payload), () => host.requestUpdate());
  }

  /** Set by the card's checkbox, or by a scenario whose client does not answer acknowledgements. */
  setAnswersAcks(answersAcks: boolean): void {
    this.answersAcks = answersAcks;
    this.#host.requestUpdate();
  }

  /** "Listen inside connect" on the card: on afresh, the handler has one listener, and each later connect adds one. */
  setHandlerInsideConnect(on: boolean): void {
    this.#handler.setInsideConnect(on);
    this.#host.requestUpdate();
  }

  receipt(emit: number | undefined): Receipt {
    const delivery = emit === undefined ? undefined : this.#log.get(emit);
    return {
      socketId: this.#socket.id,
      delivery,
      copies: delivery?.state === 'received' ? delivery.copies : 0,
      handled: emit === undefined ? 0 : (this.#handlerRuns.get(emit) ?? 0),
      handlers: this.#handler.count,
      handlerInsideConnect: this.#handler.insideConnect,
      answered: emit !== undefined && this.#answered.has(emit),
      answersAcks: this.answersAcks,
    };
  }

  #handle(payload: LabPayload): void {
    this.#handlerRuns.set(payload.emit, (this.#handlerRuns.get(payload.emit) ?? 0) + 1);
    if (this.#handlerRuns.size > REMEMBERED_RUNS) this.#handlerRuns.delete(this.#handlerRuns.keys().next().value!);
    this.#host.requestUpdate();
  }
}

declare global {
  interface HTMLElementEventMap {
    'answer-acks-change': CustomEvent<AnswerAcksDetail>;
  }
}
