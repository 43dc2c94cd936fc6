import type { ReactiveControllerHost } from 'lit';
import type { Socket } from 'socket.io-client';
import type { ChatMessage, ChatServerToClientEvents } from '../../core/chat-contract.ts';

/** The part of a card's socket this needs: its receive-message, and its connect. */
export type ReceivingSocket = Socket<Pick<ChatServerToClientEvents, 'receive-message'>, {}>;

/** Just the emitter of a card's socket, for any event the card's code listens to (loosely typed: the event is a parameter). */
export interface ListenerEmitter {
  on(...args: any[]): unknown;
  off(...args: any[]): unknown;
  readonly connected: boolean;
}

/**
 * One event's listener on a card's socket: registered once, outside any connect handler (the fix), or, with
 * "listen inside connect" on, the classic bug: `socket.on('connect', () => socket.on(event, …))`, a new
 * listener added by every `connect`. Each one is a real listener that socket.io-client really calls.
 */
export class ConnectListener<Args extends unknown[]> {
  readonly #socket: ListenerEmitter;
  readonly #event: string;
  readonly #run: (...args: Args) => void;
  readonly #changed: () => void;
  /** The listeners the buggy connect handler added, to take them all off again. */
  #addedInConnect: ((...args: Args) => void)[] = [];
  #insideConnect = false;

  constructor(socket: ListenerEmitter, event: string, run: (...args: Args) => void, changed: () => void) {
    this.#socket = socket;
    this.#event = event;
    this.#run = run;
    this.#changed = changed;
    socket.on(event, this.#run);
  }

  get insideConnect(): boolean {
    return this.#insideConnect;
  }

  /** How many listeners of the event this code has on the socket: one, or one per connect so far. */
  get count(): number {
    return this.#insideConnect ? this.#addedInConnect.length : 1;
  }

  /**
   * On: as if the page had loaded with the buggy code, one listener for the connection it has, and one
   * more on every later connect. Off: the fix, `socket.off` for each of them and one listener outside.
   */
  setInsideConnect(on: boolean): void {
    if (on === this.#insideConnect) return;
    this.#insideConnect = on;
    const socket = this.#socket;
    if (on) {
      socket.off(this.#event, this.#run);
      socket.on('connect', this.#onConnect);
      if (socket.connected) this.#onConnect();
    } else {
      socket.off('connect', this.#onConnect);
      for (const listener of this.#addedInConnect) socket.off(this.#event, listener);
      this.#addedInConnect = [];
      socket.on(this.#event, this.#run);
    }
  }

  // The students' code: a new function, and so a new listener, each time connect fires.
  readonly #onConnect = (): void => {
    const listener = (...args: Args) => this.#run(...args);
    this.#addedInConnect.push(listener);
    this.#socket.on(this.#event, listener);
    this.#changed();
  };
}

/** Enough to tell a repeat from a new message; bounded like the card's message history. */
const REMEMBERED_MESSAGES = 200;

/** How many times the card's receive-message listeners ran for the newest message. */
export interface ListenerRuns {
  text: string;
  runs: number;
}

/**
 * How the card listens to receive-message: once, or in every connect (the classic bug). Each listener
 * really runs, so after a reconnect one message runs the card's code twice; the card counts it.
 * (No lifecycle of its own: the listeners live as long as the card's socket.)
 */
export class ReceiveListeners {
  /** The newest message and how many listeners ran for it; undefined until one arrives. */
  newest: ListenerRuns | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #socket: ReceivingSocket;
  readonly #receiveMessage: (message: ChatMessage) => void;
  readonly #runs = new Map<string, number>();
  readonly #listener: ConnectListener<[ChatMessage]>;

  constructor(host: ReactiveControllerHost, socket: ReceivingSocket, receiveMessage: (message: ChatMessage) => void) {
    this.#host = host;
    this.#socket = socket;
    this.#receiveMessage = receiveMessage;
    this.#listener = new ConnectListener(socket, 'receive-message', (message: ChatMessage) => this.#ran(message), () => host.requestUpdate());
  }

  get insideConnect(): boolean {
    return this.#listener.insideConnect;
  }

  /** socket.listeners('receive-message').length: what the card shows is the emitter's own count. */
  get count(): number {
    return this.#socket.listeners('receive-message').length;
  }

  setInsideConnect(on: boolean): void {
    if (on === this.insideConnect) return;
    this.newest = undefined;
    this.#listener.setInsideConnect(on);
    this.#host.requestUpdate();
  }

  #ran(message: ChatMessage): void {
    const runs = (this.#runs.get(message.id) ?? 0) + 1;
    this.#runs.set(message.id, runs);
    if (this.#runs.size > REMEMBERED_MESSAGES) this.#runs.delete(this.#runs.keys().next().value!);
    this.newest = { text: message.text, runs };
    // The message list draws a message once; the repeat is shown as its count rather than a second bubble with the same id.
    if (runs === 1) this.#receiveMessage(message);
    this.#host.requestUpdate();
  }
}
