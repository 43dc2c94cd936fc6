import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PRESETS, type Preset } from '../../core/presets.ts';
import type { PresetDetail } from '../controllers/emit-lab.ts';
import { controlStyles } from '../styles/controls.ts';

/** One button per preset: each sets up a situation students ask about (clients, rooms, sender) and fires. */
@customElement('emit-presets')
export class EmitPresets extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }

      .presets {
        display: grid;
        gap: 0.4rem;
      }

      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 0.6rem;
        align-items: baseline;
      }

      h3 {
        margin: 0;
        font-size: 1rem;
      }

      ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }

      button {
        padding: 0.25rem 0.6rem;
        font-size: 0.85em;
      }

      button.active {
        border-color: var(--text);
        font-weight: 600;
      }

      p {
        margin: 0;
      }

      .teaches {
        color: var(--text-muted);
      }

      [role='alert'] {
        padding: 0.4rem 0.6rem;
        border-left: 0.25rem solid var(--danger);
        background: var(--danger-bg);
        color: var(--danger);
      }

      [role='alert']:empty {
        display: none;
      }
    `,
  ];

  /** The preset run last. */
  @property({ attribute: false }) accessor active: Preset | undefined;
  /** Why the last preset could not be set up. */
  @property({ attribute: false }) accessor error: string | undefined;

  override render() {
    return html`
      <div class="presets">
        <div class="row">
          <h3 id="presets-title">Presets</h3>
          <ul aria-labelledby="presets-title">
            ${PRESETS.map(
              (preset) => html`<li>
                <button class=${preset === this.active ? 'active' : ''} @click=${() => this.#run(preset)}>${preset.title}</button>
              </li>`,
            )}
          </ul>
        </div>
        ${this.active ? html`<p class="teaches">${this.active.teaches}</p>` : nothing}
        <p role="alert">${this.error ?? ''}</p>
      </div>
    `;
  }

  #run(preset: Preset) {
    this.dispatchEvent(new CustomEvent<PresetDetail>('preset-run', { detail: { preset }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'emit-presets': EmitPresets;
  }
}
