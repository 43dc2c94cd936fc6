import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import { controlStyles } from '../styles/controls.ts';

/** How the QR code is drawn: test/playground/presenter.test.ts draws the students' URL the same way and compares. */
const QR_OPTIONS = { type: 'svg', margin: 1, errorCorrectionLevel: 'M' } as const;

/**
 * What the projector shows students in presenter mode: the address to open, written out and as a QR code, which a
 * click shows as large as the screen allows, for the back row. The code is drawn in the page by the qrcode
 * package, loaded only here, when presenter mode is first turned on.
 */
@customElement('presenter-panel')
export class PresenterPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        padding: 0.2rem 0.6rem 0.2rem 0.2rem;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
      }

      .qr {
        flex: none;
        width: 3.2rem;
        height: 3.2rem;
        padding: 0;
        border: 0;
        border-radius: 0;
        background: #fff;
        cursor: zoom-in;
      }

      svg {
        display: block;
        width: 100%;
        height: 100%;
      }

      dialog {
        padding: 1rem;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
        color: var(--text);
        text-align: center;
      }

      dialog::backdrop {
        background: rgb(0 0 0 / 60%);
      }

      .large {
        width: min(75vh, 85vw);
        height: min(75vh, 85vw);
        margin: 0 auto 0.5rem;
      }

      dialog .url {
        margin-bottom: 0.6rem;
        font-size: 1.4rem;
      }

      p {
        margin: 0;
        line-height: 1.2;
      }

      .label {
        color: var(--text-muted);
        font-size: 0.85rem;
      }

      .url {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        font-size: 0.9rem;
        font-weight: 600;
        white-space: nowrap;
      }
    `,
  ];

  /** The address students open; undefined while the server is asked. */
  @property() accessor studentsUrl: string | undefined;

  @state() accessor qrSvg: string | undefined;
  @state() accessor problem: string | undefined;

  @query('dialog') accessor dialog: HTMLDialogElement | null = null;

  #drawn: string | undefined;

  protected override async updated(): Promise<void> {
    const url = this.studentsUrl;
    if (url === undefined || url === this.#drawn) return;
    this.#drawn = url;
    try {
      const { default: QRCode } = await import('qrcode');
      const svg = await QRCode.toString(url, QR_OPTIONS);
      if (this.#drawn === url) this.qrSvg = svg;
    } catch {
      this.problem = 'The QR code could not be drawn: students type the address.';
    }
  }

  override render() {
    const url = this.studentsUrl;
    return html`
      ${this.qrSvg && url
        ? html`<button class="qr" aria-haspopup="dialog" aria-label="QR code of ${url}: show it larger" @click=${() => this.dialog?.showModal()}>
              ${unsafeSVG(this.qrSvg)}
            </button>
            <dialog aria-label="QR code of ${url}" @keydown=${(event: KeyboardEvent) => event.stopPropagation()}>
              <div class="large" role="img" aria-label="QR code of ${url}">${unsafeSVG(this.qrSvg)}</div>
              <p class="url">${url}</p>
              <button class="primary" @click=${() => this.dialog?.close()}>Close</button>
            </dialog>`
        : nothing}
      <div role="group" aria-labelledby="students-label">
        <p class="label" id="students-label">Students join at</p>
        <p class="url">${url ?? '…'}</p>
        ${this.problem ? html`<p class="label" role="alert">${this.problem}</p>` : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'presenter-panel': PresenterPanel;
  }
}
