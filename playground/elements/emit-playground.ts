import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { DEFAULT_CLIENTS, DEFAULT_ROOMS, type ClientSetup } from '../../core/default-cast.ts';
import { OTHER_NAMESPACE } from '../../core/namespaces.ts';
import type { TraceSnapshot } from '../controllers/connection-trace.ts';
import { instructorKey } from '../classroom.ts';
import { ElementLoader } from '../controllers/element-loader.ts';
import type { CardLab, EmitLab } from '../controllers/emit-lab.ts';
import { LazyLab, type PageActions } from '../controllers/lazy-lab.ts';
import type { Tab } from '../controllers/page-actions.ts';
import type { ScenarioDetail, ScenarioRun } from '../controllers/stage.ts';
import { PresenterMode } from '../controllers/presenter-mode.ts';
import type { StageNow } from '../../core/shared-scenario.ts';
import { MediaQuery } from '../controllers/media-query.ts';
import type { ShortcutsHost } from '../controllers/shortcuts.ts';
import type { RoomsSnapshot } from '../../core/lab-contract.ts';
import { controlStyles } from '../styles/controls.ts';
import type { ChatClientCard, ClientDetail, RoomJoinedDetail } from './chat-client-card.ts';
import './chat-client-card.ts';
import type { NamespaceClientCard } from './namespace-client-card.ts';
import type { PlaygroundSectionDetail } from './lesson-view.ts';
import type { ConnectionTraceDetail, LifecyclePanel } from './lifecycle-panel.ts';
import type { ShortcutsDialog } from './shortcuts-dialog.ts';

/** What a card is told about the lab until the lab has loaded: no emit, no prediction. */
const NO_LAB: CardLab = { emit: undefined, predicting: false, willReceive: false };
const NO_SOCKETS: RoomsSnapshot = { sockets: [] };

const cardTag = (client: ClientSetup) => (client.namespace === OTHER_NAMESPACE ? 'namespace-client-card' : 'chat-client-card');

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

      /* "Skip to the emit lab": the first thing Tab reaches, shown only while focused. */
      .skip {
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

      .skip:focus {
        transform: none;
        outline: 3px solid var(--text);
        outline-offset: 2px;
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
      }

      .playground {
        container-type: inline-size;
        min-width: 0;
        /* At least a screen tall, even before the sections below have come: a phone's tab can always scroll it to the top. */
        min-height: 100vh;
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

      .tabs button {
        padding: 0.5rem 0.8rem;
        border: 0;
        border-bottom: 0.2rem solid transparent;
        border-radius: 0;
        background: none;
        font-weight: 600;
        color: var(--text-muted);
      }

      .tabs [aria-selected='true'] {
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

      /* Its cards are the grid's own items. */
      .card-list {
        display: contents;
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

      /* Presenter mode: the lesson waits for it to end; the rest of its layout comes with presenter-panel.ts. */
      :host([presenter]) lesson-view {
        display: none;
      }

      :host([presenter]) .course {
        grid-template-columns: minmax(0, 1fr);
      }
    `,
  ];

  @state() accessor clients: readonly ClientSetup[] = DEFAULT_CLIENTS;
  /** Rooms any client has been in, offered in every room picker. */
  @state() accessor rooms: readonly string[] = DEFAULT_ROOMS;
  /** What each card's socket did, by client name, for the lifecycle panel. */
  @state() accessor traces: ReadonlyMap<string, TraceSnapshot> = new Map();
  /** On a phone, the lesson and the playground are two tabs: the one shown. */
  @state() accessor tab: Tab = 'lesson';

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
  /** The cards on the page, by client name (see #placeCards). */
  readonly #cards = new Map<string, ChatClientCard | NamespaceClientCard>();

  get #lab() {
    return this.#lazyLab.loaded?.lab;
  }

  get predictFirst(): boolean {
    return this.#lab?.predict.on ?? false;
  }

  get lastRun(): ScenarioRun | undefined {
    return this.#lab?.run;
  }

  get phone(): boolean {
    return this.#phone.matches;
  }

  loadElement(tag: string): Promise<void> {
    return this.#elements.load(tag);
  }

  /** 0's shortcut: what Reset does. */
  readonly resetStage = () => this.#withPage((page, lab) => page.reset(this, lab));
  /** R's shortcut: what a lesson's "Replay the lifecycle" button does. */
  readonly replayLifecycle = () => this.#withPage((page) => page.replayLifecycle(this));
  /** ?'s shortcut. */
  readonly showShortcuts = () => this.#withPage((page) => page.showShortcuts(this));
  readonly #addClient = () => this.#withPage((page, lab) => page.addClient(this, lab));
  readonly #removeClient = ({ detail }: CustomEvent<ClientDetail>) => this.#withPage((page) => page.removeClient(this, detail.name));
  readonly #showSection = ({ detail }: CustomEvent<PlaygroundSectionDetail>) => this.#withPage((page) => page.showSection(this, detail.section));
  readonly #showResult = ({ detail }: CustomEvent<ScenarioDetail>) => this.#withPage((page) => page.showResult(this, detail));

  /** What the page does when asked comes with the lab (page-actions.ts): asked before, it waits for it. */
  #withPage(act: (page: PageActions, lab: EmitLab) => unknown): void {
    void this.#lazyLab.ready.then(({ page, lab }) => act(page, lab));
  }

  override render() {
    const tabs = this.#phone.matches;
    return html`
      <a class="skip" href="#emit-lab" @click=${this.#skipToLab}>Skip to the emit lab</a>
      <header>
        <div>
          <h1>emit playground</h1>
          <p>Every card is a real Socket.IO client with its own connection, and shows only what the server sent to it.</p>
        </div>
        <!-- The buttons that come with a later chunk go first, beside the title's free space: arriving, they move no other. -->
        <shortcuts-dialog .shortcuts=${this.#lazyLab.loaded?.shortcuts.shortcuts ?? []} ?compact=${this.#presenter.on}></shortcuts-dialog>
        <scenario-share .now=${this.#stageNow} .run=${this.#lab?.run}></scenario-share>
        ${this.#presenter.on ? html`<presenter-panel></presenter-panel>` : nothing}
        <button aria-pressed=${this.#presenter.on ? 'true' : 'false'} @click=${this.#togglePresenter}>Presenter</button>
        <button id="add-client" class="primary" @click=${this.#addClient}>Add client</button>
        <button @click=${this.resetStage}>Reset</button>
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
          @lifecycle-replay=${this.replayLifecycle}
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

  /** The emit lab is in this shadow root, where the link's #fragment alone cannot find it: the link scrolls to it and focuses it. */
  #skipToLab(event: MouseEvent) {
    const lab = this.renderRoot.querySelector<HTMLElement>('#emit-lab');
    if (!lab) return;
    event.preventDefault();
    lab.scrollIntoView({ block: 'start' });
    lab.focus({ preventScroll: true });
  }

  /** On a phone: the lesson and the playground as two tabs, switched with a tap or the arrow keys. */
  #renderTabs() {
    const tab = (id: Tab, label: string) => html`<button
      role="tab"
      id="${id}-tab"
      aria-controls="${id}-panel"
      aria-selected=${this.tab === id ? 'true' : 'false'}
      tabindex=${this.tab === id ? '0' : '-1'}
      @click=${() => this.showTab(id)}
    >${label}</button>`;
    return html`<div class="tabs" role="tablist" aria-label="Lesson or playground" @keydown=${this.#onTabKey}>
      ${tab('lesson', 'Lesson')}${tab('playground', 'Playground')}
    </div>`;
  }

  #onTabKey(event: KeyboardEvent) {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = event.key === 'Home' ? 'lesson' : event.key === 'End' ? 'playground' : this.tab === 'lesson' ? 'playground' : 'lesson';
    this.showTab(next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${next}-tab`)?.focus());
  }

  /** Shows a tab from its top, just under the tab bar that sticks to the top of the screen. */
  showTab(tab: Tab): void {
    this.tab = tab;
    void this.updateComplete.then(() => {
      const tabs = this.renderRoot.querySelector<HTMLElement>('.tabs');
      const panel = this.renderRoot.querySelector<HTMLElement>(`#${tab}-panel`);
      if (tabs && panel) window.scrollBy({ top: panel.getBoundingClientRect().top - tabs.offsetHeight });
    });
  }


  #renderPlayground() {
    // The emit bar docked above the cards: a click and every card's "Last emit" are on the same screen.
    return html`
      <div class="deck">
        ${this.#renderLab()}
        <main class="clients" aria-label="Cards" @client-remove=${this.#removeClient} @room-joined=${this.#rememberRoom} @connection-trace=${this.#rememberTrace}>
          <div class="card-list"></div>
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

  protected override updated(): void {
    const list = this.renderRoot.querySelector<HTMLElement>('.card-list');
    if (list) this.#placeCards(list);
  }

  /**
   * One card per client, keyed by name, in the clients' order: a card keeps its element, and so its socket, while
   * the cast around it changes (what lit's repeat directive does, without its 3 kB in the first load). The list is
   * an element lit leaves empty: only this fills it.
   */
  #placeCards(list: HTMLElement) {
    const wanted = new Map(this.clients.map((client) => [client.name, client]));
    for (const [name, card] of this.#cards) {
      const client = wanted.get(name);
      if (client && card.localName === cardTag(client)) continue;
      card.remove();
      this.#cards.delete(name);
    }
    this.clients.forEach((client, index) => {
      let card = this.#cards.get(client.name);
      if (!card) this.#cards.set(client.name, (card = document.createElement(cardTag(client))));
      const lab = this.#lab?.forCard(client.name) ?? NO_LAB;
      if (card.localName === 'chat-client-card') Object.assign(card, { name: client.name, startRoom: client.room, rooms: this.rooms, lab });
      else Object.assign(card, { name: client.name, lab });
      // An element already in its place is not moved: a move would disconnect it, and so its socket, for a moment.
      if (list.children[index] !== card) list.insertBefore(card, list.children[index] ?? null);
    });
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

  #togglePresenter() {
    this.#presenter.toggle();
    void this.#elements.load('presenter-panel');
  }

  /** What "Share stage" captures, once the lab is here to say it. */
  readonly #stageNow = (): Omit<StageNow, 'lesson'> | undefined => this.#lab?.stageNow();

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
