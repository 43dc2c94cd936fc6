import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MeasureBlock } from '../../core/lessons.ts';
import { EVENT_LOOP_WINDOW_SECONDS, STATS_PATH, type IdleConnectionsFigure, type LiveStats } from '../../core/stats-contract.ts';
import { IdleMeasurement } from '../controllers/idle-measurement.ts';
import { LIVE_STATS_EVERY_MS, LiveStatsReader } from '../controllers/live-stats.ts';
import { controlStyles } from '../styles/controls.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

const kilobytes = (bytes: number) => {
  const kb = bytes / 1024;
  return kb >= 10 ? Math.round(kb).toString() : kb.toFixed(1);
};

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/**
 * The page's own server, live (GET /api/stats every 2 s), and the cost of idle connections, measured now on this
 * machine: the lesson quotes no number.
 */
@customElement('lesson-measure')
export class LessonMeasure extends LitElement {
  static override styles = [
    controlStyles,
    lessonBlockStyles,
    css`
      :host {
        --block-accent: var(--client-color-5);
      }

      figure {
        display: grid;
        gap: 0.3rem;
        margin: 0;
      }

      .figure {
        font-size: 1.1em;
        font-weight: 600;
      }

      button:disabled {
        cursor: progress;
        opacity: 0.6;
      }

      :host > * + * {
        margin-top: 0.6rem;
      }

      h3 {
        margin: 0;
      }

      dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
        gap: 0.4rem 0.9rem;
        margin: 0;
      }

      dt {
        color: var(--text-muted);
        font-size: 0.85em;
      }

      dd {
        margin: 0;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) accessor block: MeasureBlock | undefined;

  readonly #measurement = new IdleMeasurement(this);
  readonly #live = new LiveStatsReader(this);

  override render() {
    const block = this.block;
    if (!block) return nothing;
    const measuring = this.#measurement.measurement.state === 'measuring';
    return html`
      ${this.#liveStats()}
      <figure class="box" aria-labelledby="caption">
        <figcaption id="caption" class="label">Measured on this machine by the playground's server, not quoted</figcaption>
        <div class="actions">
          <button class="primary" ?disabled=${measuring} @click=${() => this.#measurement.measure(block.connections)}>
            Measure idle connections
          </button>
          <span class="muted">Opens ${block.connections} connections to this server, holds them idle for a second, and closes them.</span>
        </div>
        <p role="status">${this.#result()}</p>
      </figure>
    `;
  }

  // Not a live region: figures that change every 2 s would talk over the lesson. A screen reader reads them on demand.
  #liveStats() {
    const reading = this.#live.reading;
    return html`<section class="box" aria-labelledby="live-caption">
      <h3 id="live-caption" class="label">This server now</h3>
      ${reading.state === 'live'
        ? this.#liveFigures(reading.stats)
        : reading.state === 'failed'
          ? html`<p class="differs">Could not read the live figures: ${reading.error}</p>`
          : html`<p class="waiting">Reading ${STATS_PATH}…</p>`}
      <p class="muted">
        Read from <code>GET ${STATS_PATH}</code> every ${LIVE_STATS_EVERY_MS / 1000} s. Open more cards, or measure idle connections
        below: watch the connections and the memory move, and see whether the event loop keeps up.
      </p>
    </section>`;
  }

  #liveFigures(stats: LiveStats) {
    const loop = stats.eventLoopDelay;
    const late = (ms: number) => `${ms >= 10 ? Math.round(ms) : ms} ms`;
    const window = Math.min(loop.windowSeconds, EVENT_LOOP_WINDOW_SECONDS);
    return html`<dl aria-label="Live figures of this server">
      <div><dt>Sockets connected</dt><dd>${stats.connections}</dd></div>
      <div><dt>Rooms in use</dt><dd>${stats.rooms}</dd></div>
      <div><dt>JavaScript heap</dt><dd>${megabytes(stats.heapUsedBytes)} MB</dd></div>
      <div><dt>Whole process</dt><dd>${megabytes(stats.residentBytes)} MB</dd></div>
      <div><dt>Event loop late, p50 (last ${window} s)</dt><dd>${late(loop.p50Ms)}</dd></div>
      <div><dt>Event loop late, p99 (last ${window} s)</dt><dd>${late(loop.p99Ms)}</dd></div>
      ${stats.processThreads === undefined ? nothing : html`<div><dt>Threads of the process</dt><dd>${stats.processThreads}</dd></div>`}
    </dl>`;
  }

  #result() {
    const measurement = this.#measurement.measurement;
    switch (measurement.state) {
      case 'not measured':
        return '';
      case 'measuring':
        return html`<span class="waiting">Opening ${measurement.connections} idle connections and measuring…</span>`;
      case 'failed':
        return html`<span class="differs">Could not measure: ${measurement.error}</span>`;
      case 'measured':
        return this.#figure(measurement.figure);
    }
  }

  #figure(figure: IdleConnectionsFigure) {
    const memory = figure.bytesPerConnection > 0 ? `added about ${kilobytes(figure.bytesPerConnection)} KB` : 'added too little to measure';
    const process = figure.residentBytesPerConnection > 0 ? `about ${kilobytes(figure.residentBytesPerConnection)} KB` : 'too little to measure';
    // Only a counted figure is shown: where the OS does not report the threads, the sentence says so in words.
    const threads =
      figure.processThreads === undefined
        ? 'Your JavaScript ran on one thread; the process has others beside it.'
        : `Your JavaScript ran on one thread; the process has ${figure.processThreads} threads in all.`;
    return html`<span class="figure"
        >Each idle connection ${memory} to this server's memory; the event loop was never delayed more than ${figure.eventLoopDelayMaxMs} ms.
        ${threads}</span
      >
      <span class="muted"
        >${figure.connections} connections at ${clock.format(figure.measuredAt)}. The other threads are V8's helpers (garbage
        collection, compilation) and libuv's pool (file and DNS work); none of them runs your handlers. The memory is the JavaScript
        heap and what it holds outside the heap (buffers); the whole process grew by ${process} per connection.</span
      >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-measure': LessonMeasure;
  }
}
