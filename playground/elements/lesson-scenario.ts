import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { claimDifference, claimedRuns, describeDelivered, describeHandled, describeReceivers, handledDifference, type HandlerRuns, type ScenarioBlock } from '../../core/lessons.ts';
import { describeCast, scenarioCode } from '../../core/scenario.ts';
import { requestFire } from '../controllers/predict-mode.ts';
import { requestScenarioRun, type ScenarioDetail, type ScenarioRun } from '../controllers/stage.ts';
import { controlStyles } from '../styles/controls.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name) => b.includes(name));

/**
 * The page's cards all connect to the one server that served it, so a scenario on several nodes cannot run here:
 * say where it does run for real, rather than show one server's deliveries as if they were the cluster's.
 */
export const onSeveralNodes = (nodes: number) =>
  `This runs on ${nodes} servers sharing one Redis, and this page's cards all connect to one server, so it has no Try it here. ` +
  `npm test runs it on ${nodes} real nodes and checks the receivers above; npm run cluster -- --nodes ${nodes} lets you watch it live.`;

/** "and Dave's acknowledgement times out", for the timeout variants. */
const unansweredClause = (names: readonly string[]) =>
  names.length === 0 ? '' : `; no acknowledgement in time from ${describeReceivers(names)}`;

/** "; hello handlers run Bob twice", for a scenario that claims how often its handlers run. */
const handledClause = (block: ScenarioBlock, runs: readonly HandlerRuns[] | undefined, verb: string) =>
  block.handled === undefined || runs === undefined ? '' : `; hello handlers ${verb} ${describeHandled(runs)}`;

/**
 * A lesson's scenario: the call, its cast and the lesson's claim of who receives it, and a "Try it" that sets
 * the page's cards to exactly this cast and performs the call for real. What the cards' own sockets received
 * is then compared with the claim; if they ever differ, the real delivery wins, and this says so.
 */
@customElement('lesson-scenario')
export class LessonScenario extends LitElement {
  static override styles = [
    controlStyles,
    lessonBlockStyles,
    css`
      .claim {
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) accessor block: ScenarioBlock | undefined;
  /** Who this scenario is to the lab: the runs it asked for are the ones it reports. */
  @property() accessor requester = '';
  /** The lab's last scenario run, whoever asked for it. */
  @property({ attribute: false }) accessor run: ScenarioRun | undefined;

  /** This scenario's own last run: kept when the lab moves on to another. */
  #mine: ScenarioRun | undefined;

  protected override willUpdate(): void {
    if (this.run?.requester === this.requester) this.#mine = this.run;
  }

  override render() {
    const block = this.block;
    if (!block) return nothing;
    return html`
      <div class="box" role="group" aria-labelledby="sender code">
        <p class="label" id="sender">In ${block.sender}'s connection handler</p>
        <pre><code id="code">${scenarioCode(block)}</code></pre>
        <p class="muted">Clients: ${describeCast(block.clients)}</p>
        <p class="claim">Receivers: ${describeReceivers(block.receivers)}${unansweredClause(block.unanswered)}${handledClause(block, claimedRuns(block), 'run')}</p>
        ${block.nodes === undefined
          ? html`<div class="actions">
                <button class="primary" aria-describedby="code" @click=${this.#tryIt}>Try it</button>
                ${this.#mine?.state === 'armed' ? html`<button @click=${this.#fire}>Run</button>` : nothing}
              </div>
              <p role="status">${this.#status(block)}</p>`
          : html`<p class="muted">${onSeveralNodes(block.nodes)}</p>`}
      </div>
    `;
  }

  #status(block: ScenarioBlock) {
    const run = this.#mine;
    switch (run?.state) {
      case undefined:
        return '';
      case 'setting up':
        return html`<span class="waiting">Setting the cards to this cast…</span>`;
      case 'armed':
        return html`<span class="waiting">Predict first is on: tick “will receive” on each card you expect to get it, then Run.</span>`;
      case 'running':
        return html`<span class="waiting">Running it for real…</span>`;
      case 'failed':
        return html`<span class="differs">Could not run it: ${run.error}</span>`;
      case 'done': {
        const deliveries = run.deliveries ?? [];
        const unanswered = run.unanswered ?? [];
        const handled = run.handled ?? [];
        const delivered = `socket.io delivered to ${describeDelivered(deliveries)}${unansweredClause(unanswered)}${handledClause(block, handled, 'ran')}`;
        const claimHolds = claimDifference(block.receivers, deliveries, block.fewerThan) === undefined && handledDifference(block, handled) === undefined;
        if (claimHolds && sameNames(unanswered, block.unanswered)) {
          return html`<span class="matched">✓ Real deliveries: ${delivered}, as the lesson claims.</span>`;
        }
        return html`<span class="differs"
          >✗ Real deliveries: ${delivered}. The lesson claims ${describeReceivers(block.receivers)}${unansweredClause(block.unanswered)}${handledClause(block, claimedRuns(block), 'run')}. They
          differ, and the real delivery wins: trust the cards.</span
        >`;
      }
    }
  }

  #tryIt() {
    if (!this.block) return;
    const detail: ScenarioDetail = { scenario: this.block, requester: this.requester };
    requestScenarioRun(this, detail);
  }

  #fire() {
    requestFire(this);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-scenario': LessonScenario;
  }
}
