import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { nextClientName } from '../../core/client-names.ts';
import { DEFAULT_CLIENTS, DEFAULT_ROOMS, type ClientSetup } from '../../core/default-cast.ts';
import { OTHER_NAMESPACE } from '../../core/namespaces.ts';
import type { TraceSnapshot } from '../controllers/connection-trace.ts';
import { instructorKey } from '../classroom.ts';
import { ElementLoader } from '../controllers/element-loader.ts';
import type { CardLab } from '../controllers/emit-lab.ts';
import { LazyLab } from '../controllers/lazy-lab.ts';
import type { ScenarioDetail, ScenarioRun } from '../controllers/stage.ts';
import { PresenterMode } from '../controllers/presenter-mode.ts';
import type { StageNow } from '../../core/shared-scenario.ts';
import { MediaQuery } from '../controllers/media-query.ts';
import type { ShortcutsHost } from '../controllers/shortcuts.ts';
import type { RoomsSnapshot } from '../../core/lab-contract.ts';
import { controlStyles } from '../styles/controls.ts';
import type { ClientDetail, RoomJoinedDetail } from './chat-client-card.ts';
import './chat-client-card.ts';
import type { PlaygroundSectionDetail } from './lesson-view.ts';
import type { ConnectionTraceDetail, LifecyclePanel } from './lifecycle-panel.ts';
import type { ShortcutsDialog } from './shortcuts-dialog.ts';
import './skip-link.ts';

/** What a card is told about the lab until the lab has loaded: no emit, no prediction. */
const NO_LAB: CardLab = { emit: undefined, predicting: false, willReceive: false };
const NO_SOCKETS: RoomsSnapshot = { sockets: [] };

/** The page: the lesson beside the playground, whose cast of simulated clients are each a card with its own socket. */
@customElement('emit-playground')
export class EmitPlayground extends LitElement implements ShortcutsHost {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        padding: 0.5rem clamp(0.75rem, 2vw, 1.5rem) 2rem;
      }

      /* One short line: the height of the screen belongs to the emits and the cards. */
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 1.5rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 0.5rem;
      }

      header > div {
        display: flex;
        flex-wrap: wrap;
        flex: 1 1 20rem;
        gap: 0 1rem;
        align-items: baseline;
      }

      h1 {
        margin: 0;
        font-size: 1.35rem;
        line-height: 1.1;
      }

      header p {
        flex: 1 1 20rem;
        margin: 0;
        max-width: 75ch;
        color: var(--text-muted);
        font-size: 0.85em;
      }

      /* A short screen (720 px) or a phone keeps its height for the emits and the cards. */
      @media (max-height: 50rem), (max-width: 50rem) {
        header p {
          display: none;
        }
      }

      .course {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1rem 1.5rem;
        align-items: start;
      }

      /* Wide screens, a projector: the lesson on the left, in its own scroll, beside the playground.
         Narrow enough at 1280 px that the four emits fit in one row above two rows of cards. */
      @media (min-width: 80rem) {
        .course {
          grid-template-columns: clamp(20rem, 28vw, 34rem) minmax(0, 1fr);
        }

        .course:has(> lesson-view[collapsed]) {
          grid-template-columns: minmax(0, 1fr);
        }

        lesson-view:not([collapsed]) {
          position: sticky;
          top: 0.5rem;
          max-height: calc(100vh - 1rem);
          overflow-y: auto;
          overscroll-behavior: contain;
        }
      }

      .playground {
        container-type: inline-size;
        min-width: 0;
      }

      /* On a phone: the lesson and the playground are two tabs, whose bar stays at the top of the screen. */
      .tabs {
        position: sticky;
        top: 0;
        z-index: 2;
        display: grid;
        grid-template-columns: 1fr 1fr;
        margin: 0 calc(-1 * clamp(0.75rem, 2vw, 1.5rem)) 0.5rem;
        padding: 0 clamp(0.75rem, 2vw, 1.5rem);
        border-bottom: 1px solid var(--border);
        background: var(--page-bg);
      }

      .tabs [role='tab'] {
        padding: 0.5rem 0.8rem;
        border: 0;
        border-bottom: 0.2rem solid transparent;
        border-radius: 0;
        background: none;
        font-weight: 600;
        color: var(--text-muted);
      }

      .tabs [role='tab'][aria-selected='true'] {
        border-bottom-color: var(--focus);
        color: var(--text);
      }

      [role='tabpanel'][hidden] {
        display: none;
      }

      /* Cause and effect on one screen: the emit controls and what happened docked above the cards they change. */
      .deck {
        display: grid;
        gap: 0.5rem;
      }

      .bar {
        position: sticky;
        top: 0;
        z-index: 1;
        display: grid;
        gap: 0.5rem;
        /* Never taller than most of the screen, even with "Beyond the four" open: the cards stay in sight. */
        max-height: 70vh;
        overflow-y: auto;
        overscroll-behavior: contain;
        padding-top: 0.5rem;
        margin-top: -0.5rem;
        background: var(--page-bg);
      }

      /* A phone scrolls the whole tab: the bar scrolls with it rather than cover the cards under the tab bar. */
      @media (max-width: 50rem) {
        .bar {
          position: static;
          max-height: none;
        }
      }

      /* The result beside the controls when the column is wide enough for both. */
      @container (min-width: 70rem) {
        .bar {
          grid-template-columns: minmax(0, 1.5fr) minmax(0, 1fr);
          align-items: stretch;
        }
      }

      .clients > .empty {
        grid-column: 1 / -1;
        margin: 0;
        padding: 1rem;
        border: 1px dashed var(--border);
        border-radius: var(--radius);
        color: var(--text-muted);
        text-align: center;
      }

      .clients {
        display: grid;
        /* Two across beside the lesson at 1280 and 1600 px, four across without it, one column on a phone. */
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 19rem), 1fr));
        gap: 0.5rem 0.75rem;
        /* A card whose chat is open grows alone; its neighbours stay compact. */
        align-items: start;
      }

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

      :host([presenter]) lesson-view {
        display: none;
      }

      :host([presenter]) .course {
        grid-template-columns: minmax(0, 1fr);
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

      rooms-view {
        display: block;
        margin-top: 1rem;
      }

      lifecycle-panel,
      polling-demo {
        margin-top: 1.5rem;
      }
    `,
  ];

  @state() accessor clients: readonly ClientSetup[] = DEFAULT_CLIENTS;
  /** Rooms any client has been in, offered in every room picker. */
  @state() accessor rooms: readonly string[] = DEFAULT_ROOMS;
  /** What each card's socket did, by client name, for the lifecycle panel. */
  @state() accessor traces: ReadonlyMap<string, TraceSnapshot> = new Map();
  /** On a phone, the lesson and the playground are two tabs: the one shown. */
  @state() accessor tab: 'lesson' | 'playground' = 'lesson';

  @query('#add-client') accessor addButton: HTMLButtonElement | null = null;
  @query('lifecycle-panel') accessor lifecyclePanel: LifecyclePanel | null = null;

  @query('shortcuts-dialog') accessor shortcutsDialog: ShortcutsDialog | null = null;

  // The lab follows the cards: until its chunk is here, the page draws it empty and holds what is asked of it.
  readonly #lazyLab = new LazyLab(this);
  /** Classroom mode's projector: this tab came with the instructor's key. */
  readonly #instructor = instructorKey() !== undefined;
  /** The same width as the stylesheet's phone layout: below it, tabs rather than one column. */
  readonly #phone = new MediaQuery(this, '(max-width: 50rem)');
  // The cards are the first load; the rest of the page follows them, or waits to be opened.
  readonly #elements = new ElementLoader(this, {
    firstScreen: {
      'shortcuts-dialog': () => import('./shortcuts-dialog.ts'),
      'lesson-view': () => import('./lesson-view.ts'),
      'emit-panel': () => import('./emit-panel.ts'),
      'emit-report': () => import('./emit-report.ts'),
      'rooms-view': () => import('./rooms-view.ts'),
      'namespace-client-card': () => import('./namespace-client-card.ts'),
      'chat-message-list': () => import('./chat-message-list.ts'),
      'last-emit': () => import('./last-emit.ts'),
      'card-options': () => import('./card-options.ts'),
      // The instructor's Class panel: only a page that came with the key ever loads it.
      ...(this.#instructor ? { 'class-panel': () => import('./class-panel.ts') } : {}),
    },
    onOpen: {
      'scenario-share': () => import('./scenario-share.ts'),
      'presenter-panel': () => import('./presenter-panel.ts'),
      'lifecycle-panel': () => import('./lifecycle-panel.ts'),
      'polling-demo': () => import('./polling-demo.ts'),
    },
  });
  readonly #presenter = new PresenterMode(this);

  get #lab() {
    return this.#lazyLab.loaded?.lab;
  }

  get predictFirst(): boolean {
    return this.#lab?.predict.on ?? false;
  }

  get lastRun(): ScenarioRun | undefined {
    return this.#lab?.run;
  }

  /** 0's shortcut: what Reset does. */
  resetStage(): void {
    void this.#reset();
  }

  /** R's shortcut: what a lesson's "Replay the lifecycle" button does. */
  replayLifecycle(): void {
    void this.#replayLifecycle();
  }

  /** ?'s shortcut, which may come before the list's chunk has. */
  showShortcuts(): void {
    void this.#elements
      .load('shortcuts-dialog')
      .then(() => this.shortcutsDialog?.updateComplete)
      .then(() => this.shortcutsDialog?.show());
  }

  override render() {
    const tabs = this.#phone.matches;
    return html`
      <skip-link target="emit-lab">Skip to the emit lab</skip-link>
      <header>
        <div>
          <h1>emit playground</h1>
          <p>Every card is a real Socket.IO client with its own connection, and shows only what the server sent to it.</p>
        </div>
        <shortcuts-dialog .shortcuts=${this.#lazyLab.loaded?.shortcuts.shortcuts ?? []} ?compact=${this.#presenter.on}></shortcuts-dialog>
        ${this.#presenter.on ? html`<presenter-panel .studentsUrl=${this.#presenter.studentsUrl}></presenter-panel>` : nothing}
        <button aria-pressed=${this.#presenter.on ? 'true' : 'false'} @click=${this.#togglePresenter}>Presenter</button>
        <scenario-share .now=${this.#stageNow} .run=${this.#lab?.run}></scenario-share>
        <button id="add-client" class="primary" @click=${this.#addClient}>Add client</button>
        <button @click=${this.#reset}>Reset</button>
      </header>
      ${tabs ? this.#renderTabs() : nothing}
      <div class="course">
        <lesson-view
          id="lesson-panel"
          role=${tabs ? 'tabpanel' : 'region'}
          aria-label=${tabs ? nothing : 'Lesson'}
          aria-labelledby=${tabs ? 'lesson-tab' : nothing}
          ?hidden=${tabs && this.tab !== 'lesson'}
          .run=${this.#lab?.run}
          @playground-section=${this.#showSection}
          @lifecycle-replay=${this.#replayLifecycle}
          @scenario-run=${this.#showResult}
        ></lesson-view>
        <div
          class="playground"
          id="playground-panel"
          role=${tabs ? 'tabpanel' : nothing}
          aria-labelledby=${tabs ? 'playground-tab' : nothing}
          ?hidden=${tabs && this.tab !== 'playground'}
        >
          ${this.#renderPlayground()}
        </div>
      </div>
    `;
  }

  /** On a phone: the lesson and the playground as two tabs, switched with a tap or the arrow keys. */
  #renderTabs() {
    const tab = (id: 'lesson' | 'playground', label: string) => html`<button
      role="tab"
      id="${id}-tab"
      aria-controls="${id}-panel"
      aria-selected=${this.tab === id ? 'true' : 'false'}
      tabindex=${this.tab === id ? '0' : '-1'}
      @click=${() => this.#showTab(id)}
    >${label}</button>`;
    return html`<div class="tabs" role="tablist" aria-label="Lesson or playground" @keydown=${this.#onTabKey}>
      ${tab('lesson', 'Lesson')}${tab('playground', 'Playground')}
    </div>`;
  }

  #onTabKey(event: KeyboardEvent) {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = event.key === 'Home' ? 'lesson' : event.key === 'End' ? 'playground' : this.tab === 'lesson' ? 'playground' : 'lesson';
    this.#showTab(next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${next}-tab`)?.focus());
  }

  /** Shows a tab from its top, just under the tab bar that sticks to the top of the screen. */
  #showTab(tab: 'lesson' | 'playground') {
    this.tab = tab;
    void this.updateComplete.then(() => {
      const tabs = this.renderRoot.querySelector<HTMLElement>('.tabs');
      const panel = this.renderRoot.querySelector<HTMLElement>(`#${tab}-panel`);
      if (tabs && panel) window.scrollBy({ top: panel.getBoundingClientRect().top - tabs.offsetHeight });
    });
  }

  /** A lesson's Try it: the playground comes into view (its tab on a phone), so the cards' answers are seen. */
  #showResult(event: CustomEvent<ScenarioDetail>) {
    if (event.detail.mode === 'set up') return;
    if (this.#phone.matches) {
      this.#showTab('playground');
      return;
    }
    const deck = this.renderRoot.querySelector<HTMLElement>('.deck');
    if (deck && deck.getBoundingClientRect().top < 0) deck.scrollIntoView({ block: 'start' });
  }

  #renderPlayground() {
    // The emit bar docked above the cards: a click and every card's "Last emit" are on the same screen.
    return html`
      <div class="deck">
        ${this.#renderLab()}
        <main class="clients" aria-label="Cards" @client-remove=${this.#removeClient} @room-joined=${this.#rememberRoom} @connection-trace=${this.#rememberTrace}>
          ${repeat(
            this.clients,
            (client) => client.name,
            (client) =>
              client.namespace === OTHER_NAMESPACE
                ? html`<namespace-client-card .name=${client.name} .lab=${this.#lab?.forCard(client.name) ?? NO_LAB}></namespace-client-card>`
                : html`<chat-client-card
                    .name=${client.name}
                    .startRoom=${client.room}
                    .rooms=${this.rooms}
                    .lab=${this.#lab?.forCard(client.name) ?? NO_LAB}
                  ></chat-client-card>`,
          )}
          ${this.clients.length === 0 ? html`<p class="empty">No clients: Add client or Reset.</p>` : nothing}
        </main>
      </div>
      ${this.#instructor
        ? html`<class-panel .socket=${this.#lab?.instructorSocket} .snapshot=${this.#lab?.snapshot} .result=${this.#lab?.last?.result} .rooms=${this.#lab?.roomChoices ?? []}></class-panel>`
        : nothing}
      <rooms-view .snapshot=${this.#lab?.snapshot ?? NO_SOCKETS} .result=${this.#lab?.last?.result}></rooms-view>
      <lifecycle-panel
        id="lifecycle"
        .clients=${this.clients.map((client) => client.name).filter((name) => this.traces.has(name))}
        .traces=${this.traces}
      ></lifecycle-panel>
      <polling-demo id="polling-demo"></polling-demo>
    `;
  }

  /** A lesson's link into the playground: the section comes into view, and keyboard focus with it. */
  async #showSection(event: CustomEvent<PlaygroundSectionDetail>) {
    const section = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(event.detail.section)}`);
    if (!section) return;
    await this.#elements.load(section.localName);
    section.scrollIntoView({ behavior: 'smooth', block: 'start' });
    section.focus({ preventScroll: true });
  }

  async #replayLifecycle() {
    await this.#elements.load('lifecycle-panel');
    const panel = this.lifecyclePanel;
    if (!panel) return;
    panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
    panel.focus({ preventScroll: true });
    panel.replay();
  }

  #renderLab() {
    const lab = this.#lab;
    return html`
      <div class="bar" id="emit-lab" role="region" aria-label="Emit lab" tabindex="-1">
        <emit-panel
          .choice=${lab?.choice}
          .senders=${lab?.senders ?? []}
          .classSenders=${lab?.classSenders ?? []}
          .rooms=${lab?.roomChoices ?? []}
          .sockets=${lab?.snapshot.sockets ?? []}
          .predictFirst=${lab?.predict.on ?? false}
          .armed=${lab?.predict.armed}
          .last=${lab?.last}
          .run=${lab?.run}
        ></emit-panel>
        <emit-report .last=${lab?.last} .score=${lab?.score}></emit-report>
      </div>
    `;
  }

  /** The page as it opened: the lab sets the cast up as a lesson's "Set the stage" does; no replay is left running. */
  async #reset() {
    this.lifecyclePanel?.endReplay?.();
    this.rooms = DEFAULT_ROOMS;
    const { lab } = await this.#lazyLab.ready;
    await lab.reset();
  }

  #togglePresenter() {
    this.#presenter.toggle();
    void this.#elements.load('presenter-panel');
  }

  /** What "Share stage" captures, once the lab is here to say it. */
  readonly #stageNow = (): Omit<StageNow, 'lesson'> | undefined => this.#lab?.stageNow();

  #addClient() {
    const name = nextClientName(this.clients.map((client) => client.name));
    this.clients = [...this.clients, { name }];
  }

  #removeClient(event: CustomEvent<ClientDetail>) {
    this.clients = this.clients.filter((client) => client.name !== event.detail.name);
    // The Remove button is gone with its card: keep keyboard users on the page rather than on <body>.
    this.addButton?.focus();
  }

  #rememberRoom(event: CustomEvent<RoomJoinedDetail>) {
    if (!this.rooms.includes(event.detail.room)) this.rooms = [...this.rooms, event.detail.room];
  }

  #rememberTrace(event: CustomEvent<ConnectionTraceDetail>) {
    this.traces = new Map(this.traces).set(event.detail.name, event.detail.trace);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'emit-playground': EmitPlayground;
  }
}
