import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { clientColor } from '../styles/client-colors.ts';
import { formatClock, isoTime } from '../formats.ts';

/** Which messages a list has just drawn: the lifecycle's "Clients render the bubble" step waits for it. */
export interface MessagesRenderedDetail {
  messageIds: string[];
}

/** Closer than this to the bottom counts as "reading the latest", so new messages keep it in view. */
const STICKY_PX = 24;

/** The messages one socket received in its room, oldest first, scrolled to the newest while the reader is there. */
@customElement('chat-message-list')
export class ChatMessageList extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
    }

    .log {
      flex: 1;
      overflow-y: auto;
      padding: 0.4rem 0.6rem;
      border: 1px solid var(--border);
      border-radius: calc(var(--radius) * 0.6);
      background: var(--surface-muted);
    }

    .log:focus-visible {
      outline: 3px solid var(--focus);
      outline-offset: 2px;
    }

    ol {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    li {
      padding: 0.25rem 0;
    }

    li + li {
      border-top: 1px solid #e3e8ee;
    }

    .meta {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
    }

    .sender {
      font-weight: 700;
      color: var(--sender-color);
    }

    time {
      font-size: 0.75em;
      color: var(--text-muted);
      font-variant-numeric: tabular-nums;
    }

    .text {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }

    .system {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      justify-content: center;
      color: var(--text-muted);
      font-style: italic;
      font-size: 0.9em;
    }

    .empty {
      margin: 0;
      color: var(--text-muted);
      font-style: italic;
    }
  `;

  @property({ attribute: false }) accessor messages: readonly ChatMessage[] = [];
  /** What to say while there are no messages. */
  @property() accessor emptyText = 'No messages yet.';

  @query('.log') accessor log: HTMLElement | null = null;

  #stickToBottom = true;
  #renderedIds = new Set<string>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('messages') || !this.log) return;
    const { scrollTop, clientHeight, scrollHeight } = this.log;
    this.#stickToBottom = scrollHeight - scrollTop - clientHeight < STICKY_PX;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('messages')) return;
    if (this.#stickToBottom && this.log) this.log.scrollTop = this.log.scrollHeight;
    const drawn = this.messages.filter((message) => !this.#renderedIds.has(message.id)).map((message) => message.id);
    this.#renderedIds = new Set(this.messages.map((message) => message.id));
    if (drawn.length === 0) return;
    this.dispatchEvent(
      new CustomEvent<MessagesRenderedDetail>('messages-rendered', { detail: { messageIds: drawn }, bubbles: true, composed: true }),
    );
  }

  override render() {
    return html`
      <!-- Silent: every card in a room draws the same message, and a screen reader would say it once per card. -->
      <div class="log" role="log" aria-live="off" aria-label="Messages" tabindex="0">
        ${this.messages.length === 0
          ? html`<p class="empty">${this.emptyText}</p>`
          : html`<ol>
              ${repeat(this.messages, (message) => message.id, (message) => this.#renderMessage(message))}
            </ol>`}
      </div>
    `;
  }

  #renderMessage(message: ChatMessage) {
    const time = html`<time datetime=${isoTime(message.timestamp)}>${formatClock(message.timestamp)}</time>`;
    if (message.system) return html`<li class="system"><span class="text">${message.text}</span>${time}</li>`;
    return html`
      <li style=${styleMap({ '--sender-color': clientColor(message.name) })}>
        <div class="meta"><span class="sender">${message.name}</span>${time}</div>
        <p class="text">${message.text}</p>
      </li>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-message-list': ChatMessageList;
  }
  interface HTMLElementEventMap {
    'messages-rendered': CustomEvent<MessagesRenderedDetail>;
  }
}
