import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConnectionState } from '../controllers/chat-connection.ts';
import type { ListenerRuns } from '../controllers/receive-listeners.ts';
import type { BufferedPacket } from '../controllers/send-buffer.ts';
import { controlStyles } from '../styles/controls.ts';

export type CardOption = 'listenInsideConnect' | 'sendWhileDisconnected';

export interface CardOptionDetail {
  option: CardOption;
  on: boolean;
}

const times = (runs: number) => (runs === 1 ? 'once' : runs === 2 ? 'twice' : `${runs} times`);

/**
 * A card's two experiments with socket.io-client, and what they really do: how many listeners
 * receive-message and the lab's hello have (and how often they ran for the newest message and the
 * last emit), and what waits in socket.sendBuffer. It draws what the card's controllers read from the socket, nothing else.
 */
@customElement('card-options')
export class CardOptions extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: 0.35rem;
        font-size: 0.85em;
      }

      summary {
        color: var(--text-muted);
        font-weight: 600;
        cursor: pointer;
      }

      details label {
        display: flex;
        gap: 0.4rem;
        align-items: baseline;
        margin-top: 0.25rem;
      }

      p {
        margin: 0;
      }

      [role='status']:empty,
      ol:empty {
        display: none;
      }

      .twice {
        padding: 0.2rem 0.5rem;
        border-left: 0.25rem solid var(--warn);
        background: #fff8e6;
      }

      .buffer {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.5rem;
        align-items: center;
      }

      ol {
        flex-basis: 100%;
        margin: 0;
        padding-left: 1.4rem;
        font-family: ui-monospace, monospace;
        overflow-wrap: anywhere;
      }

      button {
        padding: 0.15rem 0.5rem;
      }
    `,
  ];

  @property({ type: Boolean }) accessor listenInsideConnect = false;
  /** socket.listeners('receive-message').length */
  @property({ type: Number }) accessor listenerCount = 0;
  @property({ attribute: false }) accessor newest: ListenerRuns | undefined;
  /** How many times the card's hello handler ran for the lab's last emit. */
  @property({ type: Number }) accessor helloHandled = 0;
  /** How many listeners the card's hello handler has. */
  @property({ type: Number }) accessor helloHandlers = 1;
  @property({ type: Boolean }) accessor sendWhileDisconnected = false;
  /** socket.sendBuffer, oldest first. */
  @property({ attribute: false }) accessor packets: readonly BufferedPacket[] = [];
  @property() accessor state: ConnectionState = 'connecting';

  override render() {
    const showBuffer = this.sendWhileDisconnected || this.packets.length > 0;
    return html`
      <details>
        <summary>Card options</summary>
        <label>
          <input type="checkbox" .checked=${this.listenInsideConnect} @change=${(event: Event) => this.#toggle(event, 'listenInsideConnect')} />
          Listen inside connect (the classic bug)
        </label>
        <label>
          <input type="checkbox" .checked=${this.sendWhileDisconnected} @change=${(event: Event) => this.#toggle(event, 'sendWhileDisconnected')} />
          Send while disconnected (socket.sendBuffer)
        </label>
      </details>
      <p role="status" aria-label="receive-message listeners" class=${(this.newest?.runs ?? 0) > 1 ? 'twice' : ''}>${this.#listenersLine()}</p>
      <p role="status" aria-label="hello listeners" class=${this.helloHandled > 1 ? 'twice' : ''}>${this.#helloLine()}</p>
      <div class="buffer" ?hidden=${!showBuffer}>
        <p role="status" aria-label="Send buffer">${showBuffer ? this.#bufferLine() : ''}</p>
        ${this.packets.length === 0
          ? nothing
          : html`<button @click=${this.#onDrop}>Drop stale events (socket.sendBuffer = [])</button>`}
        <ol aria-label="Buffered packets">
          ${this.packets.map((packet) => html`<li>${packet.event} ${packet.payload}</li>`)}
        </ol>
      </div>
    `;
  }

  #listenersLine(): string {
    const { newest, listenerCount } = this;
    if (!this.listenInsideConnect && (newest?.runs ?? 1) === 1) return '';
    const count = `socket.listeners('receive-message').length: ${listenerCount}.`;
    if (newest === undefined) return count;
    const where = this.listenInsideConnect ? ' (registered in connect)' : '';
    const why = newest.runs > 1 ? `: ${newest.runs} listeners on receive-message${where}` : '';
    return `"${newest.text}" received ${times(newest.runs)}${why}. ${count}`;
  }

  /** The lab's hello, as the card's own handler ran it: the same bug, on the event a lesson's Try it sends. */
  #helloLine(): string {
    const { helloHandled: runs, helloHandlers: handlers } = this;
    // Without the bug there is one listener; more runs then only mean more copies, which "Last emit" shows.
    if (!this.listenInsideConnect) return '';
    const count = `Listeners of the card's hello handler: ${handlers}.`;
    if (runs === 0) return count;
    const why = handlers > 1 ? `: ${handlers} listeners on hello (registered in connect)` : '';
    return `Last emit's hello handled ${times(runs)}${why}. ${count}`;
  }

  #bufferLine(): string {
    const waiting = this.packets.length;
    const length = `socket.sendBuffer.length: ${waiting}`;
    if (this.state === 'connected') return `${length}: connected, emits go straight to the server.`;
    if (waiting === 0) return `${length}: disconnected, a message you send now is buffered.`;
    const when = this.state === 'disconnected' ? 'when you click Connect' : 'once it reconnects';
    return `${length}: buffered, waiting for the connection; sent in this order ${when}.`;
  }

  #toggle(event: Event, option: CardOption) {
    const on = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent<CardOptionDetail>('card-option', { detail: { option, on } }));
  }

  #onDrop() {
    this.dispatchEvent(new CustomEvent('drop-send-buffer'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'card-options': CardOptions;
  }
  interface HTMLElementEventMap {
    'card-option': CustomEvent<CardOptionDetail>;
    'drop-send-buffer': CustomEvent<void>;
  }
}
