import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeReceivers, type ReceiversRow } from '../../core/lessons.ts';
import { lessonBlockStyles } from '../styles/lesson-blocks.ts';

/** A lesson's table of calls and who receives them, drawn from its scenario blocks, which the lesson-check runs for real. */
@customElement('lesson-receivers-table')
export class LessonReceiversTable extends LitElement {
  static override styles = [
    lessonBlockStyles,
    css`
      :host {
        container-type: inline-size;
      }

      .scroll {
        overflow-x: auto;
      }

      table {
        width: 100%;
        border-collapse: collapse;
        background: var(--surface);
      }

      caption {
        padding-bottom: 0.3rem;
        text-align: left;
        color: var(--text-muted);
        font-size: 0.9em;
      }

      th,
      td {
        padding: 0.35rem 0.5rem;
        border: 1px solid var(--border);
        text-align: left;
        vertical-align: top;
      }

      th {
        background: var(--surface-muted);
      }

      td code {
        overflow-wrap: anywhere;
      }

      .receivers {
        font-weight: 600;
      }

      /* In a narrow column (a phone) each row is a small card: the call, then who receives it. The ARIA roles keep it a table. */
      @container (max-width: 30rem) {
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }

        tr {
          display: grid;
          gap: 0.2rem;
          padding: 0.45rem 0.6rem;
          border: 1px solid var(--border);
        }

        tr + tr {
          border-top: none;
        }

        th,
        td {
          display: block;
          padding: 0;
          border: none;
          background: none;
        }

        td code {
          white-space: normal;
        }

        .receivers::before {
          content: 'Receivers: ';
          font-weight: 400;
          color: var(--text-muted);
        }
      }
    `,
  ];

  @property({ attribute: false }) accessor rows: readonly ReceiversRow[] = [];

  override render() {
    return html`
      <div class="scroll">
        <table role="table">
          <caption>Who receives each call: the scenarios above, each checked against a real server</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">Variant</th>
              <th role="columnheader" scope="col">Code</th>
              <th role="columnheader" scope="col">Receivers</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${this.rows.map(
              (row) => html`<tr role="row">
                <th role="rowheader" scope="row"><code>${row.variant}</code></th>
                <td role="cell"><code>${row.code}</code></td>
                <td role="cell" class="receivers">${describeReceivers(row.receivers)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lesson-receivers-table': LessonReceiversTable;
  }
}
