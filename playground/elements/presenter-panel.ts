import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import { CLASSROOM_ROUTE, INSTRUCTOR_KEY_HEADER } from '../../core/classroom-route.ts';
import { isRecord } from '../../core/untrusted.ts';
import { instructorKey } from '../classroom.ts';
import { controlStyles } from '../styles/controls.ts';

/** How the QR code is drawn: test/playground/presenter.test.ts draws the students' URL the same way and compares. */
const QR_OPTIONS = { type: 'svg', margin: 1, errorCorrectionLevel: 'M' } as const;

/**
 * The page's layout in presenter mode (emit-playground.ts sets its `presenter` attribute), which the panel adds to
 * the page's shadow root while it is there: it stays out of the first load until presenter mode is first turned on.
 */
const presenterLayout = css`
  /* Presenter mode: larger type, the playground alone (the lesson waits for presenter mode to end), the cards
     four across, and one header line that keeps the students' URL and its QR code. */
  :host([presenter]) .clients {
    grid-template-columns: repeat(auto-fill, minmax(max(min(100%, 12rem), calc((100% - 2.25rem) / 4)), 1fr));
  }

  /* The result beside the controls, as on a wide screen: the larger type would otherwise stack them. The result
     keeps the width at which the server's line wraps rather than scrolls. */
  @container (min-width: 50rem) {
    :host([presenter]) .bar {
      grid-template-columns: minmax(0, 1fr) minmax(31rem, 1fr);
      align-items: stretch;
    }
  }

  :host([presenter]) h1 {
    font-size: 1rem;
    white-space: nowrap;
  }

  /* The header's buttons are the presenter's, not the class's: they keep their usual size. */
  :host([presenter]) header {
    gap: 0.5rem;
    font-size: 0.75em;
  }

  :host([presenter]) header > div {
    flex: 1 1 auto;
  }

  :host([presenter]) header p {
    display: none;
  }
`;

/** GET /api/classroom tells the instructor (and a solo page) the address the server gave its students. */
async function askStudentsUrl(): Promise<string> {
  const key = instructorKey();
  try {
    const response = await fetch(CLASSROOM_ROUTE, { headers: key === undefined ? {} : { [INSTRUCTOR_KEY_HEADER]: key } });
    const answer: unknown = response.ok ? await response.json() : undefined;
    if (isRecord(answer) && typeof answer.studentsUrl === 'string' && /^https?:\/\//.test(answer.studentsUrl)) return answer.studentsUrl;
  } catch {
    // No answer: this page's own origin is where it was opened from, the best guess left.
  }
  return `${location.origin}/`;
}

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
  @state() accessor studentsUrl: string | undefined;

  @state() accessor qrSvg: string | undefined;
  @state() accessor problem: string | undefined;

  @query('dialog') accessor dialog: HTMLDialogElement | null = null;

  #drawn: string | undefined;
  #page: ShadowRoot | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.studentsUrl === undefined) void askStudentsUrl().then((url) => (this.studentsUrl = url));
    const root = this.getRootNode();
    const sheet = presenterLayout.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet)) {
      this.#page = root;
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const page = this.#page;
    this.#page = undefined;
    if (page) page.adoptedStyleSheets = page.adoptedStyleSheets.filter((sheet) => sheet !== presenterLayout.styleSheet);
  }

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
