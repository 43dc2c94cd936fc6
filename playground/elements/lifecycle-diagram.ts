import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import {
  DISCONNECT_REASONS,
  lifecycleSteps,
  initialLifecycle,
  type CleanupReport,
  type DisconnectDetail,
  type HandshakeMoment,
  type LifecycleState,
  type StepStatus,
  type StepView,
} from '../../core/lifecycle.ts';
import { formatBytes, formatClock, formatDuration, isoTime } from '../formats.ts';

const STATUS_TEXT: Record<StepStatus, string> = {
  waiting: 'waiting',
  'in-progress': 'in progress',
  done: 'done',
  skipped: 'not reached',
};

const explain = (reason: string) => DISCONNECT_REASONS[reason] ?? 'a reason socket.io gives';

/** The lesson's lifecycle steps for one client, each lit up when its real event happened, with what was sent. */
@customElement('lifecycle-diagram')
export class LifecycleDiagram extends LitElement {
  static override styles = css`
    :host {
      display: block;
      min-width: 0;
    }

    .round {
      margin: 0 0 0.6rem;
      padding: 0.4rem 0.6rem;
      border-radius: calc(var(--radius) * 0.6);
      background: var(--surface-muted);
      color: var(--text-muted);
    }

    ol.steps {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    .step {
      --marker: 2rem;
      position: relative;
      display: grid;
      grid-template-columns: var(--marker) minmax(0, 1fr);
      gap: 0 0.75rem;
      padding-bottom: 0.55rem;
    }

    /* The line that joins a step to the next one, filled once the step is done. */
    .step:not(:last-child)::before {
      content: '';
      position: absolute;
      top: var(--marker);
      bottom: 0;
      left: calc(var(--marker) / 2 - 0.125rem);
      width: 0.25rem;
      background: var(--border);
    }

    .step.done:not(:last-child)::before {
      background: var(--actor-color);
    }

    .browser {
      --actor-color: #0b6780;
    }

    .client {
      --actor-color: #1d4ed8;
    }

    .server {
      --actor-color: #7e22ce;
    }

    .marker {
      display: grid;
      place-items: center;
      width: var(--marker);
      height: var(--marker);
      box-sizing: border-box;
      border: 0.2rem solid var(--border);
      border-radius: 50%;
      background: var(--surface);
      color: var(--text-muted);
      font-weight: 700;
    }

    .done .marker {
      border-color: var(--actor-color);
      background: var(--actor-color);
      color: #fff;
      animation: light-up 700ms ease-out;
    }

    .in-progress .marker {
      border-color: var(--actor-color);
      color: var(--actor-color);
      animation: pulse 1.2s ease-in-out infinite;
    }

    @keyframes light-up {
      from {
        transform: scale(1.5);
        box-shadow: 0 0 0 0.6rem color-mix(in srgb, var(--actor-color) 35%, transparent);
      }
    }

    @keyframes pulse {
      50% {
        box-shadow: 0 0 0 0.45rem color-mix(in srgb, var(--actor-color) 25%, transparent);
      }
    }

    @media (prefers-reduced-motion: reduce) {
      .done .marker,
      .in-progress .marker {
        animation: none;
      }
    }

    .body {
      min-width: 0;
      padding: 0.15rem 0.6rem 0.35rem;
      border-radius: calc(var(--radius) * 0.6);
    }

    .in-progress .body {
      background: color-mix(in srgb, var(--actor-color) 9%, white);
      outline: 2px solid var(--actor-color);
    }

    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 0.1rem 0.6rem;
      align-items: baseline;
    }

    .title {
      font-weight: 700;
    }

    .waiting .title,
    .skipped .title {
      color: var(--text-muted);
    }

    .actor {
      padding: 0 0.45rem;
      border-radius: 1em;
      background: color-mix(in srgb, var(--actor-color) 14%, white);
      color: var(--actor-color);
      font-size: 0.8em;
      font-weight: 600;
    }

    .status {
      font-size: 0.85em;
      color: var(--text-muted);
    }

    .done .status {
      color: var(--ok);
      font-weight: 600;
    }

    .in-progress .status {
      color: var(--actor-color);
      font-weight: 600;
    }

    time,
    .delta {
      font-size: 0.85em;
      font-variant-numeric: tabular-nums;
      color: var(--text-muted);
    }

    .note {
      margin: 0.1rem 0 0;
      font-size: 0.9em;
    }

    .evidence {
      display: flex;
      gap: 0.5rem;
      margin: 0.1rem 0 0;
      font-size: 0.9em;
      min-width: 0;
    }

    .evidence-label {
      flex: none;
      color: var(--text-muted);
    }

    code {
      font-family: ui-monospace, 'Cascadia Mono', Menlo, Consolas, monospace;
      font-size: 0.92em;
    }

    .evidence code {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }

    .waiting .evidence code,
    .in-progress .evidence code {
      color: var(--text-muted);
    }

    details {
      margin-top: 0.3rem;
    }

    summary {
      cursor: pointer;
      font-weight: 600;
      color: var(--actor-color);
    }

    summary:focus-visible {
      outline: 3px solid var(--focus);
      outline-offset: 2px;
    }

    .underneath {
      margin: 0.35rem 0 0;
      padding-left: 1.3rem;
    }

    .underneath li {
      margin-bottom: 0.35rem;
    }

    .underneath code,
    .detail code {
      overflow-wrap: anywhere;
    }

    dl {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      gap: 0.15rem 0.75rem;
      margin: 0.3rem 0 0;
      font-size: 0.9em;
    }

    dt {
      color: var(--text-muted);
    }

    dd {
      margin: 0;
    }

    .detail {
      margin-top: 0.3rem;
    }

    @media (max-width: 40rem) {
      .step {
        --marker: 1.6rem;
        gap: 0 0.5rem;
      }

      dl {
        grid-template-columns: minmax(0, 1fr);
      }

      dd {
        margin-bottom: 0.3rem;
      }
    }
  `;

  @property({ attribute: false }) accessor lifecycle: LifecycleState = initialLifecycle();
  /** The client it follows, for the list's name. */
  @property() accessor client = '';

  override render() {
    const views = lifecycleSteps(this.lifecycle);
    let previousAt: number | undefined;
    return html`
      ${this.#renderRound()}
      <ol class="steps" aria-label=${`Lifecycle steps of ${this.client}`}>
        ${views.map((view, index) => {
          const sinceLast = view.record && previousAt !== undefined ? view.record.at - previousAt : undefined;
          if (view.record) previousAt = view.record.at;
          return this.#renderStep(view, index, sinceLast);
        })}
      </ol>
    `;
  }

  #renderRound() {
    const { previous, round } = this.lifecycle;
    if (round === 1 || !previous) return nothing;
    const attempts = previous.disconnect?.attempts.length ?? 0;
    return html`<p class="round">
      Connection ${round}: the previous one (socket <code>${previous.socketId ?? '?'}</code>) ended with
      <code>${previous.disconnect?.reason ?? '?'}</code>${attempts > 0 ? html` and came back after ${attempts} reconnection attempt${attempts === 1 ? '' : 's'}` : nothing}.
      ${this.lifecycle.recovered
        ? html`Connection state recovery gave it back: the same socket id, already in <code>${this.lifecycle.room}</code>, so the join steps were done by the server.`
        : nothing}
    </p>`;
  }

  #renderStep({ step, status, record }: StepView, index: number, sinceLast: number | undefined) {
    return html`
      <li class="step ${status} ${step.actor}" data-step=${step.id} data-status=${status} aria-current=${status === 'in-progress' ? 'step' : nothing}>
        <span class="marker" aria-hidden="true">${status === 'done' ? '✓' : index + 1}</span>
        <div class="body">
          <div class="head">
            <span class="title">${step.title}</span>
            <span class="actor">${step.actor}</span>
            <span class="status">${STATUS_TEXT[status]}</span>
            ${record
              ? html`<time datetime=${isoTime(record.at)}>${formatClock(record.at)}</time>
                  ${sinceLast === undefined ? nothing : html`<span class="delta">+${formatDuration(sinceLast)}</span>`}`
              : nothing}
          </div>
          ${step.note ? html`<p class="note">${step.note}</p>` : nothing}
          <p class="evidence">
            <span class="evidence-label">${record ? step.evidence : 'Runs'}</span>
            <code title=${record?.sent ?? step.code}>${record?.sent ?? step.code}</code>
          </p>
          ${step.id === 'handshake' && this.lifecycle.handshake.length > 0 ? this.#renderHandshake() : nothing}
          ${step.id === 'disconnect' ? this.#renderDisconnect() : nothing}
        </div>
      </li>
    `;
  }

  #renderHandshake() {
    const { handshake, transport } = this.lifecycle;
    const upgraded = handshake.some((moment) => moment.kind === 'upgraded');
    const connected = handshake.some((moment) => moment.kind === 'connected');
    return html`
      <details>
        <summary>What happened underneath</summary>
        <ol class="underneath">
          ${handshake.map((moment) => html`<li>${this.#renderMoment(moment)}</li>`)}
        </ol>
        ${connected && !upgraded && transport === 'polling'
          ? html`<p>No upgrade (yet): this connection still uses HTTP long-polling, as a client with <code>transports: ['polling']</code> always does.</p>`
          : nothing}
      </details>
    `;
  }

  #renderMoment(moment: HandshakeMoment) {
    const when = html`<time datetime=${isoTime(moment.at)}>${formatClock(moment.at)}</time>`;
    const raw = html`<code>${moment.raw}</code>`;
    switch (moment.kind) {
      case 'open':
        return html`${when} <strong>Engine.IO open packet</strong>, over HTTP long-polling first
          (<code>GET /socket.io/?EIO=4&amp;transport=polling</code>): ${raw}
          <dl>
            <dt>sid</dt>
            <dd><code>${moment.data.sid}</code>: the Engine.IO session, not yet the socket's id</dd>
            <dt>upgrades</dt>
            <dd><code>${JSON.stringify(moment.data.upgrades)}</code>: what the connection may be upgraded to</dd>
            <dt>pingInterval</dt>
            <dd>${formatDuration(moment.data.pingInterval)}: the server sends a ping this often</dd>
            <dt>pingTimeout</dt>
            <dd>${formatDuration(moment.data.pingTimeout)}: how long a pong may take before the connection counts as dead</dd>
            <dt>maxPayload</dt>
            <dd>${formatBytes(moment.data.maxPayload)}: the most one HTTP body may carry</dd>
          </dl>`;
      case 'connect-sent':
        return html`${when} <strong>Socket.IO CONNECT</strong> to the namespace <code>${moment.namespace}</code> sent over
          ${moment.transport}, with the auth: ${raw}`;
      case 'probe-sent':
        return html`${when} <strong>Upgrade probe</strong>: a WebSocket opens beside the long-polling and sends ${raw}`;
      case 'probe-answered':
        return html`${when} The server answers ${raw} over the ${moment.transport}: it works`;
      case 'upgraded':
        return html`${when} <strong>Upgrade</strong> packet ${raw}: from now on every packet crosses the ${moment.transport}; long-polling stops`;
      case 'connected':
        return html`${when} <strong>CONNECT answered</strong> (over ${moment.transport}): ${raw}, the socket id is
          <code>${moment.socketId}</code>`;
    }
  }

  #renderDisconnect() {
    const { disconnect, cleanup } = this.lifecycle;
    if (!disconnect && !cleanup) return nothing;
    return html`<dl class="detail">
      ${disconnect ? this.#renderClientSide(disconnect) : nothing}
      ${cleanup ? this.#renderCleanup(cleanup) : html`<dt>Server's cleanup</dt><dd>waiting for the server's report…</dd>`}
    </dl>`;
  }

  #renderClientSide(disconnect: DisconnectDetail) {
    const { attempts } = disconnect;
    return html`
      <dt>Client's reason</dt>
      <dd><code>${disconnect.reason}</code>: ${explain(disconnect.reason)}</dd>
      ${disconnect.transportClosed
        ? html`<dt>Transport</dt>
            <dd>closed: <code>${disconnect.transportClosed.reason}</code>${disconnect.transportClosed.description ? ` (${disconnect.transportClosed.description})` : ''}</dd>`
        : nothing}
      <dt>Reconnection</dt>
      <dd>
        ${!disconnect.willReconnect && attempts.length === 0
          ? 'none: a deliberate disconnect is not retried'
          : html`${attempts.length === 0 ? 'waiting for the first attempt…' : nothing}
              ${attempts.map(
                (attempt) => html`<div>
                  attempt ${attempt.attempt} at <time datetime=${isoTime(attempt.at)}>${formatClock(attempt.at)}</time>${attempt.error
                    ? html`: failed, <code>${attempt.error}</code>`
                    : nothing}
                </div>`,
              )}`}
      </dd>
    `;
  }

  #renderCleanup(cleanup: CleanupReport) {
    return html`
      <dt>Server's reason</dt>
      <dd><code>${cleanup.reason}</code>: ${explain(cleanup.reason)}</dd>
      <dt>Rooms left</dt>
      <dd>${cleanup.roomsLeft.map((room, index) => html`${index > 0 ? ', ' : ''}<code>${room}</code>`)}${cleanup.roomsLeft.includes(cleanup.socketId) ? ' (its own room, named after its id, included)' : ''}</dd>
      ${cleanup.chatRoom
        ? html`<dt>Room told</dt>
            <dd><code>${cleanup.chatRoom}</code>: "${cleanup.name} left", then online users: ${cleanup.onlineUsers?.length ? cleanup.onlineUsers.join(', ') : 'nobody'}</dd>`
        : html`<dt>Room told</dt><dd>none: it was in no chat room</dd>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lifecycle-diagram': LifecycleDiagram;
  }
}
