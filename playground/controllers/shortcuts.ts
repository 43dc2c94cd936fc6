import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { VARIANTS, type VariantId } from '../../core/emit-rules.ts';
import type { VariantDetail } from './emit-lab.ts';
import { lessonIdIn } from './lesson-route.ts';
import { requestFire } from './predict-mode.ts';
import { requestScenarioRun, type ScenarioRun } from './stage.ts';

/** One key of the page and what it does, as the list of shortcuts says it. */
export interface Shortcut {
  /** KeyboardEvent.key, lower case for a letter: '1', 'p', '?'. */
  key: string;
  /** What a student reads in the list: "Fire socket.emit". */
  does: string;
}

/** What the shortcuts need from the page that the lab's events do not carry. */
export interface ShortcutsHost extends ReactiveControllerHost, HTMLElement {
  /** Whether Predict first is on now, so that P can turn it the other way. */
  readonly predictFirst: boolean;
  /** The lab's last scenario run, so that N knows which of the lesson's Try it comes next. */
  readonly lastRun: ScenarioRun | undefined;
  replayLifecycle(): void;
  showShortcuts(): void;
  /** What the Reset button does. */
  resetStage(): void;
}

/** The four emits of the lesson, on 1 to 4 in the order of their buttons. */
const LESSON_VARIANTS: readonly VariantId[] = VARIANTS.filter((variant) => variant.lesson).map((variant) => variant.id);

/** Fields where a key is text being typed (or a choice being made by typing), never a shortcut. */
const NOT_TYPED_IN = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether the key press lands in a text field, a text area, a select or an editable element. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TYPED_IN.has(target.type);
}

/**
 * The page's keyboard shortcuts: 1–4 the lesson's emits, P Predict first, F Fire, 0 Reset, N the lesson's next
 * Try it, R replay the lifecycle, ? the list. They act through the same events as the buttons, so that a key does
 * exactly what its button does.
 */
export class PlaygroundShortcuts implements ReactiveController {
  readonly shortcuts: readonly Shortcut[] = [
    ...LESSON_VARIANTS.map((variant, index) => ({ key: String(index + 1), does: `Fire ${variant} (or arm it in Predict first)` })),
    { key: 'p', does: 'Turn Predict first on or off' },
    { key: 'f', does: 'Fire the emit Predict first armed' },
    { key: '0', does: 'Reset: the four default cards in their rooms' },
    { key: 'n', does: 'Next step of the lesson: its next Try it' },
    { key: 'r', does: 'Replay the lifecycle of a connection' },
    { key: '?', does: 'Show this list' },
  ];

  readonly #host: ShortcutsHost;

  constructor(host: ShortcutsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('keydown', this.#onKeyDown);
  }

  hostDisconnected(): void {
    document.removeEventListener('keydown', this.#onKeyDown);
  }

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (!this.#run(key)) return;
    event.preventDefault();
  };

  /** Performs the shortcut of a key; false when the key is none of them. */
  #run(key: string): boolean {
    const host = this.#host;
    const variant = LESSON_VARIANTS[Number(key) - 1];
    if (/^[1-9]$/.test(key) && variant) {
      host.dispatchEvent(new CustomEvent<VariantDetail>('emit-variant', { detail: { variant }, bubbles: true, composed: true }));
      return true;
    }
    switch (key) {
      case 'p':
        host.dispatchEvent(new CustomEvent('predict-first-change', { detail: { predictFirst: !host.predictFirst }, bubbles: true, composed: true }));
        return true;
      case 'f':
        requestFire(host);
        return true;
      case '0':
        host.resetStage();
        return true;
      case 'n':
        void this.#nextLessonStep();
        return true;
      case 'r':
        host.replayLifecycle();
        return true;
      case '?':
        host.showShortcuts();
        return true;
      default:
        return false;
    }
  }

  /**
   * Runs the Try it after the one the lab ran last, in the lesson's order (the first, when none of this lesson's
   * ran yet, or after its last), with the requester its block answers to, so the lesson shows the result there too.
   */
  async #nextLessonStep(): Promise<void> {
    const [{ course }, { lessonBlocks }] = await Promise.all([import('../course.ts'), import('../../core/lessons.ts')]);
    const id = lessonIdIn(location.pathname);
    const lesson = course.ok ? course.lessons.find((candidate) => candidate.id === id) : undefined;
    if (!lesson) return;
    const steps = lessonBlocks(lesson, 'scenario');
    const current = steps.findIndex((block) => `${lesson.id}/${block.id}` === this.#host.lastRun?.requester);
    const next = steps[current + 1] ?? steps[0];
    if (next) requestScenarioRun(this.#host, { scenario: next, requester: `${lesson.id}/${next.id}` });
  }
}
