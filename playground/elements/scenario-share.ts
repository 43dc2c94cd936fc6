import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { describeCast } from '../../core/scenario.ts';
import {
  SCENARIO_HASH_KEY,
  parseSharedScenario,
  scenarioOf,
  shareStage,
  sharedScenarioInHash,
  sharedScenarioJson,
  sharedScenarioLink,
  type SharedScenario,
  type StageNow,
} from '../../core/shared-scenario.ts';
import { lessonIdIn, lessonPath } from '../controllers/lesson-route.ts';
import { requestScenarioRun, type ScenarioRun } from '../controllers/stage.ts';
import { controlStyles, visuallyHidden } from '../styles/controls.ts';

/** The lab's run of a shared scenario: what this element reports on. */
const SHARED_REQUESTER = 'shared-scenario';
const FILE_NAME = 'emit-playground-scenario.json';

/**
 * Shares the stage: "Copy link" (a URL whose #scenario= sets the same stage), "Export JSON" and "Import JSON".
 * Opening such a link, or importing such a file, sets the stage through the lab's one path, as a lesson's Try it does.
 */
@customElement('scenario-share')
export class ScenarioShare extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }

      .panel {
        position: absolute;
        top: calc(100% + 0.3rem);
        right: 0;
        z-index: 5;
        display: grid;
        gap: 0.5rem;
        width: min(26rem, calc(100vw - 2rem));
        padding: 0.7rem 0.8rem;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
        box-shadow: 0 0.4rem 1.5rem rgb(0 0 0 / 18%);
      }

      .panel[hidden] {
        display: none;
      }

      p {
        margin: 0;
      }

      .hint {
        color: var(--text-muted);
        font-size: 0.9em;
      }

      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }

      /* The file input is read by its label, which looks like the buttons beside it. */
      .file {
        padding: 0.35rem 0.8rem;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
        cursor: pointer;
      }

      .file:focus-within {
        outline: 3px solid var(--focus);
        outline-offset: 2px;
      }

      .file input {
        ${visuallyHidden}
      }

      .link {
        display: grid;
        gap: 0.2rem;
      }

      .link input {
        width: 100%;
        box-sizing: border-box;
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        font-size: 0.85em;
      }

      .error {
        color: var(--danger);
        background: var(--danger-bg);
        padding: 0.3rem 0.5rem;
        border-radius: calc(var(--radius) * 0.6);
      }
    `,
  ];

  /** What the page is now, asked at the moment of sharing. */
  @property({ attribute: false }) accessor now: (() => Omit<StageNow, 'lesson'> | undefined) | undefined;
  /** The lab's last scenario run: this element's own says whether the shared stage is set. */
  @property({ attribute: false }) accessor run: ScenarioRun | undefined;

  @state() accessor open = false;
  /** The link to copy by hand, shown when the clipboard refused it. */
  @state() accessor link: string | undefined;
  @state() accessor message = '';
  @state() accessor error: string | undefined;

  @query('.link input') accessor linkField: HTMLInputElement | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#openLink();
  }

  override render() {
    return html`
      <button aria-expanded=${this.open ? 'true' : 'false'} aria-controls="share-panel" @click=${() => (this.open = !this.open)}>Share stage</button>
      <div id="share-panel" class="panel" role="group" aria-label="Share this stage" ?hidden=${!this.open} @keydown=${this.#onKeyDown}>
        <p class="hint">The cards, their rooms, the sender, the emit and the lesson: as a link, or as a file.</p>
        <div class="actions">
          <button @click=${this.#copyLink}>Copy link</button>
          <button @click=${this.#exportJson}>Export JSON</button>
          <label class="file">Import JSON<input type="file" accept=".json,application/json" @change=${this.#importJson} /></label>
        </div>
        ${this.link === undefined
          ? nothing
          : html`<label class="link">Link to this stage (select it and copy)<input readonly .value=${this.link} @focus=${this.#selectLink} /></label>`}
        <p role="status">${this.#status()}</p>
        ${this.error === undefined ? nothing : html`<p class="error" role="alert">${this.error}</p>`}
      </div>
    `;
  }

  #status(): string {
    const run = this.run?.requester === SHARED_REQUESTER ? this.run : undefined;
    if (run?.state === 'failed') return `The shared stage could not be set: ${run.error}`;
    if (run?.state === 'setting up') return 'Setting the shared stage…';
    if (run) return `The shared stage is set: ${describeCast(run.scenario.clients)}.`;
    return this.message;
  }

  #share(): SharedScenario | undefined {
    const now = this.now?.();
    return now === undefined ? undefined : shareStage({ ...now, lesson: lessonIdIn(location.pathname) });
  }

  async #copyLink() {
    const shared = this.#share();
    if (!shared) return;
    const link = sharedScenarioLink(location.origin, shared);
    this.error = undefined;
    try {
      await navigator.clipboard.writeText(link);
      this.link = undefined;
      this.message = 'Link copied: whoever opens it gets this stage.';
    } catch {
      // Refused (no permission, an insecure origin such as a LAN address): the link is there to copy by hand.
      this.link = link;
      this.message = 'The browser did not let the page copy: the link below is selected, copy it (Ctrl+C).';
      await this.updateComplete;
      this.linkField?.focus();
    }
  }

  #exportJson() {
    const shared = this.#share();
    if (!shared) return;
    const url = URL.createObjectURL(new Blob([sharedScenarioJson(shared)], { type: 'application/json' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = FILE_NAME;
    anchor.click();
    // The download has its own copy once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    this.error = undefined;
    this.message = `Exported ${FILE_NAME}: Import JSON sets this stage again.`;
  }

  async #importJson(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const parsed = parseSharedScenario(await file.text());
    if (!parsed.ok) {
      this.message = '';
      this.error = `${file.name} was not imported: ${parsed.error}`;
      return;
    }
    this.error = undefined;
    this.#setStage(parsed.value);
  }

  /** A link's #scenario=…: read once, then taken off the address bar, so a reload does not set it again. */
  #openLink() {
    const found = sharedScenarioInHash(location.hash);
    if (!found) return;
    const url = new URL(location.href);
    const rest = new URLSearchParams(url.hash.slice(1));
    rest.delete(SCENARIO_HASH_KEY);
    url.hash = rest.toString();
    history.replaceState(history.state, '', url.href.replace(/#$/, ''));
    if (!found.ok) {
      this.open = true;
      this.error = found.error;
      return;
    }
    this.#setStage(found.value);
  }

  #setStage(shared: SharedScenario) {
    if (shared.lesson !== undefined && shared.lesson !== lessonIdIn(location.pathname)) {
      history.pushState(null, '', `${lessonPath(shared.lesson)}${location.search}`);
      // The lesson pane follows the address bar as it does for Back and Forward.
      window.dispatchEvent(new PopStateEvent('popstate'));
    }
    requestScenarioRun(this, { scenario: scenarioOf(shared), requester: SHARED_REQUESTER, mode: shared.variant === undefined ? 'set up' : 'as predict first says' });
  }

  #selectLink(event: FocusEvent) {
    (event.target as HTMLInputElement).select();
  }

  #onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    this.open = false;
    this.renderRoot.querySelector<HTMLButtonElement>('button[aria-controls]')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'scenario-share': ScenarioShare;
  }
}
