import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/**
 * "Skip to …": the first thing Tab reaches, shown only while focused. Its target lives in the same shadow
 * root as the link, where a plain #fragment cannot find it, so the link scrolls to it and focuses it.
 */
@customElement('skip-link')
export class SkipLink extends LitElement {
  static override styles = css`
    a {
      position: absolute;
      top: 0.5rem;
      left: 0.5rem;
      z-index: 10;
      padding: 0.5rem 0.9rem;
      border-radius: calc(var(--radius) * 0.6);
      background: var(--focus);
      color: #fff;
      font-weight: 700;
      transform: translateY(calc(-100% - 1rem));
    }

    a:focus {
      transform: none;
      outline: 3px solid var(--text);
      outline-offset: 2px;
    }
  `;

  /** The id of the element to skip to, in the shadow root or document the link is in. */
  @property() accessor target = '';

  override render() {
    return html`<a href="#${this.target}" @click=${this.#skip}><slot></slot></a>`;
  }

  #skip(event: MouseEvent) {
    const root = this.getRootNode() as Document | ShadowRoot;
    const target = root.getElementById(this.target);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'skip-link': SkipLink;
  }
}
