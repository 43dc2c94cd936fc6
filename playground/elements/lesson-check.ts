import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { checkCommand, describeReceivers, describeRooms, type CheckBlock } from '../../core/lessons.ts';
import { describeCast } from '../../core/scenario.ts';
import { inlineHtml } from '../course.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

/** One check of the lesson's exercise: who must receive what, with its hint one click away. */
@customElement('lesson-check')
export class LessonCheck extends LitElement {
  static override styles = [
    lessonBlockStyles,
    css`
      :host {
        --block-accent: var(--client-color-2);
        margin: 0.5rem 0;
      }

      summary {
        cursor: pointer;
        font-weight: 600;
      }

      details p {
        margin-top: 0.3rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor block: CheckBlock | undefined;
  @property() accessor lessonId = '';

  // The hint goes through unsafeHTML only as the sanitising renderer's output: raw HTML in a lesson comes out as text.
  override render() {
    const block = this.block;
    if (!block) return nothing;
    return html`
      <section class="box" aria-labelledby="title">
        <p><span class="label" id="title">Check ${block.id}</span></p>
        <p>
          When ${block.sender} acts${block.room === undefined ? '' : ` (asking for ${block.room})`}${block.target === undefined ? '' : ` for ${block.target}`}, it must reach
          <strong>${describeReceivers(block.receivers)}</strong>${block.senderRooms
            ? html`, and leave ${block.sender} in <strong>${describeRooms(block.senderRooms)}</strong> only`
            : nothing}.
        </p>
        <p class="muted">Clients: ${describeCast(block.clients)}</p>
        <details>
          <summary>Hint</summary>
          <p>${unsafeHTML(inlineHtml(block.hint))}</p>
        </details>
        <p class="muted">Checked by <code>${checkCommand({ id: this.lessonId })}</code>.</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-check': LessonCheck;
  }
}
