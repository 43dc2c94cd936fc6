import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { classPredictions } from '../../core/classroom.ts';
import { ROUTE_VARIANT, emitCall } from '../../core/emit-rules.ts';
import type { EmitResult } from '../../core/lab-contract.ts';
import type { PageEmit } from '../controllers/emit-lab.ts';
import type { PredictionScore } from '../controllers/predict-mode.ts';
import { visuallyHidden } from '../styles/controls.ts';
import { surfaceStyles } from '../styles/surface.ts';

const list = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });
/** "Alice, Bob, and Carol": sorted, since the server lists sockets in the order they connected. */
const names = (people: readonly string[]) => list.format([...people].sort((a, b) => a.localeCompare(b)));

/**
 * What the last emit did: the line the server ran, in whose handler, and how many sockets really
 * received it, counted from what the sockets themselves reported.
 */
@customElement('emit-report')
export class EmitReport extends LitElement {
  static override styles = [
    surfaceStyles,
    css`
    :host {
      display: block;
      min-width: 0;
      container-type: inline-size;
    }

    /* A compact block in the emit bar: "What happened" as the label of the summary line, the server's line under it. */
    .report {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr);
      gap: 0.3rem 0.6rem;
      align-items: baseline;
      padding: 0.5rem 0.7rem;
    }

    .report > * {
      grid-column: 1 / -1;
    }

    .report > h2 {
      grid-column: 1;
      grid-row: 1;
      margin: 0;
      font-size: 0.8em;
      letter-spacing: 0.04em;
      text-transform: uppercase;
      color: var(--text-muted);
    }

    .report > .summary,
    .report > .hint {
      grid-column: 2;
      grid-row: 1;
    }

    p {
      margin: 0;
    }

    code,
    pre {
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    }

    /* The caption beside the code rather than above it: one row less in the bar. */
    /* In a narrow bar (a phone): the label runs into the summary, and the server's line scrolls rather than wraps. */
    @container (max-width: 30rem) {
      .report {
        display: block;
      }

      .report > h2,
      .report > .summary {
        display: inline;
      }

      .report > h2 {
        margin-right: 0.4rem;
      }

      .report > * + :not(.summary) {
        margin-top: 0.3rem;
      }

      .report figure {
        display: block;
      }

      /* The code's own comment says where it ran: the caption is left for a screen reader. */
      .report figcaption {
        ${visuallyHidden}
      }

      .report pre {
        white-space: pre;
        overflow-x: auto;
      }
    }

    figure {
      display: grid;
      grid-template-columns: minmax(5rem, 9rem) minmax(0, 1fr);
      gap: 0.6rem;
      align-items: center;
      margin: 0;
    }

    figcaption {
      font-size: 0.75em;
      font-weight: 600;
      line-height: 1.2;
      color: var(--text-muted);
    }

    pre {
      margin: 0.1rem 0 0;
      padding: 0.3rem 0.6rem;
      border-radius: calc(var(--radius) * 0.6);
      background: #1b1f24;
      color: #f0f3f6;
      font-size: 0.8em;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }

    .comment {
      color: #9fb0c2;
    }

    .summary {
      font-weight: 600;
    }

    .summary:empty {
      display: none;
    }

    .hint {
      color: var(--text-muted);
    }

    .surprise,
    [role='alert'] {
      padding: 0.4rem 0.6rem;
      border-left: 0.25rem solid var(--danger);
      border-radius: 0.25rem;
      background: var(--danger-bg);
      color: var(--danger);
    }

    [role='alert']:empty {
      display: none;
    }

    .score {
      font-weight: 700;
      color: var(--focus);
    }
  `,
  ];

  @property({ attribute: false }) accessor last: PageEmit | undefined;
  @property({ attribute: false }) accessor score: PredictionScore | undefined;

  override render() {
    const last = this.last;
    const result = last?.result;
    return html`
      <div class="report surface">
        <h2>What happened</h2>
        ${last ? nothing : html`<p class="hint">Click an emit: the server runs it from the sender's connection handler, and every card reports what its own socket got.</p>`}
        <!-- The page's one live summary per emit; busy while it runs, so that it is said once, with its result. -->
        <p class="summary" role="status" aria-label="Emit result" aria-busy=${last !== undefined && !result && last.error === undefined ? 'true' : 'false'}>${this.#summary(last)}</p>
        ${last?.code
          ? html`<figure>
              <figcaption>The line that ran on the server</figcaption>
              <!-- Focusable: where the column is narrow, the line scrolls sideways, and a keyboard scrolls it too. -->
              <pre tabindex="0"><code><span class="comment">${last.request.variant !== ROUTE_VARIANT
                ? `// in ${last.senderName}'s connection handler (socket id ${last.senderId})`
                : '// in an express route: no socket, no sender to leave out'}</span>
${last.code}</code></pre>
            </figure>`
          : nothing}
        ${result ? this.#copies(result) : nothing} ${result ? this.#surprises(result) : nothing} ${result ? this.#acks(result) : nothing}
        ${this.score ? html`<p class="score">You predicted ${this.score.right} of ${this.score.total} cards right.</p>` : nothing}
        ${result ? this.#classScore(result) : nothing}
        <p role="alert">${last?.error === undefined ? '' : `${last.request.variant} from ${last.senderName} did not run: ${last.error}`}</p>
      </div>
    `;
  }

  /** Classroom mode: how the students' own guesses went, when any of them predicted. */
  #classScore(result: EmitResult) {
    const { right, total } = classPredictions(result);
    return total === 0 ? nothing : html`<p class="score">The class: ${right} of ${total} predicted right.</p>`;
  }

  #summary(last: PageEmit | undefined) {
    if (!last || last.error !== undefined) return nothing;
    const result = last.result;
    if (!result) return html`Running <code>${emitCall(last.request)}</code> from ${last.senderName}'s socket…`;
    const received = result.outcomes.filter((outcome) => outcome.received === true);
    const bare = result.outcomes.filter((outcome) => outcome.unreported === 'runs no lab code');
    const asleep = result.outcomes.filter((outcome) => outcome.unreported === 'did not answer in time');
    const missed = received.length === 0 ? [] : result.outcomes.filter((outcome) => outcome.received === false);
    const who = received.length === 0 ? 'Nobody.' : `${names(received.map((outcome) => outcome.name))}.`;
    const whoNot = missed.length === 0 ? '' : ` ${names(missed.map((outcome) => outcome.name))} did not.`;
    const one = (list: unknown[], singular: string, plural: string) => (list.length === 1 ? singular : plural);
    return html`${received.length} of ${result.outcomes.length} sockets received <code>${emitCall(result.request)}</code>: ${who}${whoNot}
    ${bare.length === 0
      ? nothing
      : html`${names(bare.map((outcome) => outcome.name))} could not report whether ${one(bare, 'it', 'they')}
        received it (no lab code runs there), so ${one(bare, 'it is', 'they are')} not counted as received.`}
    ${asleep.length === 0
      ? nothing
      : html`${names(asleep.map((outcome) => outcome.name))} did not answer in time (asleep or gone), so
        ${one(asleep, 'it is', 'they are')} not counted as received.`}`;
  }

  /** For a call that sends several copies: how many of them each targeted card really got. */
  #copies(result: EmitResult) {
    const sent = result.copiesSent;
    if (sent === undefined) return nothing;
    const counted = result.outcomes.filter((outcome) => outcome.copies !== undefined && outcome.predicted);
    return html`<ul class="copies" aria-label="Copies that arrived">
      ${counted.map((outcome) => html`<li>${outcome.name}: ${outcome.copies} of ${sent} arrived</li>`)}
    </ul>`;
  }

  /** A real delivery that differs from the rules' prediction: said plainly, and the real one is what the cards show. */
  #surprises(result: EmitResult) {
    const differ = result.outcomes.filter((outcome) => outcome.received !== null && outcome.received !== outcome.predicted);
    return differ.map(
      (outcome) => html`<p class="surprise">
        Surprise: the rules predicted ${outcome.name} would${outcome.predicted ? '' : ' not'} receive it, but it really
        ${outcome.received ? 'did' : 'did not'}. The cards show what really arrived.
      </p>`,
    );
  }

  #acks(result: EmitResult) {
    const acked = result.outcomes.filter((outcome) => outcome.ack !== undefined);
    if (acked.length === 0) return nothing;
    const answered = acked.filter((outcome) => outcome.ack === 'answered');
    const timedOut = acked.filter((outcome) => outcome.ack === 'timed out');
    const late = timedOut.length === 0 ? '' : ` (${names(timedOut.map((outcome) => outcome.name))})`;
    const callback = result.ackError === undefined ? 'the callback got every answer in time' : `the callback got the error “${result.ackError}”`;
    const when = result.ackAfterMs === undefined ? '' : `, ${result.ackAfterMs} ms after the emit, with ${result.ackAnswers ?? 0} ${result.ackAnswers === 1 ? 'answer' : 'answers'}`;
    return html`<p>Acknowledgements: ${answered.length} answered, ${timedOut.length} timed out${late}; ${callback}${when}.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'emit-report': EmitReport;
  }
}
