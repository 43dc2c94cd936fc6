import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PRESETS, type Preset } from '../../core/presets.ts';
import { requestScenarioRun, type ScenarioDetail, type ScenarioRun } from '../controllers/stage.ts';
import { controlStyles } from '../styles/controls.ts';

const requesterOf = (preset: Preset) => `preset:${preset.title}`;

/** One button per preset: each sets the page to a situation students ask about (clients, rooms, sender) and fires. */
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

  /** The scenario run last; a preset's shows here. */
  @property({ attribute: false }) accessor run: ScenarioRun | undefined;

  override render() {
    const active = PRESETS.find((preset) => requesterOf(preset) === this.run?.requester);
    return html`
      <div class="presets">
        <div class="row">
          <!-- Named by the panel's "Presets" fold around it; still a heading to jump to. -->
          <h3 id="presets-title" class="visually-hidden">Presets</h3>
          <ul aria-labelledby="presets-title">
            ${PRESETS.map(
              (preset) => html`<li>
                <button class=${preset === active ? 'active' : ''} @click=${() => this.#run(preset)}>${preset.title}</button>
              </li>`,
            )}
          </ul>
        </div>
        ${active ? html`<p class="teaches">${active.teaches}</p>` : nothing}
        <p role="alert">${active ? (this.run?.error ?? '') : ''}</p>
      </div>
    `;
  }

  #run(preset: Preset) {
    const detail: ScenarioDetail = { scenario: preset.scenario, requester: requesterOf(preset) };
    requestScenarioRun(this, detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'emit-presets': EmitPresets;
  }
}
