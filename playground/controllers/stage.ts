import type { ReactiveControllerHost } from 'lit';
import { MAIN_NAMESPACE, OTHER_NAMESPACE } from '../../core/emit-rules.ts';
import type { EmitResult, RoomsSnapshot } from '../../core/lab-contract.ts';
import type { Delivery, HandlerRuns } from '../../core/lessons.ts';
import type { ClientSetup, Scenario, ScenarioClient } from '../../core/scenario.ts';
import type { PlaygroundSocket } from './chat-connection.ts';
import type { LabObserver } from './lab-observer.ts';
import type { LabReceiver } from './lab-receiver.ts';
import type { NamespaceSocket } from './namespace-connection.ts';
import type { PredictionScore } from './predict-mode.ts';
import { socketReady } from './socket-ready.ts';

/** What the stage needs of any card in the lab: its name, and what its socket received. */
interface CardOnStage extends Element {
  readonly name: string;
  readonly receiver: LabReceiver;
}

/** A chat client of /, as the stage sets it up: its socket, its chat room, its listeners and its error. */
export interface ChatCardOnStage extends CardOnStage {
  readonly socket: PlaygroundSocket;
  /** The chat room the server put this socket in, as far as the card knows. */
  readonly chatRoom: string | undefined;
  readonly startRoom: string | undefined;
  setListenInsideConnect(on: boolean): void;
  /** Disconnect, then Connect, on the same socket. */
  reconnect(): void;
  clearError(): void;
}

/** A bare client of /other: only its socket. */
export interface NamespaceCardOnStage extends CardOnStage {
  readonly socket: NamespaceSocket;
}

/** A card that takes part in the lab: a chat client of /, or a bare client of /other. */
export type LabCard = ChatCardOnStage | NamespaceCardOnStage;

export interface StageHost extends ReactiveControllerHost, HTMLElement {
  clients: readonly ClientSetup[];
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
}

/** What each client of a scenario really got of an emit, by its own card's socket. */
export interface Delivered {
  deliveries: Delivery[];
  /** The clients whose acknowledgement timed out. */
  unanswered: string[];
  handled: HandlerRuns[];
}

/**
 * How a scenario run ends: as Predict first says (Try it, presets), fired at once, armed for the student's
 * predictions, or with the cast set up and nothing fired (a lesson's opening scenario).
 */
export type ScenarioMode = 'as predict first says' | 'fire' | 'predict' | 'set up';

export interface ScenarioDetail {
  scenario: Scenario;
  /** Who asked, e.g. "preset:socket.to(own id)" or "who-receives/to-room": what the run shows belongs to it. */
  requester: string;
  mode?: ScenarioMode;
}

/** Asks the page's lab, from any element inside the page, to set a scenario up (and fire it, as `mode` says). */
export function requestScenarioRun(from: HTMLElement, detail: ScenarioDetail): void {
  from.dispatchEvent(new CustomEvent<ScenarioDetail>('scenario-run', { detail, bubbles: true, composed: true }));
}

/** A scenario the lab set the page to, and what its emit really did. */
export interface ScenarioRun {
  requester: string;
  scenario: Scenario;
  state: 'setting up' | 'ready' | 'armed' | 'running' | 'done' | 'failed';
  /** Why it could not be set up or performed. */
  error?: string;
  /** The lab's count of the fire that performed it. */
  fired?: number;
  /** Once done: how many times each client of the scenario received it, by its own socket's account, in the cast's order. */
  deliveries?: Delivery[];
  /** Once done, for the timeout variants: the clients whose acknowledgement timed out. */
  unanswered?: string[];
  /** Once done: how many times each client's own hello handler ran, by its card's count, in the cast's order. */
  handled?: HandlerRuns[];
  /** Once done, in predict mode: how many cards the student predicted right. */
  score?: PredictionScore;
}

/** How long a scenario waits for a card it added to connect, and for the server to report a card's rooms. */
const READY_MS = 5000;

const isChatCard = (card: LabCard): card is ChatCardOnStage => card.localName === 'chat-client-card';

/** The namespace a card connects to. */
const namespaceOf = (card: LabCard) => (card.localName === 'namespace-client-card' ? OTHER_NAMESPACE : MAIN_NAMESPACE);

const setupOf = (client: ScenarioClient): ClientSetup =>
  client.namespace === OTHER_NAMESPACE ? { name: client.name, namespace: OTHER_NAMESPACE } : client.room === undefined ? { name: client.name } : { name: client.name, room: client.room };

/**
 * The page's cast, as a lesson's "Set the stage" sets it for a scenario run: the cards on the page, each in its
 * namespace, chat room and extra rooms, answering acknowledgements or not; and, once the emit is done, what each got.
 */
export class Stage {
  readonly #host: StageHost;
  readonly #observer: LabObserver;

  constructor(host: StageHost, observer: LabObserver) {
    this.#host = host;
    this.#observer = observer;
  }

  cards(): LabCard[] {
    return [...this.#host.renderRoot.querySelectorAll<LabCard>('chat-client-card, namespace-client-card')];
  }

  chatCard(name: string): ChatCardOnStage | undefined {
    return this.cards().find((card): card is ChatCardOnStage => isChatCard(card) && card.name === name);
  }

  /** The cards on the page now as a scenario's clients: each in the rooms the server reports, to share the stage. */
  cast(): ScenarioClient[] {
    const sockets = this.#observer.snapshot.sockets;
    return this.cards().map((card) => {
      const client: ScenarioClient = { name: card.name, extraRooms: [], namespace: namespaceOf(card), answersAcks: card.receiver.answersAcks };
      if (!isChatCard(card)) return client;
      const id = card.socket.id;
      const rooms = sockets.find((socket) => socket.id === id)?.rooms.filter((room) => room !== id) ?? [];
      const room = card.chatRoom ?? card.startRoom;
      if (room !== undefined) client.room = room;
      client.extraRooms = rooms.filter((other) => other !== room);
      return client;
    });
  }

  /** Puts exactly the scenario's clients on the page, in their rooms; resolves with what went wrong, if anything. */
  async setUp(scenario: Scenario): Promise<string | undefined> {
    const host = this.#host;
    const wanted = (name: string) => scenario.clients.find((client) => client.name === name);
    // A card the scenario does not have goes; one that cannot become its client (another namespace, closed, in a
    // room it must not be in, which the chat cannot leave) is replaced by a fresh card with a fresh socket.
    const leaving = this.cards().filter((card) => {
      const client = wanted(card.name);
      if (!client || namespaceOf(card) !== client.namespace || !card.socket.active) return true;
      if (client.room !== undefined || !isChatCard(card)) return false;
      return (card.chatRoom ?? card.startRoom) !== undefined;
    });
    const idsBefore = this.cards().map((card) => card.socket.id);
    if (leaving.length > 0) {
      host.clients = host.clients.filter((client) => !leaving.some((card) => card.name === client.name));
      await host.updateComplete;
    }
    const added = scenario.clients.filter((client) => !host.clients.some((setup) => setup.name === client.name));
    // In the cast's order, so that a renewed card comes back in its place rather than last.
    const kept = host.clients;
    host.clients = scenario.clients.map((client) => kept.find((setup) => setup.name === client.name) ?? setupOf(client));
    await host.updateComplete;
    // Until the server has closed the sockets no card holds now (removed, or reconnected by moving), an emit would still count them.
    const held = new Set(this.cards().map((card) => card.socket.id));
    const closed = idsBefore.filter((id) => id !== undefined && !held.has(id));
    if (!(await this.#observer.until((snapshot) => !snapshot.sockets.some((socket) => closed.includes(socket.id)), READY_MS))) {
      return 'The server still holds a removed card’s socket: try again in a moment.';
    }
    for (const client of scenario.clients) {
      const problem = await this.#place(client, added.includes(client));
      if (problem) return problem;
    }
    return undefined;
  }

  /** One client of the scenario: connected, answering acks or not, in exactly its chat room and extra rooms. */
  async #place(client: ScenarioClient, isNew: boolean): Promise<string | undefined> {
    const card = this.cards().find((candidate) => candidate.name === client.name);
    if (!card) return `${client.name} could not be added to the page.`;
    if (!(await socketReady(card.socket, READY_MS))) return `${client.name} is not connected: click Connect on ${client.name}'s card, then try again.`;
    if (isChatCard(card)) {
      const problem = await this.#listenAndReconnect(card, client);
      if (problem) return problem;
    }
    card.receiver.setAnswersAcks(client.answersAcks);
    // A set-up card starts clean: an error from before the scenario says nothing about it.
    if (isChatCard(card)) card.clearError();
    const id = card.socket.id;
    const roomsOf = (snapshot: RoomsSnapshot) => snapshot.sockets.find((socket) => socket.id === id)?.rooms.filter((room) => room !== id);
    const expected = client.room === undefined ? client.extraRooms : [client.room, ...client.extraRooms];
    const isPlaced = (snapshot: RoomsSnapshot) => {
      const rooms = roomsOf(snapshot);
      return rooms !== undefined && rooms.length === expected.length && expected.every((room) => rooms.includes(room));
    };
    if (isNew) {
      // A card just added joins its chat room by itself once connected: wait for the server's report of it.
      const arrived = (snapshot: RoomsSnapshot) => (client.room === undefined ? roomsOf(snapshot) !== undefined : (roomsOf(snapshot)?.includes(client.room) ?? false));
      if (!(await this.#observer.until(arrived, READY_MS))) return `The server did not report ${client.name} ${client.room === undefined ? 'connected' : `in ${client.room}`}: try again.`;
    }
    if (isPlaced(this.#observer.snapshot)) return undefined;
    if (!isChatCard(card)) return `${client.name} did not show up on the server's ${client.namespace} namespace.`;
    if (client.room !== undefined && card.chatRoom !== client.room) {
      const reply = await card.socket.emitWithAck('join-room', { room: client.room, name: client.name });
      if (!reply.ok) return `${client.name} could not join ${client.room}: ${reply.error}`;
      await this.#observer.until((snapshot) => roomsOf(snapshot)?.includes(client.room!) ?? false, READY_MS);
    }
    const current = roomsOf(this.#observer.snapshot) ?? [];
    for (const room of current.filter((room) => room !== client.room && !client.extraRooms.includes(room))) {
      const reply = await card.socket.emitWithAck('lab:leave', { room });
      if (!reply.ok) return `${client.name} could not leave ${room}: ${reply.error}`;
    }
    for (const room of client.extraRooms.filter((room) => !current.includes(room))) {
      const reply = await card.socket.emitWithAck('lab:join', { room });
      if (!reply.ok) return `${client.name} could not also join ${room}: ${reply.error}`;
    }
    if (!(await this.#observer.until(isPlaced, READY_MS))) return `The server did not confirm ${client.name}'s rooms (${expected.join(', ') || 'none'}): try again.`;
    return undefined;
  }

  /**
   * Lesson 2's client: its listeners registered once, or inside connect afresh (one listener, as a page just
   * loaded with the bug); then, if the scenario says so, Disconnect and Connect on the same socket.
   */
  async #listenAndReconnect(card: ChatCardOnStage, client: ScenarioClient): Promise<string | undefined> {
    card.setListenInsideConnect(false);
    if (client.listensInConnect) card.setListenInsideConnect(true);
    if (!client.reconnected) return undefined;
    const before = card.socket.id;
    card.reconnect();
    // Until the server has closed the first connection, an emit could still count it.
    const reconnected = (await socketReady(card.socket, READY_MS)) && (await this.#observer.until((snapshot) => !snapshot.sockets.some((socket) => socket.id === before), READY_MS));
    return reconnected ? undefined : `${client.name} did not reconnect: click Connect on ${client.name}'s card, then try again.`;
  }

  /** What each client of the scenario really got, by its own card's socket, and whose acknowledgement timed out. */
  delivered(scenario: Scenario, result: EmitResult): Delivered {
    const cards = this.cards();
    const cardOf = (name: string) => cards.find((card) => card.name === name);
    const receiptOf = (name: string) => cardOf(name)?.receiver.receipt(result.emit);
    const deliveries = scenario.clients.map((client) => ({ name: client.name, times: receiptOf(client.name)?.copies ?? 0 }));
    const handled = scenario.clients.map((client) => ({ name: client.name, runs: receiptOf(client.name)?.handled ?? 0 }));
    const timedOut = (name: string) => result.outcomes.some((outcome) => outcome.socketId === cardOf(name)?.socket.id && outcome.ack === 'timed out');
    return { deliveries, unanswered: scenario.clients.map((client) => client.name).filter(timedOut), handled };
  }
}

declare global {
  interface HTMLElementEventMap {
    /** A preset or a lesson's "Try it": set the page to the scenario and run it. */
    'scenario-run': CustomEvent<ScenarioDetail>;
  }
}
