import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { describeDelivered, describeReceivers, matchesClaim, type QuizBlock, type ScenarioBlock } from '../../core/lessons.ts';
import { requestFire } from '../controllers/predict-mode.ts';
import { requestScenarioRun, type ScenarioDetail, type ScenarioRun } from '../controllers/stage.ts';
import { onSeveralNodes } from './lesson-scenario.ts';
import { inlineHtml } from '../course.ts';
import { controlStyles } from '../styles/controls.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

export interface QuizAnsweredDetail {
  quiz: string;
}

/**
 * "Who receives this?" about one of the lesson's scenarios. The answer is never stored: the quiz runs the
 * real emit and compares the student's answer with what the cards' own sockets received. With options it
 * is multiple choice; without, the student ticks on each card whether it will receive, then runs it.
 */
@customElement('lesson-quiz')
export class LessonQuiz extends LitElement {
  static override styles = [
    controlStyles,
    lessonBlockStyles,
    css`
      :host {
        --block-accent: var(--client-color-3);
      }

      fieldset {
        min-width: 0;
      }

      legend,
      .question {
        padding: 0;
        font-weight: 600;
      }

      legend {
        float: left;
        width: 100%;
        margin-bottom: 0.2rem;
      }

      legend + * {
        clear: both;
      }

      .options {
        display: grid;
        gap: 0.3rem;
      }

      label {
        display: flex;
        flex-wrap: wrap;
        gap: 0.2rem 0.5rem;
        align-items: center;
        cursor: pointer;
      }

      input[type='radio'] {
        width: 1.1em;
        height: 1.1em;
        margin: 0;
      }

      .real {
        padding: 0 0.4rem;
        border-radius: 1em;
        background: var(--ok);
        color: #fff;
        font-size: 0.8em;
        font-weight: 700;
      }

      .done {
        font-size: 0.85em;
        color: var(--text-muted);
      }
    `,
  ];

  @property({ attribute: false }) accessor quiz: QuizBlock | undefined;
  /** The scenario the quiz asks about. */
  @property({ attribute: false }) accessor scenario: ScenarioBlock | undefined;
  @property() accessor requester = '';
  @property({ attribute: false }) accessor run: ScenarioRun | undefined;
  /** Answered on an earlier visit (the page's progress). */
  @property({ type: Boolean }) accessor answered = false;

  /** The option ticked, by index. */
  @state() accessor choice: number | undefined;
  @state() accessor mustChoose = false;
  /** A quiz on several nodes: the student asked to check the answer they picked. */
  @state() accessor revealed = false;

  #mine: ScenarioRun | undefined;
  /** The real emit just answered the quiz: the page is told once it is drawn. */
  #justAnswered = false;

  protected override willUpdate(): void {
    if (this.run?.requester !== this.requester || this.run === this.#mine) return;
    this.#justAnswered = this.run.state === 'done';
    this.#mine = this.run;
  }

  protected override updated(): void {
    if (!this.#justAnswered || !this.quiz) return;
    this.#justAnswered = false;
    this.dispatchEvent(new CustomEvent<QuizAnsweredDetail>('quiz-answered', { detail: { quiz: this.quiz.id }, bubbles: true, composed: true }));
  }

  override render() {
    const quiz = this.quiz;
    if (!quiz || !this.scenario) return nothing;
    if (this.scenario.nodes !== undefined) return this.#onNodes(quiz, this.scenario.nodes);
    return quiz.options ? this.#multipleChoice(quiz, quiz.options) : this.#predict(quiz);
  }

  #question(quiz: QuizBlock) {
    // The sanitising renderer's output (raw HTML in the lesson is escaped by it), and nothing else.
    return unsafeHTML(inlineHtml(quiz.question));
  }

  #answeredBefore() {
    return this.answered && this.#mine === undefined ? html`<p class="done">You answered this quiz before; run it again any time.</p>` : nothing;
  }

  /** The radio buttons of a multiple-choice quiz; `real` marks the option socket.io really did, once it ran. */
  #options(options: readonly string[][], real: (option: readonly string[]) => boolean) {
    return html`<div class="options">
      ${options.map(
        (option, index) => html`<label>
          <input type="radio" name="option" .checked=${this.choice === index} @change=${() => this.#choose(index)} />
          ${describeReceivers(option)} ${real(option) ? html`<span class="real">what socket.io did</span>` : nothing}
        </label>`,
      )}
    </div>`;
  }

  #multipleChoice(quiz: QuizBlock, options: readonly string[][]) {
    const deliveries = this.#mine?.state === 'done' ? this.#mine.deliveries : undefined;
    return html`
      <fieldset class="box">
        <legend><span class="label">Quiz</span> ${this.#question(quiz)}</legend>
        ${this.#options(options, (option) => deliveries !== undefined && matchesClaim(option, deliveries, this.scenario?.fewerThan))}
        <div class="actions"><button class="primary" @click=${this.#check}>Run it to check</button></div>
        ${this.#answeredBefore()}
        <p role="status">${this.#verdict(options, deliveries)}</p>
      </fieldset>
    `;
  }

  /**
   * A quiz about a scenario on several nodes: the page cannot run it (see onSeveralNodes), so the answer it checks
   * against is the lesson's claim, which npm test verifies on real nodes; the page says so.
   */
  #onNodes(quiz: QuizBlock, nodes: number) {
    const claim = this.scenario?.receivers ?? [];
    const options = quiz.options ?? [];
    const picked = this.choice === undefined ? undefined : options[this.choice];
    const verdict = this.mustChoose
      ? html`<span class="waiting">Pick an answer first, then check it.</span>`
      : !this.revealed || !picked
        ? ''
        : picked.length === claim.length && picked.every((name) => claim.includes(name))
          ? html`<span class="matched">✓ Right: ${describeReceivers(claim)}.</span>`
          : html`<span class="differs">✗ Not this one: you picked ${describeReceivers(picked)}; the receivers are ${describeReceivers(claim)}.</span>`;
    return html`
      <fieldset class="box">
        <legend><span class="label">Quiz</span> ${this.#question(quiz)}</legend>
        ${this.#options(options, () => false)}
        <div class="actions"><button class="primary" @click=${this.#reveal}>Check my answer</button></div>
        <p class="muted">${onSeveralNodes(nodes)}</p>
        <p role="status">${verdict}</p>
      </fieldset>
    `;
  }

  #reveal() {
    if (this.choice === undefined) {
      this.mustChoose = true;
      return;
    }
    this.revealed = true;
    this.dispatchEvent(new CustomEvent<QuizAnsweredDetail>('quiz-answered', { detail: { quiz: this.quiz?.id ?? '' }, bubbles: true, composed: true }));
  }

  #verdict(options: readonly string[][], deliveries: ScenarioRun['deliveries']) {
    if (this.mustChoose) return html`<span class="waiting">Pick an answer first, then run it.</span>`;
    const run = this.#mine;
    if (!run) return '';
    if (run.state === 'failed') return html`<span class="differs">Could not run it: ${run.error}</span>`;
    if (!deliveries) return html`<span class="waiting">Running it for real…</span>`;
    const delivered = `socket.io delivered to ${describeDelivered(deliveries)}`;
    if (!options.some((option) => matchesClaim(option, deliveries, this.scenario?.fewerThan))) {
      return html`<span class="differs">None of the options is what happened: ${delivered}. The real delivery wins.</span>`;
    }
    const picked = this.choice === undefined ? undefined : options[this.choice];
    if (picked && matchesClaim(picked, deliveries, this.scenario?.fewerThan)) return html`<span class="matched">✓ Right: ${delivered}.</span>`;
    return html`<span class="differs">✗ Not this one: you picked ${describeReceivers(picked ?? [])}, and ${delivered}.</span>`;
  }

  #predict(quiz: QuizBlock) {
    const run = this.#mine;
    return html`
      <div class="box" role="group" aria-labelledby="question">
        <p class="question" id="question"><span class="label">Quiz</span> ${this.#question(quiz)}</p>
        <p>“Set up the cards” puts this cast on the page with a “will receive” box on each card: tick the cards you expect, then Run.</p>
        <div class="actions">
          <button class=${run?.state === 'armed' ? '' : 'primary'} @click=${this.#setUp}>Set up the cards</button>
          ${run?.state === 'armed' ? html`<button class="primary" @click=${this.#fire}>Run</button>` : nothing}
        </div>
        ${this.#answeredBefore()}
        <p role="status">${this.#score()}</p>
      </div>
    `;
  }

  #score() {
    const run = this.#mine;
    switch (run?.state) {
      case undefined:
        return '';
      case 'setting up':
        return html`<span class="waiting">Setting the cards to this cast…</span>`;
      case 'armed':
        return html`<span class="waiting">Now tick “will receive” on each card you expect to get it, then Run.</span>`;
      case 'running':
        return html`<span class="waiting">Running it for real…</span>`;
      case 'failed':
        return html`<span class="differs">Could not run it: ${run.error}</span>`;
      case 'done': {
        const delivered = `socket.io delivered to ${describeDelivered(run.deliveries ?? [])}`;
        const score = run.score;
        if (!score || score.total === 0) return html`<span class="matched">${delivered}.</span>`;
        const verdict = score.right === score.total ? 'matched' : 'differs';
        return html`<span class=${verdict}>You predicted ${score.right} of ${score.total} cards right: ${delivered}.</span>`;
      }
    }
  }

  #choose(index: number) {
    this.choice = index;
    this.mustChoose = false;
    this.revealed = false;
  }

  #check() {
    if (this.choice === undefined) {
      this.mustChoose = true;
      return;
    }
    this.#request('fire');
  }

  #setUp() {
    this.#request('predict');
  }

  #request(mode: ScenarioDetail['mode']) {
    if (!this.scenario) return;
    const detail: ScenarioDetail = { scenario: this.scenario, requester: this.requester, mode };
    requestScenarioRun(this, detail);
  }

  #fire() {
    requestFire(this);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-quiz': LessonQuiz;
  }
  interface HTMLElementEventMap {
    'quiz-answered': CustomEvent<QuizAnsweredDetail>;
  }
}
