import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { OTHER_NAMESPACE } from '../../core/emit-rules.ts';
import { DEFAULT_CLIENTS, DEFAULT_ROOMS, nextClientName, type ClientSetup } from '../../core/scenario.ts';
import { course } from '../course.ts';
import type { TraceSnapshot } from '../controllers/connection-trace.ts';
import { EmitLab } from '../controllers/emit-lab.ts';
import { controlStyles } from '../styles/controls.ts';
import type { ClientDetail, RoomJoinedDetail } from './chat-client-card.ts';
import './chat-client-card.ts';
import './emit-panel.ts';
import './emit-report.ts';
import type { PlaygroundSectionDetail } from './lesson-view.ts';
import './lesson-view.ts';
import type { ConnectionTraceDetail, LifecyclePanel } from './lifecycle-panel.ts';
import './lifecycle-panel.ts';
import './namespace-client-card.ts';
import './polling-demo.ts';
import './rooms-view.ts';

/** The page: the lesson beside the playground, whose cast of simulated clients are each a card with its own socket. */
@customElement('emit-playground')
export class EmitPlayground extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        padding: 1rem clamp(0.75rem, 2vw, 1.5rem) 2rem;
      }

      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.5rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 1rem;
      }

      h1 {
        margin: 0;
        font-size: 1.7rem;
        line-height: 1.1;
      }

      header p {
        margin: 0.2rem 0 0;
        max-width: 75ch;
        color: var(--text-muted);
      }

      .course {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1rem 1.5rem;
        align-items: start;
      }

      /* Wide screens, a projector: the lesson on the left, in its own scroll, beside the playground. */
      @media (min-width: 80rem) {
        .course {
          grid-template-columns: 34rem minmax(0, 1fr);
        }

        .course:has(> lesson-view[collapsed]) {
          grid-template-columns: minmax(0, 1fr);
        }

        lesson-view:not([collapsed]) {
          position: sticky;
          top: 0.75rem;
          max-height: calc(100vh - 1.5rem);
          overflow-y: auto;
          overscroll-behavior: contain;
        }
      }

      .playground {
        container-type: inline-size;
        min-width: 0;
      }

      .lab {
        display: grid;
        grid-template-areas: 'panel' 'report' 'rooms';
        gap: 1rem;
        align-items: start;
        margin-top: 1rem;
      }

      emit-panel {
        grid-area: panel;
      }

      emit-report {
        grid-area: report;
      }

      rooms-view {
        grid-area: rooms;
      }

      /* Side by side when there is room, so that the controls and what happened fit on one screen. */
      @container (min-width: 44rem) {
        .lab {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
          grid-template-areas: 'panel report' 'panel rooms';
        }
      }

      @container (min-width: 75rem) {
        .lab {
          grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr) minmax(0, 1fr);
          grid-template-areas: 'panel report rooms';
        }
      }

      .clients {
        display: grid;
        /* 2 across beside the lesson on a 1600 px projector, 4 without it, one column on a phone. */
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
        gap: 1rem;
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

  @query('#add-client') accessor addButton: HTMLButtonElement | null = null;
  @query('lifecycle-panel') accessor lifecyclePanel: LifecyclePanel | null = null;

  readonly #lab = new EmitLab(this);

  override render() {
    return html`
      <header>
        <div>
          <h1>emit playground</h1>
          <p>Every card is a real Socket.IO client with its own connection, and shows only what the server sent to it.</p>
        </div>
        <button id="add-client" class="primary" @click=${this.#addClient}>Add client</button>
      </header>
      <div class="course">
        <lesson-view
          .course=${course}
          .run=${this.#lab.run}
          @playground-section=${this.#showSection}
          @lifecycle-replay=${this.#replayLifecycle}
        ></lesson-view>
        <div class="playground">${this.#renderPlayground()}</div>
      </div>
    `;
  }

  #renderPlayground() {
    // The cards first: after a lesson's "Try it" their "Last emit" is what the class looks at; the lab's controls follow.
    return html`
      <main class="clients" @client-remove=${this.#removeClient} @room-joined=${this.#rememberRoom} @connection-trace=${this.#rememberTrace}>
        ${repeat(
          this.clients,
          (client) => client.name,
          (client) =>
            client.namespace === OTHER_NAMESPACE
              ? html`<namespace-client-card .name=${client.name} .lab=${this.#lab.forCard(client.name)}></namespace-client-card>`
              : html`<chat-client-card
                  .name=${client.name}
                  .startRoom=${client.room}
                  .rooms=${this.rooms}
                  .lab=${this.#lab.forCard(client.name)}
                ></chat-client-card>`,
        )}
      </main>
      ${this.#renderLab()}
      <lifecycle-panel
        id="lifecycle"
        tabindex="-1"
        .clients=${this.clients.map((client) => client.name).filter((name) => this.traces.has(name))}
        .traces=${this.traces}
      ></lifecycle-panel>
      <polling-demo id="polling-demo" tabindex="-1"></polling-demo>
    `;
  }

  /** A lesson's link into the playground: the section comes into view, and keyboard focus with it. */
  #showSection(event: CustomEvent<PlaygroundSectionDetail>) {
    const section = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(event.detail.section)}`);
    if (!section) return;
    section.scrollIntoView({ behavior: 'smooth', block: 'start' });
    section.focus({ preventScroll: true });
  }

  #replayLifecycle() {
    const panel = this.lifecyclePanel;
    if (!panel) return;
    panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
    panel.focus({ preventScroll: true });
    panel.replay();
  }

  #renderLab() {
    const lab = this.#lab;
    return html`
      <div class="lab">
        <emit-panel
          .choice=${lab.choice}
          .senders=${lab.senders}
          .rooms=${lab.roomChoices}
          .sockets=${lab.snapshot.sockets}
          .predictFirst=${lab.predictFirst}
          .armed=${lab.armed}
          .last=${lab.last}
          .run=${lab.run}
        ></emit-panel>
        <emit-report .last=${lab.last} .score=${lab.score}></emit-report>
        <rooms-view .snapshot=${lab.snapshot} .result=${lab.last?.result}></rooms-view>
      </div>
    `;
  }

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
