import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import {
  POLL_INTERVAL_DEFAULT_S,
  POLL_INTERVAL_MAX_S,
  POLL_INTERVAL_MIN_S,
  POLLING_DEMO_ROOM,
  delayStats,
  messagesPath,
} from '../../core/polling.ts';
import { validateRoom } from '../../core/validation.ts';
import { TRACE_LIMIT } from '../controllers/connection-trace.ts';
import { PUSH_CLIENT_NAME, PushClient } from '../controllers/push-client.ts';
import { RoomPoller } from '../controllers/room-poller.ts';
import { formatBytes, formatCount, formatDuration } from '../formats.ts';
import { controlStyles } from '../styles/controls.ts';
import { demoSectionStyles, surfaceStyles } from '../styles/surface.ts';
import './chat-message-list.ts';
import './wire-inspector.ts';

/** The lesson's first section, side by side: one client polls GET every N seconds, one holds a socket and is pushed to. */
@customElement('polling-demo')
export class PollingDemo extends LitElement {
  static override styles = [
    controlStyles,
    surfaceStyles,
    demoSectionStyles,
    css`
      input[type='checkbox'] {
        width: 1.15em;
        height: 1.15em;
        margin: 0;
        accent-color: var(--focus);
      }

      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-bottom: 0.75rem;
      }

      label,
      .field {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
      }

      input[type='number'] {
        width: 4.5em;
      }

      #room {
        width: 9em;
      }

      .send input {
        flex: 1;
        min-width: 10rem;
      }

      [role='alert'] {
        margin: 0 0 0.75rem;
        padding: 0.4rem 0.6rem;
        border-left: 0.25rem solid var(--danger);
        border-radius: 0.25rem;
        background: var(--danger-bg);
        color: var(--danger);
      }

      [role='alert']:empty {
        display: none;
      }

      .table-wrap {
        overflow-x: auto;
        margin-bottom: 0.9rem;
      }

      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }

      caption {
        text-align: left;
        font-weight: 700;
        padding-bottom: 0.3rem;
      }

      th,
      td {
        padding: 0.35rem 0.6rem;
        border-bottom: 1px solid var(--border);
        text-align: left;
      }

      thead th {
        font-size: 1.05em;
      }

      .poll {
        --accent: #a16207;
      }

      .push {
        --accent: #047857;
      }

      thead .poll,
      thead .push {
        color: var(--accent);
      }

      td.push,
      td.poll {
        font-size: 1.1em;
        font-weight: 600;
      }

      .note {
        display: block;
        font-size: 0.8em;
        font-weight: 400;
        color: var(--text-muted);
      }

      .sides {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
        gap: 1rem;
      }

      .side {
        min-width: 0;
        padding-top: 0.4rem;
        border-top: 0.3rem solid var(--accent);
      }

      chat-message-list {
        height: 12rem;
      }

      details {
        margin-top: 0.6rem;
      }

      summary {
        cursor: pointer;
        font-weight: 600;
      }

      summary:focus-visible {
        outline: 3px solid var(--focus);
        outline-offset: 2px;
      }

      wire-inspector {
        --wire-height: 20rem;
        margin-top: 0.5rem;
      }
    `,
  ];

  @state() accessor intervalS = POLL_INTERVAL_DEFAULT_S;
  @state() accessor forcePolling = false;
  @state() accessor room = POLLING_DEMO_ROOM;
  @state() accessor error = '';

  @query('#message') accessor messageInput: HTMLInputElement | null = null;

  readonly #poller = new RoomPoller(this);
  readonly #push = new PushClient(this);

  override render() {
    const running = this.#poller.running;
    const pollStats = delayStats(this.#poller.seen);
    const pushStats = delayStats(this.#push.seen);
    const pushFrames = (this.#push.trace?.entries ?? []).filter((entry) => entry.kind === 'frame');
    const pushBytes = pushFrames.reduce((sum, frame) => sum + frame.bytes, 0);
    const pushTransport = this.#push.trace?.lifecycle.transport;
    return html`
      <section class="surface" aria-labelledby="polling-title" tabindex="-1">
        <h2 id="polling-title">Polling versus push</h2>
        <p class="intro">
          Two clients follow the same room. One asks the server <code>GET ${messagesPath(this.room)}</code> every few seconds;
          the other holds one Socket.IO connection and is told the moment a message exists. Every figure below is measured.
        </p>

        <form @submit=${this.#onStart}>
          <span class="field">
            <label for="room">Room</label>
            <input id="room" .value=${this.room} autocomplete="off" ?disabled=${running} />
          </span>
          <span class="field">
            <label for="interval">Poll every (seconds)</label>
            <input
              id="interval"
              type="number"
              min=${POLL_INTERVAL_MIN_S}
              max=${POLL_INTERVAL_MAX_S}
              step="1"
              .value=${String(this.intervalS)}
              @change=${this.#onInterval}
            />
          </span>
          <label>
            <input type="checkbox" role="switch" .checked=${this.forcePolling} @change=${this.#onForcePolling} />
            Force long-polling
          </label>
          <button class="primary">${running ? 'Restart' : 'Start'}</button>
          ${running ? html`<button type="button" @click=${this.#stop}>Stop</button>` : nothing}
        </form>

        <form class="send" @submit=${this.#onSend}>
          <label for="message">Message</label>
          <input id="message" autocomplete="off" placeholder=${running ? `Say something in ${this.room}` : 'Start the demo first'} />
          <button ?disabled=${!running}>Send as ${PUSH_CLIENT_NAME}</button>
        </form>

        <p role="alert">${this.error || this.#poller.error || this.#push.error || ''}</p>

        <div class="table-wrap">
          <table>
            <caption>
              What each client costs and how late it learns of a message
            </caption>
            <thead>
              <tr>
                <th scope="col"><span class="visually-hidden">Measure</span></th>
                <th scope="col" class="poll">Polling</th>
                <th scope="col" class="push">Push</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">How</th>
                <td class="poll">GET every ${this.intervalS} s</td>
                <td class="push">one socket, ${pushTransport ?? (running ? 'connecting' : 'not connected')}</td>
              </tr>
              <tr>
                <th scope="row">Requests made</th>
                <td class="poll">${formatCount(this.#poller.requests)} <span class="note">${formatCount(this.#poller.emptyPolls)} brought nothing new</span></td>
                <td class="push">${formatCount(pushFrames.length)} frames<span class="note">on one connection</span></td>
              </tr>
              <tr>
                <th scope="row">Bytes moved</th>
                <td class="poll">${formatBytes(this.#poller.bytes)} <span class="note">response bodies, without HTTP headers</span></td>
                <td class="push">${formatBytes(pushBytes)} <span class="note">Engine.IO packets, both ways</span></td>
              </tr>
              <tr>
                <th scope="row">Messages seen</th>
                <td class="poll">${pollStats.count}</td>
                <td class="push">${pushStats.count}</td>
              </tr>
              <tr>
                <th scope="row">Delay, last message</th>
                <td class="poll">${this.#delay(pollStats.lastMs)}</td>
                <td class="push">${this.#delay(pushStats.lastMs)}</td>
              </tr>
              <tr>
                <th scope="row">Delay, average</th>
                <td class="poll">${this.#delay(pollStats.averageMs)}</td>
                <td class="push">${this.#delay(pushStats.averageMs)}</td>
              </tr>
            </tbody>
          </table>
        </div>

        <div class="sides">
          <div class="side poll" role="group" aria-labelledby="poll-side">
            <h3 id="poll-side">What the polling client shows</h3>
            <chat-message-list
              .messages=${this.#poller.seen.map((entry) => entry.message)}
              emptyText=${running ? 'Nothing yet: the next poll will tell.' : 'Press Start.'}
            ></chat-message-list>
          </div>
          <div class="side push" role="group" aria-labelledby="push-side">
            <h3 id="push-side">What the push client shows</h3>
            <chat-message-list
              .messages=${this.#push.seen.map((entry) => entry.message)}
              emptyText=${running ? 'Nothing yet: the server will push it.' : 'Press Start.'}
            ></chat-message-list>
            <details>
              <summary>Wire of the push client</summary>
              <wire-inspector .entries=${this.#push.trace?.entries ?? []} client=${PUSH_CLIENT_NAME} .limit=${TRACE_LIMIT}></wire-inspector>
            </details>
          </div>
        </div>
      </section>
    `;
  }

  /**
   * A lesson's link or a shortcut brings keyboard focus to the section: the host keeps no tabindex of its own,
   * since a shadow host with tabindex="-1" takes every control inside it out of the Tab order.
   */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('section')?.focus(options);
  }

  #delay(ms: number | undefined): string {
    return ms === undefined ? '—' : formatDuration(ms);
  }

  async #onStart(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#room');
    const room = validateRoom(input?.value ?? this.room);
    if (!room.ok) {
      this.error = room.error;
      return;
    }
    this.error = '';
    this.room = room.value;
    this.#push.stop();
    // The first poll brings the room's history; the push client joins after it, so both count the same new messages.
    await this.#poller.start(this.room, this.intervalS * 1000);
    this.#push.start(this.room, this.forcePolling);
  }

  #stop() {
    this.#poller.stop();
    this.#push.stop();
  }

  #onInterval(event: Event) {
    const value = Number((event.target as HTMLInputElement).value);
    this.intervalS = Math.min(POLL_INTERVAL_MAX_S, Math.max(POLL_INTERVAL_MIN_S, Math.round(value) || POLL_INTERVAL_DEFAULT_S));
    (event.target as HTMLInputElement).value = String(this.intervalS);
    this.#poller.setInterval(this.intervalS * 1000);
  }

  #onForcePolling(event: Event) {
    this.forcePolling = (event.target as HTMLInputElement).checked;
    // A socket's transports are fixed when it connects: a new one shows the difference.
    if (this.#push.running) this.#push.start(this.room, this.forcePolling);
  }

  async #onSend(event: SubmitEvent) {
    event.preventDefault();
    const input = this.messageInput;
    if (!input) return;
    if (await this.#push.send(input.value)) input.value = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'polling-demo': PollingDemo;
  }
}
