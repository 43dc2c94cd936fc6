import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { OTHER_NAMESPACE } from '../../core/emit-rules.ts';
import { DEFAULT_CLIENTS, DEFAULT_ROOMS, nextClientName, type ClientSetup } from '../../core/scenario.ts';
import type { TraceSnapshot } from '../controllers/connection-trace.ts';
import { EmitLab } from '../controllers/emit-lab.ts';
import { controlStyles } from '../styles/controls.ts';
import type { ClientDetail, RoomJoinedDetail } from './chat-client-card.ts';
import './chat-client-card.ts';
import './emit-panel.ts';
import './emit-report.ts';
import type { ConnectionTraceDetail } from './lifecycle-panel.ts';
import './lifecycle-panel.ts';
import './namespace-client-card.ts';
import './polling-demo.ts';
import './rooms-view.ts';

/** The page: the cast of simulated clients, each a card with its own socket. */
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
        font-size: 2rem;
        line-height: 1.1;
      }

      header p {
        margin: 0.25rem 0 0;
        max-width: 60ch;
        color: var(--text-muted);
      }

      .lab {
        display: grid;
        grid-template-areas: 'panel' 'report' 'rooms';
        gap: 1rem;
        align-items: start;
        margin-bottom: 1rem;
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

      /* Side by side when there is room, so that the cards' statuses stay close to the buttons. */
      @media (min-width: 50rem) {
        .lab {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
          grid-template-areas: 'panel report' 'panel rooms';
        }
      }

      @media (min-width: 80rem) {
        .lab {
          grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr) minmax(0, 1fr);
          grid-template-areas: 'panel report rooms';
        }
      }

      .clients {
        display: grid;
        /* 4 across on a 1600 px projector, one column on a phone. */
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
      ${this.#renderLab()}
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
      <lifecycle-panel
        .clients=${this.clients.map((client) => client.name).filter((name) => this.traces.has(name))}
        .traces=${this.traces}
      ></lifecycle-panel>
      <polling-demo></polling-demo>
    `;
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
          .preset=${lab.preset}
          .presetError=${lab.presetError}
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
