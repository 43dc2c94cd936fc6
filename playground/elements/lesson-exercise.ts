import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { exerciseFile, type ExerciseBlock } from '../../core/lessons.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

/** A lesson's exercise: the file to complete, the handler the checker calls, and the command that checks it. */
@customElement('lesson-exercise')
export class LessonExercise extends LitElement {
  static override styles = [
    lessonBlockStyles,
    css`
      :host {
        --block-accent: var(--client-color-2);
      }
    `,
  ];

  @property({ attribute: false }) accessor block: ExerciseBlock | undefined;
  @property() accessor lessonId = '';

  override render() {
    const block = this.block;
    if (!block) return nothing;
    return html`
      <section class="box" aria-labelledby="title">
        <p class="label" id="title">Exercise</p>
        <p>
          Open <code>${exerciseFile({ id: this.lessonId })}</code> and complete
          <code>${block.handler}(${block.args.join(', ')})</code>. The server calls it when a client emits
          <code>${block.on}</code>; the checks watch who receives <code>${block.watch}</code>.
        </p>
        <p>In a terminal, in the project folder:</p>
        <pre><code>npm run check -- ${this.lessonId}</code></pre>
        <p class="muted">Add <code>--watch</code> to check again every time you save. Each failing check prints its hint.</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-exercise': LessonExercise;
  }
}
