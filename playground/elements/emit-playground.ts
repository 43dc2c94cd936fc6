import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { DEFAULT_CLIENTS, DEFAULT_ROOMS, nextClientName, type ClientSetup } from '../../core/scenario.ts';
import { controlStyles } from '../styles/controls.ts';
import type { ClientDetail, RoomJoinedDetail } from './chat-client-card.ts';
import './chat-client-card.ts';

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

      .clients {
        display: grid;
        /* 4 across on a 1600 px projector, one column on a phone. */
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
        gap: 1rem;
      }
    `,
  ];

  @state() accessor clients: readonly ClientSetup[] = DEFAULT_CLIENTS;
  /** Rooms any client has been in, offered in every room picker. */
  @state() accessor rooms: readonly string[] = DEFAULT_ROOMS;

  @query('#add-client') accessor addButton: HTMLButtonElement | null = null;

  override render() {
    return html`
      <header>
        <div>
          <h1>emit playground</h1>
          <p>Every card is a real Socket.IO client with its own connection, and shows only what the server sent to it.</p>
        </div>
        <button id="add-client" class="primary" @click=${this.#addClient}>Add client</button>
      </header>
      <main class="clients" @client-remove=${this.#removeClient} @room-joined=${this.#rememberRoom}>
        ${repeat(
          this.clients,
          (client) => client.name,
          (client) => html`<chat-client-card .name=${client.name} .startRoom=${client.room} .rooms=${this.rooms}></chat-client-card>`,
        )}
      </main>
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
}

declare global {
  interface HTMLElementTagNameMap {
    'emit-playground': EmitPlayground;
  }
}
