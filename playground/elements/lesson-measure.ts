import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MeasureBlock } from '../../core/lessons.ts';
import type { IdleConnectionsFigure } from '../../core/stats-contract.ts';
import { IdleMeasurement } from '../controllers/idle-measurement.ts';
import { controlStyles } from '../styles/controls.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

const kilobytes = (bytes: number) => {
  const kb = bytes / 1024;
  return kb >= 10 ? Math.round(kb).toString() : kb.toFixed(1);
};

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** The cost of idle connections, measured now by the page's own server on this machine: the lesson quotes no number. */
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
    `,
  ];

  @property({ attribute: false }) accessor block: MeasureBlock | undefined;

  readonly #measurement = new IdleMeasurement(this);

  override render() {
    const block = this.block;
    if (!block) return nothing;
    const measuring = this.#measurement.measurement.state === 'measuring';
    return html`
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
