import type { JoinRoomReply, SendMessageReply, TypingReply } from '../../core/chat-contract.ts';
import { validateText } from '../../core/student-input.ts';
import { ACK_TIMEOUT_MS, ask, type ChatClientHost, type ChatConnection } from './chat-connection.ts';
import { SendBuffer } from './send-buffer.ts';
import { socketReady } from './socket-ready.ts';
import { TypingTimer } from './typing-timer.ts';

const NOBODY: ReadonlySet<string> = new Set();

/**
 * What a card's chat sends: messages, "typing", and what waits in socket.sendBuffer; and who the server says is
 * typing. Only the chat's view shows them, so this comes with it (card-chat.ts), a moment after the first load (a
 * "typing" sent before then is not shown); the connection's own listeners and its re-join on connect are in
 * ChatConnection from the start.
 */
export class ChatSending {
  /** socket.io-client's send buffer, and whether the card emits into it while disconnected. */
  readonly sendBuffer: SendBuffer;
  /** The message box's edits as "typing" on and off. */
  readonly typing: TypingTimer;

  readonly #host: ChatClientHost;
  readonly #chat: ChatConnection;
  /** Who is typing in `room`, as the server's typing events said since this view came. */
  #typists: { room: string | undefined; names: ReadonlySet<string> } = { room: undefined, names: NOBODY };

  constructor(host: ChatClientHost, chat: ChatConnection) {
    this.#host = host;
    this.#chat = chat;
    this.sendBuffer = new SendBuffer(host, chat.socket, ACK_TIMEOUT_MS);
    this.typing = new TypingTimer(host, (isTyping) => this.#setTyping(isTyping));
    chat.socket.on('typing', ({ name, isTyping }) => {
      const names = new Set(this.typingNames);
      if (isTyping) names.add(name);
      else names.delete(name);
      this.#typists = { room: chat.room, names };
      host.requestUpdate();
    });
    // A disconnected socket is in no room: who types there is no longer known to it.
    chat.socket.on('disconnect', () => (this.#typists = { room: undefined, names: NOBODY }));
  }

  /**
   * Who is typing in the card's room now. The server moved the socket to another room: nobody, and what was known
   * of the room it left is forgotten (its "stopped typing" will not reach this socket), as the card draws that move.
   */
  get typingNames(): ReadonlySet<string> {
    if (this.#typists.room !== this.#chat.room) this.#typists = { room: this.#chat.room, names: NOBODY };
    return this.#typists.names;
  }

  /** Resolves true once the server has accepted the message; the message itself arrives as receive-message. */
  async send(text: string): Promise<boolean> {
    const chat = this.#chat;
    chat.clearError();
    const checked = validateText(text);
    if (!checked.ok) return chat.fail(checked.error);
    const payload = { text: checked.value };
    if (this.sendBuffer.buffering) return this.#sendBuffered(payload);
    if (!(await socketReady(chat.socket, ACK_TIMEOUT_MS))) return chat.fail(chat.notConnected());
    const reply = await ask<SendMessageReply>('send-message', (ack) => chat.socket.emit('send-message', payload, ack));
    return reply.ok ? chat.succeed() : chat.fail(reply.error);
  }

  /** Emitted while disconnected: it waits in socket.sendBuffer, and resolves once the server answers after the reconnect. */
  async #sendBuffered(payload: { text: string }): Promise<boolean> {
    const chat = this.#chat;
    const buffer = this.sendBuffer;
    const room = chat.room ?? this.#host.startRoom;
    // The buffer is flushed before the connect listeners run, so the re-join from connect would come after this
    // message, to a new socket in no room: the join-room goes into the buffer first.
    if (room !== undefined && !buffer.holds('join-room')) {
      const join = { room, name: this.#host.name };
      void buffer.ask<JoinRoomReply>('join-room', (ack) => chat.socket.emit('join-room', join, ack)).then(
        (reply) => reply.ok || chat.fail(reply.error),
      );
    }
    const reply = await buffer.ask<SendMessageReply>('send-message', (ack) => chat.socket.emit('send-message', payload, ack));
    return reply.ok ? chat.succeed() : chat.fail(reply.error);
  }

  #setTyping(isTyping: boolean): void {
    const chat = this.#chat;
    // Typing only means something to a room; outside one the server would only answer with an error.
    if (!chat.socket.connected || chat.room === undefined) return;
    void ask<TypingReply>('typing', (ack) => chat.socket.emit('typing', { isTyping }, ack)).then((reply) => reply.ok || chat.fail(reply.error));
  }
}
