import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io } from 'socket.io-client';
import type { SendMessageReply } from '../../core/chat-contract.ts';
import type { ClientAuth } from '../../core/lab-contract.ts';
import { seenAt, type SeenMessage } from '../../core/polling.ts';
import type { PlaygroundSocket } from './chat-connection.ts';
import { ConnectionTrace } from './connection-trace.ts';

export const PUSH_CLIENT_NAME = 'Push client';

/** The push side of the demo: one socket in the room, told of each message the moment the server has it. */
export class PushClient implements ReactiveController {
  seen: readonly SeenMessage[] = [];
  connected = false;
  error: string | undefined;
  /** The socket's wire, for the inspector: it shows whether long-polling or a WebSocket carried it. */
  trace: ConnectionTrace | undefined;

  readonly #host: ReactiveControllerHost & EventTarget;
  #socket: PlaygroundSocket | undefined;

  constructor(host: ReactiveControllerHost & EventTarget) {
    this.#host = host;
    host.addController(this);
  }

  get running(): boolean {
    return this.#socket !== undefined;
  }

  /** Connects a new socket and joins the room; `forcePolling` allows long-polling only, as `transports: ['polling']` does. */
  start(room: string, forcePolling: boolean): void {
    this.stop();
    this.seen = [];
    this.error = undefined;
    const auth: ClientAuth = { name: PUSH_CLIENT_NAME };
    const socket: PlaygroundSocket = io({ forceNew: true, autoConnect: false, auth, ...(forcePolling ? { transports: ['polling'] } : {}) });
    this.trace = new ConnectionTrace(this.#host, socket);
    socket.on('connect', () => {
      this.connected = true;
      socket.emit('join-room', { room, name: PUSH_CLIENT_NAME }, (reply) => {
        if (!reply.ok) this.error = reply.error;
        this.#host.requestUpdate();
      });
    });
    socket.on('disconnect', () => {
      this.connected = false;
      this.#host.requestUpdate();
    });
    socket.on('receive-message', (message) => {
      this.seen = [...this.seen, seenAt(message, Date.now(), false)];
      this.#host.requestUpdate();
    });
    this.#socket = socket;
    socket.connect();
  }

  async send(text: string): Promise<boolean> {
    const socket = this.#socket;
    if (!socket) return false;
    const reply = await new Promise<SendMessageReply>((resolve) => socket.emit('send-message', { text }, resolve));
    this.error = reply.ok ? undefined : reply.error;
    this.#host.requestUpdate();
    return reply.ok;
  }

  stop(): void {
    this.#socket?.disconnect();
    this.#socket = undefined;
    this.trace?.dispose();
    this.connected = false;
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.stop();
  }
}
