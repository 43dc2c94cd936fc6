import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { MAIN_NAMESPACE, OTHER_NAMESPACE, emitCall, targeting, type SocketView, type Targeting } from '../../core/emit-rules.ts';
import type { EmitOutcome, EmitResult, NodeSocketView, RoomsSnapshot } from '../../core/lab-contract.ts';
import { DEFAULT_ROOMS } from '../../core/scenario.ts';
import { clientColor } from '../styles/client-colors.ts';
import { controlStyles } from '../styles/controls.ts';
import { surfaceStyles } from '../styles/surface.ts';

interface Floor {
  room: string;
  guests: SocketView[];
}

const defaultOrder = (room: string) => {
  const index = (DEFAULT_ROOMS as readonly string[]).indexOf(room);
  return index < 0 ? DEFAULT_ROOMS.length : index;
};

/**
 * "The hotel": every room of / is a floor and its sockets are the guests; every socket also has a
 * private room named by its id. Drawn from the server's rooms view (a snapshot, then its changes), so
 * sockets from outside this page appear too. After an emit, the floors where a socket really received it light up.
 */
@customElement('rooms-view')
export class RoomsView extends LitElement {
  static override styles = [
    controlStyles,
    surfaceStyles,
    css`
      /* Under the cards, on the page. */
      :host {
        display: block;
        min-width: 0;
        margin-top: 1rem;
      }

      aside {
        display: grid;
        gap: 0.6rem;
        padding: 0.9rem 1rem;
      }

      h2 {
        margin: 0;
        font-size: 1.3rem;
      }

      h3 {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: baseline;
        margin: 0.2rem 0 0;
        font-size: 1rem;
      }

      p {
        margin: 0;
        color: var(--text-muted);
      }

      code {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        color: var(--text);
      }

      ol,
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .floors {
        display: grid;
        gap: 0.35rem;
      }

      .floor {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.6rem;
        align-items: center;
        padding: 0.35rem 0.55rem;
        border: 2px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface-muted);
      }

      .floor.reached {
        border-color: #d4a72c;
        background: #fff6d6;
        box-shadow: 0 0 0.6rem rgb(212 167 44 / 55%);
      }

      .floor.empty {
        border-style: dashed;
      }

      .name {
        display: grid;
        gap: 0.1rem;
        min-width: 5.5rem;
        font-weight: 700;
        overflow-wrap: anywhere;
      }

      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }

      .tag {
        padding: 0 0.4rem;
        border-radius: 0.8em;
        font-size: 0.75em;
        font-weight: 700;
        white-space: nowrap;
      }

      .tag.targeted {
        background: #dbe7ff;
        color: #1d3f8f;
      }

      .tag.excepted {
        background: #ececec;
        color: #444;
      }

      .tag.reached {
        background: #ffe08a;
        color: #5c4400;
      }

      .guests {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
      }

      .guest {
        display: inline-flex;
        gap: 0.25rem;
        align-items: baseline;
        padding: 0.05rem 0.5rem;
        border: 2px solid transparent;
        border-radius: 1em;
        background: color-mix(in srgb, var(--guest-color) 12%, white);
        color: var(--guest-color);
        font-weight: 600;
      }

      .guest.got {
        border-color: var(--ok);
      }

      /* Faded by its plain white and dashed border, never by opacity: its name still reads at 4.5:1 or more. */
      .guest.missed {
        border-style: dashed;
        border-color: var(--text-muted);
        background: var(--surface);
      }

      .mark {
        color: var(--text);
        font-weight: 700;
      }

      .guest .id {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        font-size: 0.75em;
        color: var(--text-muted);
      }

      .nobody {
        color: var(--text-muted);
        font-style: italic;
      }
    `,
  ];

  @property({ attribute: false }) accessor snapshot: RoomsSnapshot = { sockets: [] };
  /** The last emit this page fired, to light the floors it reached. */
  @property({ attribute: false }) accessor result: EmitResult | undefined;

  override render() {
    const rule = this.result ? targeting(this.result.request, this.result.senderId) : undefined;
    return html`
      <aside class="surface" aria-labelledby="rooms-title">
        <h2 id="rooms-title">Rooms</h2>
        <p>
          Each room a floor, each socket a guest, live from the server.${this.result
            ? html` Lit: a guest really received <code>${emitCall(this.result.request)}</code>.`
            : nothing}
        </p>
        ${this.#namespace(MAIN_NAMESPACE, rule)} ${this.#namespace(OTHER_NAMESPACE, rule)}
      </aside>
    `;
  }

  #namespace(namespace: string, rule: Targeting | undefined) {
    const sockets = this.snapshot.sockets.filter((socket) => socket.namespace === namespace);
    if (namespace !== MAIN_NAMESPACE && sockets.length === 0) return nothing;
    const everyone = rule?.kind === 'broadcast' && rule.namespace === namespace && rule.rooms.length === 0;
    const floors = this.#floors(sockets, rule, namespace);
    return html`
      <div role="group" aria-labelledby="ns-${namespace.replace('/', '') || 'main'}">
        <h3 id="ns-${namespace.replace('/', '') || 'main'}">
          Namespace <code>${namespace}</code>
          ${everyone ? html`<span class="tag targeted">targeted: every socket</span>` : nothing}
        </h3>
        <ol class="floors">
          ${floors.map((floor) => this.#floor(floor, rule, namespace))}
          ${this.#privateFloor(sockets, rule, namespace)}
        </ol>
      </div>
    `;
  }

  /** The named rooms (not a socket's own id), plus any room the last emit targeted that nobody is in. */
  #floors(sockets: SocketView[], rule: Targeting | undefined, namespace: string): Floor[] {
    const ids = new Set(this.snapshot.sockets.map((socket) => socket.id));
    const floors = new Map<string, SocketView[]>();
    for (const socket of sockets) {
      for (const room of socket.rooms) {
        if (ids.has(room)) continue;
        const guests = floors.get(room);
        if (guests) guests.push(socket);
        else floors.set(room, [socket]);
      }
    }
    if (rule?.kind === 'broadcast' && rule.namespace === namespace) {
      for (const room of [...rule.rooms, ...rule.except]) if (!ids.has(room) && !floors.has(room)) floors.set(room, []);
    }
    return [...floors]
      .map(([room, guests]) => ({ room, guests }))
      .sort((a, b) => defaultOrder(a.room) - defaultOrder(b.room) || a.room.localeCompare(b.room));
  }

  #floor({ room, guests }: Floor, rule: Targeting | undefined, namespace: string) {
    const reached = guests.some((guest) => this.#outcome(guest)?.received === true);
    return html`
      <li class="floor ${reached ? 'reached' : ''} ${guests.length === 0 ? 'empty' : ''}">
        <span class="name">${room}${this.#tags(room, rule, namespace, reached)}</span>
        ${guests.length === 0
          ? html`<span class="nobody">nobody: the room does not exist</span>`
          : html`<ul class="guests" aria-label="Guests in ${room}">${guests.map((guest) => this.#guest(guest, false))}</ul>`}
      </li>
    `;
  }

  /** Every socket's own room, compactly on one floor. */
  #privateFloor(sockets: SocketView[], rule: Targeting | undefined, namespace: string) {
    if (sockets.length === 0) return nothing;
    const targeted = sockets.filter((socket) => this.#isTargeted(socket.id, rule, namespace));
    // Lit only when a private room was the target: a guest reached through a named room is marked on its own.
    const reached = targeted.some((socket) => this.#outcome(socket)?.received === true);
    return html`
      <li class="floor ${reached ? 'reached' : ''}">
        <span class="name"
          >Private rooms
          <span class="tags">
            ${targeted.length > 0 ? html`<span class="tag targeted">targeted: ${targeted.map((socket) => socket.name).join(', ')}'s</span>` : nothing}
            ${reached ? html`<span class="tag reached">reached</span>` : nothing}
          </span></span
        >
        <ul class="guests" aria-label="Private rooms">${sockets.map((socket) => this.#guest(socket, true))}</ul>
      </li>
    `;
  }

  #tags(room: string, rule: Targeting | undefined, namespace: string, reached: boolean) {
    const excepted = rule?.kind === 'broadcast' && rule.namespace === namespace && rule.except.includes(room);
    const targeted = this.#isTargeted(room, rule, namespace);
    if (!targeted && !excepted && !reached) return nothing;
    return html`<span class="tags">
      ${targeted ? html`<span class="tag targeted">targeted</span>` : nothing}
      ${excepted ? html`<span class="tag excepted">excepted</span>` : nothing}
      ${reached ? html`<span class="tag reached">reached</span>` : nothing}
    </span>`;
  }

  #isTargeted(room: string, rule: Targeting | undefined, namespace: string): boolean {
    if (!rule) return false;
    if (rule.kind === 'sender') return room === this.result?.senderId;
    return rule.namespace === namespace && rule.rooms.includes(room);
  }

  /** The last result's outcomes by socket: a lecture hall's thousand guests each look theirs up at every render. */
  #outcomes = new Map<string, EmitOutcome>();
  #outcomesOf: EmitResult | undefined;

  #outcome(socket: SocketView): EmitOutcome | undefined {
    if (this.#outcomesOf !== this.result) {
      this.#outcomesOf = this.result;
      this.#outcomes = new Map((this.result?.outcomes ?? []).map((outcome) => [outcome.socketId, outcome]));
    }
    return this.#outcomes.get(socket.id);
  }

  /** "on node-2", once sockets are on more than one node (npm run cluster): one server needs no label. */
  #onNodes(socket: NodeSocketView) {
    const several = socket.node !== undefined && this.snapshot.sockets.some((other) => other.node !== socket.node);
    return several ? html` <span class="id">on ${socket.node}</span>` : nothing;
  }

  #guest(socket: SocketView, showId: boolean) {
    const received = this.#outcome(socket)?.received;
    const state = received === true ? 'got' : received === false ? 'missed' : '';
    return html`
      <li class="guest ${state}" style=${styleMap({ '--guest-color': clientColor(socket.name) })} title=${socket.id}>
        ${socket.name}${showId ? html` <span class="id">${socket.id.slice(0, 6)}…</span>` : nothing}
        ${this.#onNodes(socket)}
        ${received === true ? html`<span class="mark" aria-hidden="true">✓</span><span class="visually-hidden">received</span>` : nothing}
        ${received === false ? html`<span class="mark" aria-hidden="true">✗</span><span class="visually-hidden">not received</span>` : nothing}
      </li>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rooms-view': RoomsView;
  }
}
