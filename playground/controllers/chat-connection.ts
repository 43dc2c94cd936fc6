import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import { withPresence, type ChatEventName, type ChatMessage, type Failure, type JoinRoomReply } from '../../core/chat-contract.ts';
import { SERVER_CLOSING_EVENT, type ClientToServerEvents, type ServerToClientEvents } from '../../core/events.ts';
import type { ClientAuth } from '../../core/lab-contract.ts';
import { withInstructorKey } from '../classroom.ts';
import { ReceiveListeners } from './receive-listeners.ts';
import { socketReady } from './socket-ready.ts';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'reconnecting';

/** Typed with the whole contract of /: the lab and the connection trace listen on the same socket. */
export type PlaygroundSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Enough history for a lesson; bounded so that a long class does not slow the page down. */
const MESSAGE_HISTORY = 200;
/** Past this, the card says the server did not answer rather than waiting forever. */
export const ACK_TIMEOUT_MS = 5000;

/** What the connection needs from its card: who the client is, and the room it starts in. */
export interface ChatClientHost extends ReactiveControllerHost {
  readonly name: string;
  readonly startRoom: string | undefined;
}

/**
 * Emits with an acknowledgement and resolves with the server's reply, or with a failure if it stays silent.
 * (Plain `emit` with a callback, because `timeout().emitWithAck` loses the contract's payload and reply types.)
 */
export function ask<R>(event: ChatEventName, emit: (ack: (reply: R) => void) => void): Promise<R | Failure> {
  return new Promise((resolve) => {
    const silence = setTimeout(() => {
      resolve({
        ok: false,
        error: `The server did not answer ${event}: the connection dropped, or it took longer than ${ACK_TIMEOUT_MS / 1000} s.`,
      });
    }, ACK_TIMEOUT_MS);
    emit((reply) => {
      clearTimeout(silence);
      resolve(reply);
    });
  });
}

/**
 * One card's own socket.io connection, and what that socket has received: the card draws this
 * state and nothing else, so a message appears only once the server has delivered it.
 */
export class ChatConnection implements ReactiveController {
  state: ConnectionState = 'connecting';
  /** The room the server put this socket in; kept across a disconnect so that it can be re-joined. */
  room: string | undefined;
  messages: readonly ChatMessage[] = [];
  /** The name the server used for this socket, when it differs from the card's (a classroom's "Zed 2"). */
  nameUsed: string | undefined;
  onlineUsers: readonly string[] = [];
  error: string | undefined;

  readonly #host: ChatClientHost;
  readonly #socket: PlaygroundSocket;
  /** How receive-message is listened to: once (the fix), or in every connect (the classic bug). */
  readonly receiveListeners: ReceiveListeners;

  constructor(host: ChatClientHost) {
    this.#host = host;
    // forceNew: every card is a separate client with its own engine.io connection, as in separate tabs.
    // The auth is read at each connection attempt: the card's name is only set after construction.
    this.#socket = io({
      forceNew: true,
      autoConnect: false,
      auth: (send) => send(withInstructorKey({ name: host.name, lab: true } satisfies ClientAuth)),
    });
    host.addController(this);
    this.#listen();
    this.receiveListeners = new ReceiveListeners(host, this.#socket, (message) => this.#receiveMessage(message));
  }

  /** The card's socket, for the other controllers of the same card (the lab, the connection trace). */
  get socket(): PlaygroundSocket {
    return this.#socket;
  }

  hostConnected(): void {
    this.connect();
  }

  hostDisconnected(): void {
    this.disconnect();
  }

  // Each thing done on the card starts without the last one's error: what it says then is about this one.
  connect(): void {
    this.clearError();
    if (this.#socket.active) return;
    this.state = 'connecting';
    this.#socket.connect();
    this.#host.requestUpdate();
  }

  disconnect(): void {
    this.clearError();
    this.#socket.disconnect();
    this.#leftTheRoom('disconnected');
  }

  /** Asks the server to put this socket in `room` (a name checked as core/room-name.ts does, where it was typed). */
  async join(room: string): Promise<boolean> {
    this.clearError();
    // Once connected, the connect listener has already asked to re-join the room: a new join comes after it.
    if (!(await socketReady(this.#socket, ACK_TIMEOUT_MS))) return this.fail(this.notConnected());
    const payload = { room, name: this.#host.name };
    const reply = await ask<JoinRoomReply>('join-room', (ack) => this.#socket.emit('join-room', payload, ack));
    // The room and its users come as receive-message and online-users, in order: an ack can run after newer ones.
    if (!reply.ok) return this.fail(reply.error);
    if (reply.name !== undefined && reply.name !== this.#host.name) this.nameUsed = reply.name;
    return this.succeed();
  }

  #listen(): void {
    const socket = this.#socket;
    socket.on('connect', () => {
      this.state = 'connected';
      this.#host.requestUpdate();
      // Unless connection state recovery kept it (socket.recovered), the server forgot this socket's room: join it again.
      const room = this.room ?? this.#host.startRoom;
      if (room !== undefined) void this.join(room);
    });
    socket.on('disconnect', () => this.#leftTheRoom(socket.active ? 'reconnecting' : 'disconnected'));
    socket.on('connect_error', (error) => {
      // While active, the manager keeps retrying; otherwise the server refused us and will not be retried.
      if (!socket.active) this.error = `Could not connect: ${error.message}`;
      this.state = socket.active ? 'reconnecting' : 'disconnected';
      this.#host.requestUpdate();
    });
    socket.io.on('reconnect_attempt', () => {
      this.state = 'reconnecting';
      this.#host.requestUpdate();
    });

    // The whole list comes once, on joining; then only who joined or left.
    socket.on('online-users', ({ room, users }) => {
      if (room !== this.room) return;
      this.onlineUsers = users;
      this.#host.requestUpdate();
    });
    socket.on('presence', (change) => {
      if (change.room !== this.room) return;
      this.onlineUsers = withPresence(this.onlineUsers, change);
      this.#host.requestUpdate();
    });
    socket.on('chat-error', ({ error }) => this.fail(error));
    socket.on(SERVER_CLOSING_EVENT, ({ reason }) => this.fail(reason));
  }

  #receiveMessage(message: ChatMessage): void {
    // The server delivers only the room this socket is in: a message from another room means it moved us there.
    if (message.room !== this.room) this.#enter(message.room);
    this.messages = [...this.messages, message].slice(-MESSAGE_HISTORY);
    this.#host.requestUpdate();
  }

  #enter(room: string): void {
    this.room = room;
    this.messages = [];
    this.onlineUsers = [];
  }

  /** A disconnected socket is in no room: who is online there is no longer known to it (nor who types: chat-sending.ts). */
  #leftTheRoom(state: ConnectionState): void {
    this.state = state;
    this.onlineUsers = [];
    this.#host.requestUpdate();
  }

  /** Why the card cannot emit now, in the sentence its alert shows. */
  notConnected(): string {
    const name = this.#host.name;
    return this.state === 'disconnected'
      ? `${name} is disconnected: click Connect first (or tick "Send while disconnected" in Card options).`
      : `${name} cannot reach the server yet: wait until the card says connected, then try again.`;
  }

  /** The card's alert empties: the student did something new on it (or the page reset it). */
  clearError(): void {
    if (this.error === undefined) return;
    this.error = undefined;
    this.#host.requestUpdate();
  }

  /** The card's alert says `error`; for what the chat's view sends, too (chat-sending.ts). */
  fail(error: string): false {
    this.error = error;
    this.#host.requestUpdate();
    return false;
  }

  succeed(): true {
    this.error = undefined;
    this.#host.requestUpdate();
    return true;
  }
}
