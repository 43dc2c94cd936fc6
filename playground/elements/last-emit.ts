import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { copiesSent, quote, variant, type EmitRequest } from '../../core/emit-rules.ts';
import type { EmitOutcome, LabPayload } from '../../core/lab-contract.ts';
import type { CardLab } from '../controllers/emit-lab.ts';
import type { PredictionDetail } from '../controllers/predict-mode.ts';
import type { AnswerAcksDetail, Receipt } from '../controllers/lab-receiver.ts';
import { controlStyles } from '../styles/controls.ts';
import { formatClock, isoTime } from '../formats.ts';

type Shown = 'none' | 'not sent' | 'pending' | 'received' | 'not received';

const payloadCode = (payload: LabPayload) => `{ emit: ${payload.emit}, from: ${quote(payload.from)} }`;

/**
 * One card's answer to "did my socket get the last emit?": drawn from what the card's own socket
 * received (the receipt), explained with the server's reason for this socket (the result).
 */
@customElement('last-emit')
export class LastEmit extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }

      /* The label and the card's options share a row, to keep a compact card short; the verdict spans the card. */
      .lab {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 0.3rem 0.75rem;
        align-items: center;
      }

      .lab > * {
        grid-column: 1 / -1;
      }

      .lab > h3 {
        grid-column: 1;
        grid-row: 1;
      }

      .lab > .options {
        grid-column: 2;
        grid-row: 1;
        justify-content: end;
      }

      /* A phone's or a short screen's compact card shows the verdict alone; the label and the ack option come back with the chat. */
      @media (max-width: 50rem), (max-height: 45rem) {
        :host([compact]) .lab > h3,
        :host([compact]) .options > label:not(.predict) {
          display: none;
        }
      }

      /* A phone's compact card: the verdict in two lines at most; the whole of it with the chat open, and for a screen reader. */
      @media (max-width: 50rem) {
        :host([compact]) .lab {
          row-gap: 0;
        }

        :host([compact]) .verdict {
          padding: 0.2rem 0.4rem;
        }

        :host([compact]) .verdict > span {
          display: -webkit-box;
          -webkit-box-orient: vertical;
          -webkit-line-clamp: 2;
          overflow: hidden;
        }
      }

      h3 {
        margin: 0;
        font-size: 0.8em;
        font-weight: 700;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--text-muted);
      }

      .verdict {
        display: flex;
        gap: 0.5rem;
        margin: 0;
        padding: 0.3rem 0.5rem;
        border: 2px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
        font-size: 0.85em;
        line-height: 1.3;
        overflow-wrap: anywhere;
      }

      .verdict::before {
        flex: none;
        width: 1.3em;
        font-weight: 700;
        text-align: center;
      }

      .received {
        border-color: var(--ok);
        background: var(--ok-bg, #eaf6ed);
      }

      .received::before {
        content: '✓' / '';
        color: var(--ok);
      }

      .not-received {
        border-style: dashed;
        border-color: var(--text-muted);
        background: var(--surface-muted);
        color: var(--text-muted);
      }

      .not-received::before {
        content: '✗' / '';
      }

      .pending {
        border-color: var(--warn);
        background: var(--warn-bg, #fff8e6);
      }

      .pending::before {
        content: '…' / '';
        color: var(--warn);
      }

      .not-sent {
        border-color: var(--danger);
        background: var(--danger-bg);
      }

      .not-sent::before {
        content: '!' / '';
        color: var(--danger);
      }

      .state {
        font-weight: 700;
      }

      .received .state {
        color: var(--ok);
      }

      .not-received .state {
        color: var(--text);
      }

      .surprise {
        font-weight: 600;
        color: var(--danger);
      }

      code {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        font-size: 0.9em;
      }

      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        font-size: 0.85em;
      }

      label {
        display: inline-flex;
        gap: 0.35rem;
        align-items: center;
        cursor: pointer;
      }

      input[type='checkbox'] {
        width: 1.1em;
        height: 1.1em;
        margin: 0;
      }

      .predict {
        font-weight: 600;
      }

      .score {
        margin: 0;
        font-weight: 600;
      }

      .score.right {
        color: var(--ok);
      }

      .score.wrong {
        color: var(--danger);
      }
    `,
  ];

  /** The card's client name. */
  @property() accessor name = '';
  @property({ attribute: false }) accessor lab: CardLab | undefined;
  @property({ attribute: false }) accessor receipt: Receipt | undefined;
  /** Drawn in a compact card: on a phone, only the verdict shows. */
  @property({ type: Boolean, reflect: true }) accessor compact = false;

  override render() {
    const { shown, text } = this.#describe();
    return html`
      <div class="lab">
        <h3>Last emit</h3>
        <!-- Not a live region: the report's one summary speaks for every card, rather than each card at once. -->
        <p role="group" aria-label="${this.name}'s last emit" class="verdict ${shown.replace(' ', '-')}">${text}</p>
        ${this.#score(shown)}
        <div class="options">
          ${this.lab?.predicting
            ? html`<label class="predict">
                <input type="checkbox" .checked=${this.lab.willReceive} @change=${this.#onPredict} />${this.name} will receive
              </label>`
            : nothing}
          <label>
            <input type="checkbox" .checked=${this.receipt?.answersAcks ?? true} @change=${this.#onAnswerAcks} />Answer acknowledgements
          </label>
        </div>
      </div>
    `;
  }

  #outcome(): EmitOutcome | undefined {
    const socketId = this.receipt?.socketId;
    return this.lab?.emit?.result?.outcomes.find((outcome) => outcome.socketId === socketId);
  }

  #describe(): { shown: Shown; text: TemplateResult } {
    const emit = this.lab?.emit;
    const delivery = this.receipt?.delivery;
    const say = (shown: Shown, rest: TemplateResult | string) => ({
      shown,
      text: html`<span><span class="state">${shown}</span> — ${rest}</span>`,
    });
    if (!emit) return { shown: 'none', text: html`<span>none yet: no emit has run since this card connected.</span>` };
    if (emit.error !== undefined) return say('not sent', 'the lab could not perform it: see why above the cards.');
    const outcome = this.#outcome();
    if (emit.result && !outcome) return say('not received', `${this.name}'s socket was not connected when the emit ran.`);
    if (!delivery || delivery.state === 'pending') {
      return say('pending', emit.emit === undefined ? 'waiting for the server to run the emit.' : 'waiting for this socket to hear the emit or its settle marker.');
    }
    const really = delivery.state === 'received';
    const why = !outcome
      ? html`the server's explanation is on its way.`
      : outcome.predicted === really
        ? html`${outcome.reason}`
        : html`<span class="surprise">the rules predicted the opposite</span> (“${outcome.reason}”), but this is what really arrived.`;
    if (delivery.state === 'not received') return say('not received', why);
    return {
      shown: 'received',
      text: html`<span
        ><span class="state">received</span>${this.#copies(emit.request)} — ${why}
        Arrived at <time datetime=${isoTime(delivery.receivedAt)}>${formatClock(delivery.receivedAt)}</time>
        with <code>${payloadCode(delivery.payload)}</code>.${this.#ack(outcome)}</span
      >`,
    };
  }

  /** "1 of 10 arrived" for a call that sends several copies; "(2 copies)" when one copy came twice. */
  #copies(request: EmitRequest) {
    const copies = this.receipt?.copies ?? 1;
    const sent = copiesSent(request);
    if (sent > 1) return html` <span class="surprise">(${copies} of ${sent} arrived)</span>`;
    return copies > 1 ? html` <span class="surprise">(${copies} copies)</span>` : nothing;
  }

  /** For the timeout variants: whether this socket's acknowledgement reached the server in time. */
  #ack(outcome: EmitOutcome | undefined): string {
    const emit = this.lab?.emit;
    if (!emit || !variant(emit.request.variant).needs.timeout) return '';
    const answered = this.receipt?.answered ?? false;
    const silent = answered ? '' : ' (this card does not answer acknowledgements)';
    if (outcome?.ack) return ` Acknowledgement: ${outcome.ack}${silent}.`;
    return answered ? ' Acknowledgement: answered; waiting for the server.' : ' Acknowledgement: not answered; the server will time out.';
  }

  #score(shown: Shown) {
    const predicted = this.lab?.emit?.predictions?.get(this.name);
    if (predicted === undefined || (shown !== 'received' && shown !== 'not received')) return nothing;
    const right = predicted === (shown === 'received');
    const said = `you said ${this.name} would${predicted ? '' : ' not'} receive it`;
    return html`<p class="score ${right ? 'right' : 'wrong'}">${right ? `✓ Prediction right: ${said}.` : `✗ Prediction wrong: ${said}.`}</p>`;
  }

  #onPredict(event: Event) {
    const willReceive = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(
      new CustomEvent<PredictionDetail>('prediction-change', { detail: { name: this.name, willReceive }, bubbles: true, composed: true }),
    );
  }

  #onAnswerAcks(event: Event) {
    const answersAcks = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent<AnswerAcksDetail>('answer-acks-change', { detail: { answersAcks }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'last-emit': LastEmit;
  }
}
