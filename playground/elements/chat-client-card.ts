import { LitElement, adoptStyles, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ChatConnection, type ChatClientHost, type PlaygroundSocket } from '../controllers/chat-connection.ts';
import type { CardLab } from '../controllers/emit-lab.ts';
import { LabReceiver } from '../controllers/lab-receiver.ts';
import type { ChatCardOnStage } from '../controllers/stage.ts';
import { ConnectionTrace } from '../controllers/connection-trace.ts';
import { clientColor } from '../styles/client-colors.ts';
import { connectionStateStyles } from '../styles/connection-state.ts';
import { controlStyles, visuallyHidden } from '../styles/controls.ts';
// <card-options>, <chat-message-list> and <last-emit> are loaded by the page after its first load (emit-playground.ts).
import type { ChatCard, ChatSending } from './card-chat.ts';
import type { ConnectionTraceDetail } from './lifecycle-panel.ts';

export interface ClientDetail {
  name: string;
}

export interface RoomJoinedDetail {
  name: string;
  room: string;
}

/** The server put this card's socket in the room under another name: `asked` was already taken there. */
export interface NameUsedDetail {
  asked: string;
  used: string;
}

let chatView: Promise<typeof import('./card-chat.ts')> | undefined;
const loadChatView = () => (chatView ??= import('./card-chat.ts'));

/** One simulated client: its own socket, and a full chat drawn from what that socket received. */
@customElement('chat-client-card')
export class ChatClientCard extends LitElement implements ChatClientHost, ChatCardOnStage, ChatCard {
  static override styles = [
    controlStyles,
    connectionStateStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }

      /* Compact until the student opens the chat: name, room, connection and "Last emit", then the chat below. */
      section {
        --accent: var(--client-color);
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
        height: 100%;
        box-sizing: border-box;
        padding: 0.45rem 0.7rem;
        border: 1px solid var(--border);
        border-top: 0.4rem solid var(--client-color);
        border-radius: var(--radius);
        background: var(--surface);
        box-shadow: 0 1px 3px rgb(0 0 0 / 8%);
      }

      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: baseline;
        justify-content: space-between;
      }

      .who {
        display: flex;
        flex-wrap: wrap;
        gap: 0.1rem 0.6rem;
        align-items: baseline;
      }

      h2 {
        margin: 0;
        font-size: 1.1rem;
        line-height: 1.1;
        color: var(--client-color);
      }

      .where {
        margin: 0;
        color: var(--text-muted);
      }

      .where strong {
        color: var(--text);
      }

      [role='alert'] {
        margin: 0;
        padding: 0.4rem 0.6rem;
        border-left: 0.25rem solid var(--danger);
        border-radius: 0.25rem;
        background: var(--danger-bg);
        color: var(--danger);
        font-size: 0.9em;
      }

      [role='alert']:empty {
        display: none;
      }

      header .expand {
        display: none;
      }

      /* A phone: the compact card is one line of name, room, connection and Open chat, then the verdict; its buttons come with the chat. */
      @media (max-width: 50rem) {
        section {
          gap: 0.2rem;
          padding: 0.3rem 0.6rem 0.4rem;
        }

        header {
          gap: 0.2rem 0.5rem;
          align-items: center;
        }

        .who {
          flex-wrap: nowrap;
          white-space: nowrap;
        }

        /* Still read out: "In room general". */
        .in-room {
          ${visuallyHidden}
        }

        header .connection {
          margin-left: auto;
          white-space: nowrap;
        }

        header .expand {
          display: inline-block;
          flex: none;
          padding: 0.1rem 0.4rem;
          font-size: 0.8em;
        }

        section:not(.open) footer {
          display: none;
        }

        footer .expand {
          display: none;
        }
      }

      /* The card's own buttons: one short row. */
      footer {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        justify-content: end;
      }

      footer button {
        padding: 0.1rem 0.4rem;
        font-size: 0.8em;
      }

      footer button[aria-expanded] {
        border-color: var(--client-color);
      }
    `,
  ];

  @property() accessor name = '';
  /** The room joined on the first connect; undefined: connected but in no room, like Dave. */
  @property({ attribute: 'start-room' }) accessor startRoom: string | undefined;
  /** Suggestions for the room picker. */
  @property({ attribute: false }) accessor rooms: readonly string[] = [];
  /** The emit lab's last emit and predict mode, from the page. */
  @property({ attribute: false }) accessor lab: CardLab | undefined;

  /** The field whose last request was refused, marked invalid until the next attempt. */
  @state() accessor refusedField: 'room' | 'message' | undefined;
  /** The chat (room picker, messages, typing, online users) shown under the compact card; a student's own card opens with it. */
  @property({ type: Boolean, attribute: 'chat-open' }) accessor chatOpen = false;

  @query('#room') accessor roomInput: HTMLInputElement | null = null;
  @query('#message') accessor messageInput: HTMLInputElement | null = null;

  readonly #chat = new ChatConnection(this);
  /** The chat's view (card-chat.ts), which follows the first load, and what it sends with. */
  #chatView: typeof import('./card-chat.ts') | undefined;
  #sending: ChatSending | undefined;
  // Every frame of this card's socket, reported up for the page's lifecycle diagram and wire inspector.
  readonly #trace = new ConnectionTrace(this, this.#chat.socket, (trace) => {
    const detail: ConnectionTraceDetail = { name: this.name, trace: trace.snapshot };
    if (this.isConnected) this.#tell('connection-trace', detail);
  });
  readonly #receiver = new LabReceiver(this, this.#chat.socket);
  #reportedRoom: string | undefined;
  #reportedName: string | undefined;

  /** The chat's view acts through these two. */
  get connection(): ChatConnection {
    return this.#chat;
  }

  /** Only read by the chat's view, which is drawn once it has made this. */
  get sending(): ChatSending {
    return this.#sending!;
  }

  /** This card's socket, for the page to send the lab's requests over it (the server runs an emit from its handler). */
  get socket(): PlaygroundSocket {
    return this.#chat.socket;
  }

  /** What this card's socket received of the lab's emits, and whether it answers their acknowledgements. */
  get receiver(): LabReceiver {
    return this.#receiver;
  }

  /** Whether the card's receive-message and hello listeners are registered inside connect (the classic bug). */
  get listensInsideConnect(): boolean {
    return this.#chat.receiveListeners.insideConnect;
  }

  /** The "Listen inside connect" card option, for the chat's receive-message and the lab's hello alike. */
  setListenInsideConnect(on: boolean): void {
    this.#chat.receiveListeners.setInsideConnect(on);
    this.#receiver.setHandlerInsideConnect(on);
    this.requestUpdate();
  }

  /** Empties the card's alert and unmarks the refused field: what they said no longer holds. */
  clearError(): void {
    this.#chat.clearError();
    this.refusedField = undefined;
  }

  /** Disconnect, then Connect, as the card's button does: the same Socket object, and so the same listeners. */
  reconnect(): void {
    this.#chat.disconnect();
    this.#chat.connect();
  }

  /** The chat room the server put this socket in, as far as the card knows; undefined: none. */
  get chatRoom(): string | undefined {
    return this.#chat.room;
  }

  protected override firstUpdated(): void {
    void loadChatView().then((view) => {
      this.#chatView = view;
      this.#sending = new view.ChatSending(this, this.#chat);
      adoptStyles(this.renderRoot as ShadowRoot, [...ChatClientCard.elementStyles, view.chatStyles]);
      this.requestUpdate();
    });
  }

  protected override updated(): void {
    const { nameUsed } = this.#chat;
    if (nameUsed !== undefined && nameUsed !== this.name && nameUsed !== this.#reportedName) {
      this.#reportedName = nameUsed;
      const detail: NameUsedDetail = { asked: this.name, used: nameUsed };
      this.#tell<NameUsedDetail>('name-used', detail);
    }
    const { room } = this.#chat;
    if (room === undefined || room === this.#reportedRoom) return;
    this.#reportedRoom = room;
    this.#tell<RoomJoinedDetail>('room-joined', { name: this.name, room });
  }

  override render() {
    const chat = this.#chat;
    const isActive = chat.state !== 'disconnected';
    const receipt = this.#receiver.receipt(this.lab?.emit?.emit);
    // Colours as plain style attributes, not styleMap: clientColor gives only var(--client-color-N), and the directive
    // stays out of the first load.
    return html`
      <section aria-labelledby="name" class=${this.chatOpen ? 'open' : ''} style="--client-color: ${clientColor(this.name)}">
        <header>
          <div class="who">
            <h2 id="name">${this.name}</h2>
            <p class="where">
              ${chat.room === undefined ? html`Not in a room yet` : html`<span class="in-room">In room </span><strong>${chat.room}</strong>`}
            </p>
          </div>
          <p class="connection ${chat.state}">${chat.state}</p>
          ${this.#chatToggle()}
        </header>
        <last-emit .name=${this.name} .lab=${this.lab} .receipt=${receipt} ?compact=${!this.chatOpen}></last-emit>
        <p id="error" role="alert">${chat.error ?? ''}</p>

        <footer>
          ${this.#chatToggle()}
          <button @click=${this.#toggleConnection}>
            ${isActive ? 'Disconnect' : 'Connect'}
          </button>
          <button @click=${this.#onRemove}>Remove</button>
        </footer>

        <!-- The chat grows the card only when asked for: closed, the card stays short enough for the emits' screen. -->
        <div class="chat" id="chat" ?hidden=${!this.chatOpen}>
          ${this.#chatView?.renderChat(this, receipt) ?? nothing}
        </div>
      </section>
    `;
  }

  #toggleConnection() {
    this.clearError();
    if (this.#chat.state === 'disconnected') this.#chat.connect();
    else this.#chat.disconnect();
  }

  /** Drawn twice, in the header on a phone and with the buttons elsewhere: only one of them is ever displayed. */
  #chatToggle() {
    return html`<button class="expand" aria-expanded=${this.chatOpen ? 'true' : 'false'} aria-controls="chat" @click=${this.#toggleChat}>
      ${this.chatOpen ? 'Close chat' : 'Open chat'}
    </button>`;
  }

  #toggleChat() {
    this.chatOpen = !this.chatOpen;
  }

  #onRemove() {
    // Closed while the card is still on the page, so that the page hears the trace's last steps, as of a tab closing.
    this.#chat.disconnect();
    this.#tell<ClientDetail>('client-remove', { name: this.name });
  }

  /** An event for the page (or the student's view) around the card, out of its shadow root. */
  #tell<Detail>(type: string, detail: Detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-client-card': ChatClientCard;
  }
  interface HTMLElementEventMap {
    'client-remove': CustomEvent<ClientDetail>;
    'room-joined': CustomEvent<RoomJoinedDetail>;
    'name-used': CustomEvent<NameUsedDetail>;
  }
}
