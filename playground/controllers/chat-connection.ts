import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import {
  withPresence,
  type ChatEventName,
  type ChatMessage,
  type Failure,
  type JoinRoomReply,
  type SendMessageReply,
  type TypingReply,
} from '../../core/chat-contract.ts';
import { SERVER_CLOSING_EVENT, type ClientToServerEvents, type ServerToClientEvents } from '../../core/events.ts';
import type { ClientAuth } from '../../core/lab-contract.ts';
import { validateRoom, validateText } from '../../core/student-input.ts';
import { withInstructorKey } from '../classroom.ts';
import { ReceiveListeners } from './receive-listeners.ts';
import { SendBuffer } from './send-buffer.ts';
import { socketReady } from './socket-ready.ts';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'reconnecting';

/** Typed with the whole contract of /: the lab and the connection trace listen on the same socket. */
export type PlaygroundSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Enough history for a lesson; bounded so that a long class does not slow the page down. */
const MESSAGE_HISTORY = 200;
/** Past this, the card says the server did not answer rather than waiting forever. */
const ACK_TIMEOUT_MS = 5000;

/** What the connection needs from its card: who the client is, and the room it starts in. */
export interface ChatClientHost extends ReactiveControllerHost {
  readonly name: string;
  readonly startRoom: string | undefined;
}

/**
 * Emits with an acknowledgement and resolves with the server's reply, or with a failure if it stays silent.
 * (Plain `emit` with a callback, because `timeout().emitWithAck` loses the contract's payload and reply types.)
 */
function ask<R>(event: ChatEventName, emit: (ack: (reply: R) => void) => void): Promise<R | Failure> {
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
  typingNames: ReadonlySet<string> = new Set();
  error: string | undefined;

  readonly #host: ChatClientHost;
  readonly #socket: PlaygroundSocket;
  /** How receive-message is listened to: once (the fix), or in every connect (the classic bug). */
  readonly receiveListeners: ReceiveListeners;
  /** socket.io-client's send buffer, and whether the card emits into it while disconnected. */
  readonly sendBuffer: SendBuffer;

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
    this.sendBuffer = new SendBuffer(host, this.#socket, ACK_TIMEOUT_MS);
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

  async join(room: string): Promise<boolean> {
    this.clearError();
    const checked = validateRoom(room);
    if (!checked.ok) return this.#fail(checked.error);
    // Once connected, the connect listener has already asked to re-join the room: a new join comes after it.
    if (!(await socketReady(this.#socket, ACK_TIMEOUT_MS))) return this.#fail(this.#notConnected());
    const payload = { room: checked.value, name: this.#host.name };
    const reply = await ask<JoinRoomReply>('join-room', (ack) => this.#socket.emit('join-room', payload, ack));
    // The room and its users come as receive-message and online-users, in order: an ack can run after newer ones.
    if (!reply.ok) return this.#fail(reply.error);
    if (reply.name !== undefined && reply.name !== this.#host.name) this.nameUsed = reply.name;
    return this.#succeed();
  }

  /** Resolves true once the server has accepted the message; the message itself arrives as receive-message. */
  async send(text: string): Promise<boolean> {
    this.clearError();
    const checked = validateText(text);
    if (!checked.ok) return this.#fail(checked.error);
    const payload = { text: checked.value };
    if (this.sendBuffer.buffering) return this.#sendBuffered(payload);
    if (!(await socketReady(this.#socket, ACK_TIMEOUT_MS))) return this.#fail(this.#notConnected());
    const reply = await ask<SendMessageReply>('send-message', (ack) => this.#socket.emit('send-message', payload, ack));
    return reply.ok ? this.#succeed() : this.#fail(reply.error);
  }

  /** Emitted while disconnected: it waits in socket.sendBuffer, and resolves once the server answers after the reconnect. */
  async #sendBuffered(payload: { text: string }): Promise<boolean> {
    const buffer = this.sendBuffer;
    const room = this.room ?? this.#host.startRoom;
    // The buffer is flushed before the connect listeners run, so the re-join from connect would come after this
    // message, to a new socket in no room: the join-room goes into the buffer first.
    if (room !== undefined && !buffer.holds('join-room')) {
      const join = { room, name: this.#host.name };
      void buffer.ask<JoinRoomReply>('join-room', (ack) => this.#socket.emit('join-room', join, ack)).then(
        (reply) => reply.ok || this.#fail(reply.error),
      );
    }
    const reply = await buffer.ask<SendMessageReply>('send-message', (ack) => this.#socket.emit('send-message', payload, ack));
    return reply.ok ? this.#succeed() : this.#fail(reply.error);
  }

  setTyping(isTyping: boolean): void {
    // Typing only means something to a room; outside one the server would only answer with an error.
    if (!this.#socket.connected || this.room === undefined) return;
    void ask<TypingReply>('typing', (ack) => this.#socket.emit('typing', { isTyping }, ack)).then(
      (reply) => reply.ok || this.#fail(reply.error),
    );
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
    socket.on('typing', ({ name, isTyping }) => {
      const names = new Set(this.typingNames);
      if (isTyping) names.add(name);
      else names.delete(name);
      this.typingNames = names;
      this.#host.requestUpdate();
    });
    socket.on('chat-error', ({ error }) => this.#fail(error));
    socket.on(SERVER_CLOSING_EVENT, ({ reason }) => this.#fail(reason));
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
    this.typingNames = new Set();
  }

  /** A disconnected socket is in no room: who is online or typing there is no longer known to it. */
  #leftTheRoom(state: ConnectionState): void {
    this.state = state;
    this.onlineUsers = [];
    this.typingNames = new Set();
    this.#host.requestUpdate();
  }

  #notConnected(): string {
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

  #fail(error: string): false {
    this.error = error;
    this.#host.requestUpdate();
    return false;
  }

  #succeed(): true {
    this.error = undefined;
    this.#host.requestUpdate();
    return true;
  }
}
