import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { Shortcut } from '../controllers/shortcuts.ts';
import { controlStyles, visuallyHidden } from '../styles/controls.ts';

/** How a key is written for a reader: letters as on the keyboard. */
const keyLabel = (key: string) => key.toUpperCase();

/** The page's keyboard shortcuts: a button that lists them in a modal dialog, closed with Escape or Close. */
@customElement('shortcuts-dialog')
export class ShortcutsDialog extends LitElement {
  static override styles = [
    controlStyles,
    css`
      dialog {
        max-width: min(32rem, calc(100vw - 2rem));
        padding: 1rem 1.2rem;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
        color: var(--text);
        box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 25%);
      }

      /* Compact (presenter mode's header): the key alone shows; the words stay its name. */
      :host([compact]) .words {
        ${visuallyHidden}
      }

      dialog::backdrop {
        background: rgb(0 0 0 / 35%);
      }

      h2 {
        margin: 0 0 0.6rem;
        font-size: 1.2rem;
      }

      dl {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 0.35rem 0.9rem;
        margin: 0 0 0.9rem;
      }

      dt {
        justify-self: start;
      }

      dd {
        margin: 0;
      }

      kbd {
        display: inline-block;
        min-width: 1.2em;
        padding: 0.05rem 0.4rem;
        border: 1px solid var(--border);
        border-bottom-width: 3px;
        border-radius: 0.3rem;
        background: var(--surface-muted);
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        text-align: center;
      }

      p {
        margin: 0 0 0.9rem;
        color: var(--text-muted);
      }

      /* In the page's header, the key keeps the button as tall as its neighbours: arriving, it moves none of them. */
      button kbd {
        line-height: 1;
        margin-block: -0.3rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor shortcuts: readonly Shortcut[] = [];
  @property({ type: Boolean, reflect: true }) accessor compact = false;

  @query('dialog') accessor dialog: HTMLDialogElement | null = null;

  /** Where focus was before the list opened, to go back there when it closes. */
  #returnFocus: HTMLElement | undefined;

  override render() {
    return html`
      <button aria-keyshortcuts="?" @click=${() => this.show()}><span class="words">Keyboard shortcuts </span><kbd>?</kbd></button>
      <dialog aria-labelledby="title" @close=${this.#onClose} @keydown=${(event: KeyboardEvent) => event.stopPropagation()}>
        <h2 id="title">Keyboard shortcuts</h2>
        <dl>
          ${this.shortcuts.map(({ key, does }) => html`<dt><kbd>${keyLabel(key)}</kbd></dt><dd>${does}</dd>`)}
        </dl>
        <p>They do nothing while you type in a field. Tab reaches every control; Escape closes this list.</p>
        <button class="primary" @click=${() => this.dialog?.close()}>Close</button>
      </dialog>
    `;
  }

  /** Opens the list as a modal dialog: focus goes into it, and Escape closes it. */
  show(): void {
    const dialog = this.dialog;
    if (!dialog || dialog.open) return;
    this.#returnFocus = deepActiveElement();
    dialog.showModal();
  }

  #onClose() {
    this.#returnFocus?.focus();
    this.#returnFocus = undefined;
  }
}

/** The focused element, looked for through open shadow roots. */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'shortcuts-dialog': ShortcutsDialog;
  }
}
