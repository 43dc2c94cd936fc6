import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TraceEntry } from '../../core/lifecycle.ts';
import { ENGINE_PACKET_TYPES, SOCKET_PACKET_TYPES, isHeartbeat, type WireFrame } from '../../core/wire.ts';
import { formatBytes, formatClock, isoTime } from '../formats.ts';
import { controlStyles } from '../styles/controls.ts';

type FrameEntry = Extract<TraceEntry, { kind: 'frame' }>;
type EventEntry = Exclude<TraceEntry, FrameEntry>;

/** Closer than this to the bottom counts as "reading the latest", so new frames keep it in view. */
const STICKY_PX = 24;

/** The connection events worth a line among the frames, in the lesson's words. */
function eventLine(entry: EventEntry): string | undefined {
  switch (entry.kind) {
    case 'opening':
      return entry.code;
    case 'transport-closed':
      return `transport closed: ${entry.reason}${entry.description ? ` (${entry.description})` : ''}`;
    case 'disconnected':
      return `disconnect: ${entry.reason}${entry.willReconnect ? ', reconnecting' : ''}`;
    case 'reconnect-attempt':
      return `reconnection attempt ${entry.attempt}`;
    case 'reconnect-error':
      return `reconnection failed: ${entry.error}`;
    case 'reconnected':
      return `reconnected after ${entry.attempt} attempt${entry.attempt === 1 ? '' : 's'}`;
    default:
      return undefined;
  }
}

/** Every frame one client sent and received, in order: raw as it crossed the wire, decoded beside it. */
@customElement('wire-inspector')
export class WireInspector extends LitElement {
  static override styles = [
    controlStyles,
    css`
      input[type='checkbox'] {
        width: 1.15em;
        height: 1.15em;
        margin: 0;
        accent-color: var(--focus);
      }

      :host {
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        min-width: 0;
        min-height: 0;
      }

      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        align-items: center;
      }

      .filters label {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
      }

      select {
        font: inherit;
        padding: 0.25rem 0.4rem;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface);
      }

      .count {
        margin: 0;
        color: var(--text-muted);
        font-size: 0.85em;
      }

      .scroller {
        flex: 1;
        min-height: 8rem;
        max-height: var(--wire-height, 28rem);
        overflow-y: auto;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
      }

      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }

      .scroller:focus-visible {
        outline: 3px solid var(--focus);
        outline-offset: 2px;
      }

      li {
        padding: 0.35rem 0.6rem;
        border-bottom: 1px solid #e3e8ee;
      }

      .frame {
        border-left: 0.3rem solid var(--direction-color);
      }

      .sent {
        --direction-color: #1d4ed8;
      }

      .received {
        --direction-color: #047857;
      }

      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.15rem 0.6rem;
        align-items: baseline;
        font-size: 0.85em;
      }

      .direction {
        font-weight: 700;
        color: var(--direction-color);
      }

      time,
      .size {
        color: var(--text-muted);
        font-variant-numeric: tabular-nums;
      }

      .transport {
        padding: 0 0.4rem;
        border-radius: 1em;
        background: #e6ebf1;
        font-weight: 600;
      }

      .transport.websocket {
        background: #dcfce7;
        color: #14532d;
      }

      .transport.polling {
        background: #fef3c7;
        color: #713f12;
      }

      .decoded {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 0.3rem;
      }

      .packet {
        font-family: ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace;
      }

      .packet b {
        display: inline-block;
        min-width: 1.2em;
        margin-right: 0.2em;
        border-radius: 0.25em;
        background: var(--text);
        color: #fff;
        text-align: center;
      }

      .event-name {
        font-weight: 700;
      }

      code.raw {
        display: block;
        margin-top: 0.2rem;
        font-family: ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace;
        font-size: 0.9em;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }

      .problem {
        color: var(--danger);
      }

      .event {
        color: var(--text-muted);
        font-style: italic;
        font-size: 0.85em;
        text-align: center;
      }

      .empty {
        margin: 0;
        padding: 0.6rem;
        border: 1px dashed var(--border);
        border-radius: calc(var(--radius) * 0.6);
        color: var(--text-muted);
        font-style: italic;
      }
    `,
  ];

  @property({ attribute: false }) accessor entries: readonly TraceEntry[] = [];
  /** Whose wire this is, for the names of the list and its filters. */
  @property() accessor client = '';
  /** How many entries the trace keeps, to say so when it is full. */
  @property({ type: Number }) accessor limit = 0;

  @state() accessor eventFilter = '';
  @state() accessor showHeartbeats = true;

  @query('.scroller') accessor scroller: HTMLElement | null = null;

  #stickToBottom = true;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('entries') || !this.scroller) return;
    const { scrollTop, clientHeight, scrollHeight } = this.scroller;
    this.#stickToBottom = scrollHeight - scrollTop - clientHeight < STICKY_PX;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('entries') && this.#stickToBottom && this.scroller) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  override render() {
    const frames = this.entries.filter((entry): entry is FrameEntry => entry.kind === 'frame');
    const eventNames = [...new Set(frames.flatMap((frame) => frame.decoded.socket?.event ?? []))].sort();
    const shown = this.entries.filter((entry) => this.#isShown(entry));
    const shownFrames = shown.filter((entry) => entry.kind === 'frame').length;
    const full = this.limit > 0 && this.entries.length >= this.limit;
    return html`
      <div class="filters">
        <label>
          Event
          <select @change=${(event: Event) => (this.eventFilter = (event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.eventFilter === ''}>all frames</option>
            ${eventNames.map((name) => html`<option value=${name} ?selected=${this.eventFilter === name}>${name}</option>`)}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            .checked=${this.showHeartbeats}
            @change=${(event: Event) => (this.showHeartbeats = (event.target as HTMLInputElement).checked)}
          />
          Show heartbeats (ping, pong)
        </label>
        <p class="count">
          ${shownFrames} of ${frames.length} frames${full ? html`, the last ${this.limit} entries kept` : nothing}
        </p>
      </div>
      ${shown.length === 0
        ? html`<p class="empty">${frames.length === 0 ? 'Nothing crossed the wire yet.' : 'No frame matches the filters.'}</p>`
        : html`<ol class="scroller" tabindex="0" aria-label=${`Frames of ${this.client}`}>
            ${repeat(shown, (entry) => entry.seq, (entry) => (entry.kind === 'frame' ? this.#renderFrame(entry) : this.#renderEvent(entry)))}
          </ol>`}
    `;
  }

  #isShown(entry: TraceEntry): boolean {
    if (entry.kind !== 'frame') return this.eventFilter === '' && eventLine(entry) !== undefined;
    if (this.eventFilter !== '') return entry.decoded.socket?.event === this.eventFilter;
    return this.showHeartbeats || !isHeartbeat(entry.decoded);
  }

  #renderFrame(frame: WireFrame) {
    const { decoded } = frame;
    const socket = decoded.socket;
    return html`
      <li class="frame ${frame.direction}" data-transport=${frame.transport}>
        <div class="meta">
          <span class="direction">${frame.direction === 'sent' ? '↑ sent' : '↓ received'}</span>
          <time datetime=${isoTime(frame.at)}>${formatClock(frame.at)}</time>
          <span class="transport ${frame.transport}">${frame.transport}</span>
          <span class="size">${formatBytes(frame.bytes)}</span>
          <span class="decoded">
            <span class="packet" title="Engine.IO packet type"><b>${ENGINE_PACKET_TYPES.indexOf(decoded.engine)}</b>${decoded.engine}</span>
            ${socket
              ? html`<span class="packet" title="Socket.IO packet type"><b>${SOCKET_PACKET_TYPES.indexOf(socket.type)}</b>${socket.type}</span>
                  ${socket.namespace === '/' ? nothing : html`<span>${socket.namespace}</span>`}
                  ${socket.event === undefined ? nothing : html`<span class="event-name">${socket.event}</span>`}
                  ${socket.ackId === undefined ? nothing : html`<span>ack #${socket.ackId}</span>`}`
              : nothing}
            ${decoded.engineData === 'probe' ? html`<span class="event-name">probe</span>` : nothing}
          </span>
        </div>
        <code class="raw">${frame.raw}</code>
        ${decoded.error ? html`<p class="problem">${decoded.error}</p>` : nothing}
      </li>
    `;
  }

  #renderEvent(entry: EventEntry) {
    return html`<li class="event"><time datetime=${isoTime(entry.at)}>${formatClock(entry.at)}</time> · ${eventLine(entry)}</li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wire-inspector': WireInspector;
  }
}
