import { css, html, type TemplateResult } from 'lit';
import { validateRoom } from '../../core/room-name.ts';
import type { ChatConnection } from '../controllers/chat-connection.ts';
import type { ChatSending } from '../controllers/chat-sending.ts';
import type { Receipt } from '../controllers/lab-receiver.ts';
import { clientColor } from '../styles/client-colors.ts';
import type { CardOptionDetail } from './card-options.ts';

// A card's chat: the room picker, the messages, who is typing, the online users and the card's options. A card is
// compact until its chat is opened, so this view comes after the first load, drawn into the card's own shadow root
// as soon as it arrives, with its styles.

/** What the chat needs of its card (chat-client-card.ts). */
export interface ChatCard extends HTMLElement {
  readonly connection: ChatConnection;
  /** Made by the card from ChatSending below, once this view has arrived. */
  readonly sending: ChatSending;
  readonly rooms: readonly string[];
  refusedField: 'room' | 'message' | undefined;
  readonly roomInput: HTMLInputElement | null;
  readonly messageInput: HTMLInputElement | null;
  clearError(): void;
  setListenInsideConnect(on: boolean): void;
  requestUpdate(): void;
}

export { ChatSending } from '../controllers/chat-sending.ts';

/** The chat's styles, which the card adopts beside its own when this view arrives. */
export const chatStyles = css`
  form {
    display: flex;
    gap: 0.4rem;
    align-items: center;
  }

  form input {
    flex: 1;
  }

  .chat {
    display: flex;
    flex-direction: column;
    gap: 0.45rem;
    padding-top: 0.45rem;
    border-top: 1px solid var(--border);
  }

  .chat[hidden] {
    display: none;
  }

  /* It scrolls to the newest. */
  chat-message-list {
    height: clamp(6rem, 20vh, 12rem);
  }

  .typing {
    min-height: 1.3em;
    margin: -0.2rem 0;
    color: var(--text-muted);
    font-size: 0.85em;
    font-style: italic;
  }

  .online {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 0.5rem;
    align-items: baseline;
  }

  .online-label {
    font-size: 0.85em;
    font-weight: 600;
    color: var(--text-muted);
  }

  .online ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    margin: 0;
    padding: 0;
  }

  .online li {
    list-style: none;
    padding: 0 0.5rem;
    border-radius: 1em;
    background: color-mix(in srgb, var(--user-color) 12%, white);
    color: var(--user-color);
    font-weight: 600;
  }

  .nobody {
    color: var(--text-muted);
    font-style: italic;
  }
`;

const typingList = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** The chat's part of the card, under its compact part; `receipt` is what the card's socket got of the last emit. */
export function renderChat(card: ChatCard, receipt: Receipt): TemplateResult {
  const chat = card.connection;
  return html`
    <form @submit=${onJoin}>
      <label for="room">Room</label>
      <input
        id="room"
        list="rooms"
        autocomplete="off"
        placeholder="general or new"
        aria-describedby="error"
        aria-invalid=${card.refusedField === 'room'}
      />
      <datalist id="rooms">${card.rooms.map((room) => html`<option value=${room}></option>`)}</datalist>
      <button>Join</button>
    </form>

    <chat-message-list
      .messages=${chat.messages}
      .emptyText=${chat.room === undefined ? 'Join a room to chat.' : 'No messages yet.'}
    ></chat-message-list>
    <p class="typing" role="status" aria-label="Typing">${typingLine(card.sending.typingNames)}</p>

    <form @submit=${onSend}>
      <label for="message" class="visually-hidden">Message</label>
      <input
        id="message"
        autocomplete="off"
        placeholder=${chat.room === undefined ? 'Join a room first' : `Message ${chat.room}`}
        aria-describedby="error"
        aria-invalid=${card.refusedField === 'message'}
        @input=${onMessageInput}
      />
      <button class="primary">Send</button>
    </form>

    <div class="online">
      <span class="online-label" id="online-label">Online users</span>
      <ul aria-labelledby="online-label">
        ${chat.onlineUsers.map((user) => html`<li style="--user-color: ${clientColor(user)}">${user}</li>`)}
      </ul>
      ${chat.onlineUsers.length === 0 ? html`<span class="nobody">${nobodyOnline(chat)}</span>` : ''}
    </div>
    <card-options
      .listenInsideConnect=${chat.receiveListeners.insideConnect}
      .listenerCount=${chat.receiveListeners.count}
      .newest=${chat.receiveListeners.newest}
      .helloHandled=${receipt.handled}
      .helloHandlers=${receipt.handlers}
      .sendWhileDisconnected=${card.sending.sendBuffer.sendWhileDisconnected}
      .packets=${card.sending.sendBuffer.packets}
      .state=${chat.state}
      @card-option=${onOption}
      @drop-send-buffer=${dropSendBuffer}
    ></card-options>
  `;
}

function nobodyOnline(chat: ChatConnection): string {
  if (chat.state !== 'connected') return 'unknown while offline';
  return chat.room === undefined ? 'not in a room' : 'none yet';
}

function typingLine(typing: ReadonlySet<string>): string {
  const names = [...typing];
  if (names.length === 0) return '';
  return `${typingList.format(names)} ${names.length === 1 ? 'is' : 'are'} typing…`;
}

// The listeners below run with the card as `this`: lit calls a template's listeners on the element that rendered it.

async function onJoin(this: ChatCard, event: SubmitEvent) {
  event.preventDefault();
  const input = this.roomInput;
  if (!input) return;
  this.clearError();
  const room = validateRoom(input.value);
  const joined = room.ok ? await this.connection.join(room.value) : this.connection.fail(room.error);
  this.refusedField = joined ? undefined : 'room';
  if (joined) input.value = '';
}

function onMessageInput(this: ChatCard, event: InputEvent) {
  this.sending.typing.edited((event.target as HTMLInputElement).value);
}

async function onSend(this: ChatCard, event: SubmitEvent) {
  event.preventDefault();
  const input = this.messageInput;
  if (!input) return;
  this.sending.typing.stop();
  const buffer = this.sending.sendBuffer;
  const waiting = buffer.packets.length;
  const sending = this.sending.send(input.value);
  // Cleared once the server accepted it, so a refused message can be fixed rather than retyped; or at once
  // when it went into socket.sendBuffer (the card lists it there), so that the next one can be typed.
  const buffered = buffer.packets.length > waiting;
  if (buffered) input.value = '';
  const sent = await sending;
  this.refusedField = sent ? undefined : 'message';
  if (sent && !buffered) input.value = '';
}

function dropSendBuffer(this: ChatCard) {
  this.clearError();
  this.sending.sendBuffer.drop();
}

function onOption(this: ChatCard, { detail }: CustomEvent<CardOptionDetail>) {
  this.clearError();
  if (detail.option === 'listenInsideConnect') this.setListenInsideConnect(detail.on);
  else this.sending.sendBuffer.sendWhileDisconnected = detail.on;
  this.requestUpdate();
}
