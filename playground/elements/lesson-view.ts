import { LitElement, css, html, nothing, render, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { lessonBlock, lessonBlocks, receiversTableRows, type Lesson, type LessonBlock, type LessonsParse } from '../../core/lessons.ts';
import { describeCast } from '../../core/scenario.ts';
import { requestScenarioRun, type ScenarioDetail, type ScenarioRun } from '../controllers/stage.ts';
import { LessonProgress } from '../controllers/lesson-progress.ts';
import { LessonRoute, lessonPath } from '../controllers/lesson-route.ts';
import { course as builtCourse, lessonHtml } from '../course.ts';
import { controlStyles } from '../styles/controls.ts';
import './lesson-check.ts';
import './lesson-exercise.ts';
import './lesson-lifecycle.ts';
import './lesson-measure.ts';
import type { QuizAnsweredDetail } from './lesson-quiz.ts';
import './lesson-quiz.ts';
import './lesson-receivers-table.ts';
import './lesson-scenario.ts';

export interface PlaygroundSectionDetail {
  /** The id of a section of the playground, e.g. polling-demo, from a lesson's link "#polling-demo". */
  section: string;
}

/** The course beside the playground: the list of lessons, the lesson open now with its blocks made live, and the way on. */
@customElement('lesson-view')
export class LessonView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        min-width: 0;
        box-sizing: border-box;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
        box-shadow: 0 1px 3px rgb(0 0 0 / 8%);
      }

      /* Wide screens, a projector: the lesson beside the playground, in its own scroll (emit-playground.ts's grid). */
      @media (min-width: 80rem) {
        :host(:not([collapsed])) {
          position: sticky;
          top: 0.5rem;
          max-height: calc(100vh - 1rem);
          overflow-y: auto;
          overscroll-behavior: contain;
        }
      }

      .inner {
        display: grid;
        gap: 0.75rem;
        padding: 0.9rem 1.1rem 1.2rem;
      }

      /* A wide table or code line scrolls in its own box rather than widening the column. */
      .inner > * {
        min-width: 0;
      }

      a {
        color: var(--focus);
      }

      .errors,
      .missing {
        margin: 0;
        padding: 0.6rem 0.8rem;
        border-left: 0.3rem solid var(--danger);
        background: var(--danger-bg);
        color: var(--danger);
      }

      .errors h2 {
        margin: 0 0 0.3rem;
        font-size: 1.1rem;
      }

      .errors ul {
        margin: 0.3rem 0 0;
        padding-left: 1.2rem;
      }

      .errors code {
        overflow-wrap: anywhere;
      }

      /* The list of lessons. */
      details.contents {
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
      }

      details.contents summary {
        padding: 0.4rem 0.7rem;
        font-weight: 700;
        cursor: pointer;
      }

      .count {
        font-weight: 400;
        color: var(--text-muted);
      }

      .contents ol {
        display: grid;
        gap: 0.1rem;
        margin: 0;
        padding: 0 0.4rem 0.5rem;
        list-style: none;
      }

      .contents a {
        display: grid;
        grid-template-columns: 1.3em minmax(0, 1fr) auto;
        gap: 0.4rem;
        align-items: baseline;
        padding: 0.25rem 0.35rem;
        border-radius: calc(var(--radius) * 0.5);
        color: var(--text);
        text-decoration: none;
      }

      .contents a:hover {
        background: #e6ebf1;
      }

      .contents a[aria-current='page'] {
        background: var(--surface);
        box-shadow: inset 0.2rem 0 0 var(--focus);
        font-weight: 700;
      }

      .tick {
        color: var(--ok);
        font-weight: 700;
        text-align: center;
      }

      .quizzes {
        font-size: 0.8em;
        color: var(--text-muted);
        white-space: nowrap;
      }

      /* The lesson. */
      .lesson-head {
        display: flex;
        margin-bottom: 0.6rem;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        align-items: start;
        justify-content: space-between;
      }

      .stage {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.6rem;
        align-items: baseline;
        margin: 0.3rem 0 0;
        font-size: 0.9em;
        color: var(--text-muted);
      }

      .kicker {
        margin: 0;
        font-size: 0.8em;
        font-weight: 700;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--text-muted);
      }

      h2.title {
        margin: 0.1rem 0 0;
        font-size: 1.55rem;
        line-height: 1.15;
      }

      /* Focused when a lesson opens: the ring shows a keyboard user where they landed. */
      h2.title:focus-visible {
        outline: 3px solid var(--focus);
        outline-offset: 3px;
        border-radius: 0.2rem;
      }

      :host([collapsed]) .content {
        display: none;
      }

      .body {
        line-height: 1.5;
      }

      .body > :first-child {
        margin-top: 0;
      }

      .body h2 {
        margin: 1.4rem 0 0.4rem;
        font-size: 1.2rem;
      }

      .body h3 {
        margin: 1.1rem 0 0.3rem;
        font-size: 1.05rem;
      }

      .body p,
      .body ul,
      .body ol {
        margin: 0.5rem 0;
      }

      .body ul,
      .body ol {
        padding-left: 1.3rem;
      }

      .body li + li {
        margin-top: 0.2rem;
      }

      .body code,
      .body pre {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        font-size: 0.88em;
      }

      .body :not(pre) > code {
        padding: 0.05rem 0.25rem;
        border-radius: 0.25rem;
        background: var(--surface-muted);
        overflow-wrap: anywhere;
      }

      .body pre {
        margin: 0.6rem 0;
        padding: 0.5rem 0.7rem;
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
        overflow-x: auto;
      }

      .body table {
        display: block;
        max-width: 100%;
        overflow-x: auto;
        border-collapse: collapse;
        margin: 0.6rem 0;
      }

      .body th,
      .body td {
        padding: 0.3rem 0.5rem;
        border: 1px solid var(--border);
        text-align: left;
        vertical-align: top;
      }

      .body th {
        background: var(--surface-muted);
      }

      .body blockquote {
        margin: 0.6rem 0;
        padding-left: 0.8rem;
        border-left: 0.25rem solid var(--border);
        color: var(--text-muted);
      }

      .pager {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        justify-content: space-between;
        margin-top: 1.2rem;
        padding-top: 0.8rem;
        border-top: 1px solid var(--border);
      }

      .pager a {
        display: grid;
        gap: 0.1rem;
        max-width: 48%;
        padding: 0.4rem 0.7rem;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
        color: var(--text);
        text-decoration: none;
      }

      .pager a:hover {
        background: #e6ebf1;
      }

      .pager .next {
        margin-left: auto;
        text-align: right;
      }

      .pager .way {
        font-size: 0.8em;
        font-weight: 700;
        color: var(--focus);
      }

      /* On a phone the lesson comes first and folds away, so that the cards are one swipe down. */
      @media (max-width: 50rem) {
        .inner {
          padding: 0.75rem 0.8rem 1rem;
        }

        h2.title {
          font-size: 1.3rem;
        }

        .pager a {
          max-width: 100%;
        }
      }
    `,
  ];

  /** Every lesson, or every mistake that kept them from being read. */
  @property({ attribute: false }) accessor course: LessonsParse = builtCourse;
  /** The emit lab's last scenario run, for the blocks that asked for it. */
  @property({ attribute: false }) accessor run: ScenarioRun | undefined;
  /** The lesson folded away: on a phone, to reach the cards; on a projector, to give the playground the whole width. */
  @property({ type: Boolean, reflect: true }) accessor collapsed = false;

  /** Set by a click on a lesson link, so that the new lesson is scrolled to and its title focused once drawn. */
  @state() accessor arrived = false;

  @query('h2.title') accessor titleHeading: HTMLElement | null = null;

  readonly #progress = new LessonProgress(this);
  readonly #route = new LessonRoute(this, () => this.#fallback());
  /** The last lesson rendered to HTML, so that a redraw does not render it again. */
  #rendered: { lesson: Lesson; html: string } | undefined;
  #titled: Lesson | undefined;

  get #lessons(): readonly Lesson[] {
    return this.course.ok ? this.course.lessons : [];
  }

  /** The lesson / opens: the one open last, or the first. */
  #fallback(): string | undefined {
    const lessons = this.#lessons;
    return lessons.find((lesson) => lesson.id === this.#progress.last)?.id ?? lessons[0]?.id;
  }

  #current(): Lesson | undefined {
    const id = this.#route.id ?? this.#fallback();
    return this.#lessons.find((lesson) => lesson.id === id);
  }

  protected override willUpdate(): void {
    const lesson = this.#current();
    if (lesson) this.#progress.visit(lesson.id);
  }

  override render() {
    const lessons = this.#lessons;
    const lesson = this.#current();
    const id = this.#route.id;
    return html`
      <div class="inner">
        ${this.course.ok
          ? nothing
          : html`<div class="errors" role="alert">
              <h2>The lessons could not be read</h2>
              <p>The playground still works. Fix these lines of the lesson files:</p>
              <ul>
                ${this.course.errors.map((error) => html`<li><code>${error}</code></li>`)}
              </ul>
            </div>`}
        ${lessons.length > 0 ? this.#contents(lessons, lesson) : nothing}
        ${lesson
          ? this.#lesson(lessons, lesson)
          : id !== undefined && lessons.length > 0
            ? html`<p class="missing" role="alert">There is no lesson “${id}”: pick one from the list above.</p>`
            : nothing}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const lesson = this.#current();
    if (!lesson) return;
    for (const placeholder of this.renderRoot.querySelectorAll<HTMLElement>('.body [data-block]')) {
      const block = lesson.blocks.find((candidate) => candidate.kind === placeholder.dataset['block'] && candidate.id === placeholder.dataset['id']);
      if (block) render(this.#block(lesson, block), placeholder, { host: this });
    }
    if (this.#titled !== lesson) {
      this.#titled = lesson;
      document.title = `${lesson.title} · emit playground`;
    }
    if (changed.has('arrived') && this.arrived) {
      this.arrived = false;
      this.scrollTop = 0;
      if (this.getBoundingClientRect().top < 0) this.scrollIntoView({ block: 'start' });
      this.titleHeading?.focus({ preventScroll: true });
    }
  }

  #contents(lessons: readonly Lesson[], current: Lesson | undefined) {
    const visited = lessons.filter((lesson) => this.#progress.hasVisited(lesson.id)).length;
    return html`
      <nav aria-label="Lessons">
        <details class="contents" ?open=${current === undefined}>
          <summary>All lessons <span class="count">(${visited} of ${lessons.length} visited)</span></summary>
          <ol>
            ${lessons.map((lesson) => {
              const seen = this.#progress.hasVisited(lesson.id);
              const quizzes = lessonBlocks(lesson, 'quiz');
              const answered = quizzes.filter((quiz) => this.#progress.hasAnswered(lesson.id, quiz.id)).length;
              return html`<li>
                <a href=${lessonPath(lesson.id)} aria-current=${lesson === current ? 'page' : 'false'} @click=${this.#follow(lesson.id)}>
                  <span class="tick" aria-hidden="true">${seen ? '✓' : ''}</span>
                  <span>${lesson.order}. ${lesson.title}<span class="visually-hidden">${seen ? ' (visited)' : ''}</span></span>
                  ${quizzes.length > 0 && seen ? html`<span class="quizzes">${answered}/${quizzes.length} quizzes</span>` : nothing}
                </a>
              </li>`;
            })}
          </ol>
        </details>
      </nav>
    `;
  }

  #lesson(lessons: readonly Lesson[], lesson: Lesson) {
    const index = lessons.indexOf(lesson);
    const previous = lessons[index - 1];
    const next = lessons[index + 1];
    if (this.#rendered?.lesson !== lesson) this.#rendered = { lesson, html: lessonHtml(lesson) };
    return html`
      <article aria-labelledby="lesson-title">
        <div class="lesson-head">
          <div>
            <p class="kicker">Lesson ${index + 1} of ${lessons.length}</p>
            <h2 class="title" id="lesson-title" tabindex="-1">${lesson.title}</h2>
            ${this.#openingStage(lesson)}
          </div>
          <button class="toggle" aria-expanded=${this.collapsed ? 'false' : 'true'} aria-controls="lesson-content" @click=${this.#toggle}>
            ${this.collapsed ? 'Show the lesson' : 'Hide the lesson'}
          </button>
        </div>
        <div class="content" id="lesson-content">
          <div class="body" @click=${this.#onBodyClick} @quiz-answered=${(event: CustomEvent<QuizAnsweredDetail>) => this.#progress.answer(lesson.id, event.detail.quiz)}>
            ${unsafeHTML(this.#rendered.html)}
          </div>
          <nav class="pager" aria-label="Previous and next lesson">
            ${previous
              ? html`<a class="previous" rel="prev" href=${lessonPath(previous.id)} @click=${this.#follow(previous.id)}
                  ><span class="way">← Previous</span><span>${previous.title}</span></a
                >`
              : nothing}
            ${next
              ? html`<a class="next" rel="next" href=${lessonPath(next.id)} @click=${this.#follow(next.id)}
                  ><span class="way">Next →</span><span>${next.title}</span></a
                >`
              : nothing}
          </nav>
        </div>
      </article>
    `;
  }

  /** The cast the lesson opens with, one click away: set up on the page, nothing fired. */
  #openingStage(lesson: Lesson) {
    const opening = lesson.scenario === undefined ? undefined : lessonBlock(lesson, 'scenario', lesson.scenario);
    if (!opening) return nothing;
    const requester = `${lesson.id}/opening`;
    const run = this.run?.requester === requester ? this.run : undefined;
    const setUp = () => {
      const detail: ScenarioDetail = { scenario: opening, requester, mode: 'set up' };
      requestScenarioRun(this, detail);
    };
    return html`<p class="stage">
      <button @click=${setUp}>Set the stage</button>
      <span role="status" aria-label="Stage"
        >${run?.state === 'ready'
          ? `The cards are set: ${describeCast(opening.clients)}.`
          : run?.state === 'failed'
            ? `Could not set the cards: ${run.error}`
            : run
              ? 'Setting the cards…'
              : `This lesson starts with ${describeCast(opening.clients)}.`}</span
      >
    </p>`;
  }

  /** A placeholder the renderer left, as the live element for its block. */
  #block(lesson: Lesson, block: LessonBlock) {
    const requester = `${lesson.id}/${block.id}`;
    switch (block.kind) {
      case 'scenario':
        return html`<lesson-scenario .block=${block} .requester=${requester} .run=${this.run}></lesson-scenario>`;
      case 'quiz':
        return html`<lesson-quiz
          .quiz=${block}
          .scenario=${lessonBlock(lesson, 'scenario', block.scenario)}
          .requester=${requester}
          .run=${this.run}
          .answered=${this.#progress.hasAnswered(lesson.id, block.id)}
        ></lesson-quiz>`;
      case 'receivers-table':
        return html`<lesson-receivers-table .rows=${receiversTableRows(lesson, block)}></lesson-receivers-table>`;
      case 'exercise':
        return html`<lesson-exercise .block=${block} .lessonId=${lesson.id}></lesson-exercise>`;
      case 'check':
        return html`<lesson-check .block=${block} .lessonId=${lesson.id}></lesson-check>`;
      case 'lifecycle':
        return html`<lesson-lifecycle></lesson-lifecycle>`;
      case 'measure':
        return html`<lesson-measure .block=${block}></lesson-measure>`;
    }
  }

  /** A click on a lesson link opens it in place; a click with a modifier opens a tab, as links do. */
  #follow(id: string) {
    return (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      this.#route.go(id);
      this.collapsed = false;
      this.arrived = true;
    };
  }

  /** A lesson's "#polling-demo" link points into the playground, whose sections live in another shadow root. */
  #onBodyClick(event: MouseEvent) {
    const link = (event.target as Element | null)?.closest?.('a');
    const href = link?.getAttribute('href');
    if (!href?.startsWith('#') || href.length < 2) return;
    event.preventDefault();
    const detail: PlaygroundSectionDetail = { section: href.slice(1) };
    this.dispatchEvent(new CustomEvent<PlaygroundSectionDetail>('playground-section', { detail, bubbles: true, composed: true }));
  }

  #toggle() {
    this.collapsed = !this.collapsed;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-view': LessonView;
  }
  interface HTMLElementEventMap {
    'playground-section': CustomEvent<PlaygroundSectionDetail>;
  }
}
