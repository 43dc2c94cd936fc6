import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { EXERCISE_ROUTE, checkCommand, exerciseFile, type ExerciseBlock, type ExerciseStatus } from '../../core/lessons.ts';
import { isRecord } from '../../core/validation.ts';
import { inlineHtml } from '../course.ts';
import { controlStyles } from '../styles/controls.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

type LiveCheck = { state: 'checking' } | { state: 'checked'; status: ExerciseStatus } | { state: 'unavailable'; error: string };

/** The server's answer, read as untrusted JSON: the shape the live check draws, or a sentence saying why not. */
function readAnswer(body: unknown): LiveCheck {
  if (!isRecord(body)) return { state: 'unavailable', error: 'The server gave no answer the page can read.' };
  if (body.ok !== true) return { state: 'unavailable', error: typeof body.error === 'string' ? body.error : 'The server could not check the exercise.' };
  const status = body.status;
  if (!isRecord(status) || typeof status.file !== 'string' || typeof status.passes !== 'boolean' || !Array.isArray(status.checks)) {
    return { state: 'unavailable', error: 'The server gave no answer the page can read.' };
  }
  return { state: 'checked', status: status as unknown as ExerciseStatus };
}

/** A hint written in the lesson's Markdown, drawn as the lesson draws it; one the page does not know, as text. */
function hintHtml(hint: string) {
  const rendered = inlineHtml(hint);
  // Only the sanitising renderer's output goes through unsafeHTML: raw HTML in a lesson comes out as text.
  return rendered ? unsafeHTML(rendered) : hint;
}

/**
 * A lesson's exercise: the file to complete, the handler the checker calls, the command that checks it, and
 * beside it a live check: the server runs that command's checks on the student's file ("passes now", or the
 * next thing to do, with its hint) once the exercise scrolls into view, and again on "Check again". Not on
 * load: each check is a process on the server, and most readers of a lesson are not at its exercise yet.
 */
@customElement('lesson-exercise')
export class LessonExercise extends LitElement {
  static override styles = [
    controlStyles,
    lessonBlockStyles,
    css`
      :host {
        --block-accent: var(--client-color-2);
      }

      .live {
        display: grid;
        gap: 0.35rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor block: ExerciseBlock | undefined;
  @property() accessor lessonId = '';
  @state() accessor live: LiveCheck | undefined;
  #request: AbortController | undefined;
  #seen: IntersectionObserver | undefined;

  override connectedCallback() {
    super.connectedCallback();
    if (this.lessonId && !this.live) this.#checkWhenSeen();
  }

  override updated(changed: PropertyValues<this>) {
    if (changed.has('lessonId') && this.lessonId) this.#checkWhenSeen();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#seen?.disconnect();
    this.#request?.abort();
  }

  #checkWhenSeen() {
    this.#seen?.disconnect();
    this.#request?.abort();
    this.live = undefined;
    this.#seen = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      this.#seen?.disconnect();
      void this.#check();
    });
    this.#seen.observe(this);
  }

  async #check() {
    this.#seen?.disconnect();
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    this.live = { state: 'checking' };
    let live: LiveCheck;
    try {
      const response = await fetch(`${EXERCISE_ROUTE}/${encodeURIComponent(this.lessonId)}`, { cache: 'no-store', signal: request.signal });
      live = readAnswer(await response.json().catch(() => undefined));
    } catch {
      if (request.signal.aborted) return;
      live = { state: 'unavailable', error: 'The server did not answer: is npm start still running?' };
    }
    if (this.#request === request) this.live = live;
  }

  #renderLive() {
    const live = this.live;
    if (!live) return nothing;
    if (live.state === 'checking') return html`<p>Checking <code>${exerciseFile({ id: this.lessonId })}</code>…</p>`;
    if (live.state === 'unavailable') return html`<p class="muted">Live check unavailable: ${live.error}</p>`;
    const { status } = live;
    if (status.passes) return html`<p class="matched">Passes now: every check passes.</p>`;
    if (status.error) return html`<p class="differs">To do: fix the file first.</p><p><code>${status.error}</code></p>`;
    const failed = status.checks.find((check) => !check.passed);
    if (!failed) return html`<p class="differs">To do: the exercise has no check that passes yet.</p>`;
    const passed = status.checks.filter((check) => check.passed).length;
    return html`
      <p class="differs">To do: ${passed} of ${status.checks.length} checks pass.</p>
      <p>Check <code>${failed.id}</code>: expected ${failed.expected}, received by ${failed.actual}.</p>
      ${failed.problem ? html`<p><code>${failed.problem}</code></p>` : nothing}
      <p><strong>Hint:</strong> ${hintHtml(failed.hint)}</p>
    `;
  }

  override render() {
    const block = this.block;
    if (!block) return nothing;
    const trigger = block.on === 'disconnecting' ? html`when the sender disconnects` : html`when a client emits <code>${block.on}</code>`;
    return html`
      <section class="box" aria-labelledby="title">
        <p class="label" id="title">Exercise</p>
        <p>
          Open <code>${exerciseFile({ id: this.lessonId })}</code> and complete
          <code>${block.handler}(${block.args.join(', ')})</code>. The server calls it ${trigger}; the checks watch who
          receives <code>${block.watch}</code>.${block.client
            ? html` Its client side is <code>${block.client.handler}(${block.client.args.join(', ')})</code>, which each
                client's socket runs before it connects.`
            : nothing}${block.nodes === undefined ? nothing : html` It runs on ${block.nodes} servers sharing one Redis.`}
        </p>
        <p>In a terminal, in the project folder:</p>
        <pre><code>${checkCommand({ id: this.lessonId })}</code></pre>
        <p class="muted">Add <code>--watch</code> to check again every time you save. Each failing check prints its hint.</p>
        <div class="live">
          <div role="status" aria-live="polite">${this.#renderLive()}</div>
          <div class="actions">
            <button ?disabled=${this.live?.state === 'checking'} @click=${() => void this.#check()}>${this.live ? 'Check again' : 'Check now'}</button>
          </div>
        </div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-exercise': LessonExercise;
  }
}
