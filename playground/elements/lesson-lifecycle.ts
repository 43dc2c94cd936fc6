import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { controlStyles } from '../styles/controls.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

/** A lesson's way into the lifecycle diagram: the page scrolls to it and replays the lifecycle of a fresh client. */
@customElement('lesson-lifecycle')
export class LessonLifecycle extends LitElement {
  static override styles = [controlStyles, lessonBlockStyles];

  override render() {
    return html`
      <div class="box">
        <div class="actions">
          <button class="primary" @click=${this.#replay}>Replay the lifecycle</button>
          <span class="muted">A fresh client connects, joins, sends and leaves; each step lights up on its real event.</span>
        </div>
      </div>
    `;
  }

  #replay() {
    this.dispatchEvent(new CustomEvent('lifecycle-replay', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-lifecycle': LessonLifecycle;
  }
  interface HTMLElementEventMap {
    /** Scroll to the lifecycle diagram and replay it. */
    'lifecycle-replay': CustomEvent<void>;
  }
}
