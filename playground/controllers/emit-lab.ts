import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Reply } from '../../core/chat-contract.ts';
import { LAB_BROADCAST_ROUTE, MAIN_NAMESPACE, OTHER_NAMESPACE, ROUTE_VARIANT, VOLATILE_BURST, variant, type EmitRequest, type VariantId } from '../../core/emit-rules.ts';
import type { EmitResult, EmitStarted, RoomsSnapshot } from '../../core/lab-contract.ts';
import type { Delivery, HandlerRuns } from '../../core/lessons.ts';
import { EMPTY_ROOM } from '../../core/presets.ts';
import { DEFAULT_ROOMS, defaultCast, type ClientSetup, type Scenario, type ScenarioClient } from '../../core/scenario.ts';
import type { ChatClientCard } from '../elements/chat-client-card.ts';
import type { NamespaceClientCard } from '../elements/namespace-client-card.ts';
import { instructorKey } from '../classroom.ts';
import type { PlaygroundSocket } from './chat-connection.ts';
import { LabObserver } from './lab-observer.ts';
import { socketReady } from './socket-ready.ts';

/** What the panel's pickers hold: who sends, and the rooms, socket and timeout a variant may need. */
export interface EmitChoice {
  sender: string;
  room: string;
  secondRoom: string;
  /** '' until the student picks one. */
  targetSocketId: string;
  timeoutMs: number;
}

/** The emit this page asked for last, as far as it got. */
export interface PageEmit {
  /** This page's count of emits it asked for, so that a late answer to an older one is ignored. */
  fired: number;
  request: EmitRequest;
  senderName: string;
  /** '' when the emit could not even be asked for (no such sender, not connected). */
  senderId: string;
  /** The server's number for it: from lab:started, or the result. */
  emit?: number;
  /** The server line that runs it, known from lab:started. */
  code?: string;
  result?: EmitResult;
  /** The sentence the lab refused the request with, or why it could not be sent. */
  error?: string;
  /** Predict mode: what the student said each card would do when they fired, by card name. */
  predictions?: ReadonlyMap<string, boolean>;
}

/** What the page tells each card about the lab. */
export interface CardLab {
  emit: PageEmit | undefined;
  predicting: boolean;
  /** This card's "<Name> will receive" box. */
  willReceive: boolean;
}

export interface PredictionScore {
  right: number;
  total: number;
}

/** A card that takes part in the lab: a chat client of /, or a bare client of /other. */
export type LabCard = ChatClientCard | NamespaceClientCard;

export interface EmitLabHost extends ReactiveControllerHost, HTMLElement {
  clients: readonly ClientSetup[];
  /** Rooms the page's cards have been in. */
  readonly rooms: readonly string[];
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
}

export interface VariantDetail {
  variant: VariantId;
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

/** Fires the emit that predict mode armed. */
export function requestFire(from: HTMLElement): void {
  from.dispatchEvent(new CustomEvent('emit-fire', { bubbles: true, composed: true }));
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

export interface PredictionDetail {
  name: string;
  willReceive: boolean;
}

/** What the panel's pickers hold when the page opens, and again after Reset. */
const DEFAULT_CHOICE: EmitChoice = { sender: 'Alice', room: DEFAULT_ROOMS[0], secondRoom: DEFAULT_ROOMS[1], targetSocketId: '', timeoutMs: 1000 };

/** Reset is a scenario like a lesson's opening one: the page's opening cast, set up and nothing fired. */
const RESET_REQUESTER = 'page/reset';

/** The settle markers may take 2 s and the acks the timeout itself: past this margin, the server is not answering. */
const PERFORM_MARGIN_MS = 5000;
/** How long a scenario waits for a card it added to connect, and for the server to report a card's rooms. */
const READY_MS = 5000;

/** Asks the server, over the sender's own socket, to perform the emit from that socket's connection handler. */
function performEmit(socket: PlaygroundSocket, request: EmitRequest): Promise<Reply<{ result: EmitResult }>> {
  if (request.variant === ROUTE_VARIANT) return broadcastFromRoute(request.room ?? '');
  const ms = (request.timeoutMs ?? 0) + PERFORM_MARGIN_MS;
  return new Promise((resolve) => {
    const silence = setTimeout(() => {
      resolve({ ok: false, error: `The server did not answer within ${ms / 1000} s: the connection may have dropped. Try again.` });
    }, ms);
    socket.emit('lab:perform', request, (reply) => {
      clearTimeout(silence);
      resolve(reply);
    });
  });
}

/** The broadcast from outside any handler: an HTTP request, as a REST route of a real app gets one. */
async function broadcastFromRoute(room: string): Promise<Reply<{ result: EmitResult }>> {
  try {
    const response = await fetch(`${LAB_BROADCAST_ROUTE}?room=${encodeURIComponent(room)}`, { method: 'POST', signal: AbortSignal.timeout(PERFORM_MARGIN_MS) });
    return (await response.json()) as Reply<{ result: EmitResult }>;
  } catch {
    return { ok: false, error: `POST ${LAB_BROADCAST_ROUTE} got no answer: the server may be down. Try again.` };
  }
}

/** The namespace a card connects to. */
const namespaceOf = (card: LabCard) => (card.localName === 'namespace-client-card' ? OTHER_NAMESPACE : MAIN_NAMESPACE);

const setupOf = (client: ScenarioClient): ClientSetup =>
  client.namespace === OTHER_NAMESPACE ? { name: client.name, namespace: OTHER_NAMESPACE } : client.room === undefined ? { name: client.name } : { name: client.name, room: client.room };

/**
 * The emit lab on the page: the panel's choices, predict mode, scenarios (presets and lessons' "Try it"), and the emit it fired last.
 * It only asks: the server performs the emit over the sender card's own socket, each card learns
 * from its own socket what arrived, and the result says why.
 */
export class EmitLab implements ReactiveController {
  choice: EmitChoice = DEFAULT_CHOICE;
  predictFirst = false;
  #armed: VariantId | undefined;
  last: PageEmit | undefined;
  score: PredictionScore | undefined;
  /** The scenario run last, so that whoever asked for it (a preset, a lesson) can say what it shows. */
  run: ScenarioRun | undefined;
  readonly observer: LabObserver;

  readonly #host: EmitLabHost;
  readonly #predictions = new Map<string, boolean>();
  #fired = 0;
  /** Bumped by each scenario run: a slower set-up that a newer run overtook stops there. */
  #runs = 0;
  /** Set while a quiz's run has Predict first on that the student had off: it goes off again when that run ends. */
  #predictLent = false;
  /** Fires waiting for their lab:started, in the order the server starts them (it handles one socket's events in order). */
  #unnumbered: { fired: number; senderId: string }[] = [];
  /** Emit numbers a result told us before their lab:started came. */
  readonly #numberedEarly = new Set<number>();

  constructor(host: EmitLabHost) {
    this.#host = host;
    this.observer = new LabObserver(host, {
      started: (started) => this.#onStarted(started),
      result: (result) => {
        if (this.last && this.last.emit === result.emit) this.#adopt(this.last.fired, result);
      },
    });
    host.addController(this);
  }

  /** In predict mode: the variant picked, waiting for Fire. */
  get armed(): VariantId | undefined {
    return this.#armed;
  }

  set armed(id: VariantId | undefined) {
    const changed = (this.#armed === undefined) !== (id === undefined);
    this.#armed = id;
    if (changed) this.#tellClass(id !== undefined);
  }

  /** Classroom mode: while an emit is armed, every student's card asks whether it will receive it. */
  #tellClass(armed: boolean): void {
    if (instructorKey() === undefined) return;
    // The sender's socket, as for the emit itself: every card of the instructor's page came with the key.
    const socket = this.#chatCard(this.choice.sender)?.socket;
    if (socket?.connected) socket.emit('lab:arm', { armed }, () => {});
  }

  hostConnected(): void {
    for (const [event, listener] of this.#listeners) this.#host.addEventListener(event, listener);
  }

  hostDisconnected(): void {
    for (const [event, listener] of this.#listeners) this.#host.removeEventListener(event, listener);
  }

  get snapshot(): RoomsSnapshot {
    return this.observer.snapshot;
  }

  /** Names of the clients that can send: the chat cards of /. */
  get senders(): string[] {
    return this.#host.clients.filter((client) => client.namespace !== OTHER_NAMESPACE).map((client) => client.name);
  }

  /** Every room a target picker offers: the default ones, any joined (here or elsewhere), and one nobody is in. */
  get roomChoices(): string[] {
    const socketIds = new Set(this.snapshot.sockets.map((socket) => socket.id));
    const rooms = new Set<string>([...DEFAULT_ROOMS, ...this.#host.rooms]);
    for (const socket of this.snapshot.sockets) {
      if (socket.namespace !== MAIN_NAMESPACE) continue;
      for (const room of socket.rooms) if (!socketIds.has(room)) rooms.add(room);
    }
    rooms.delete(EMPTY_ROOM);
    return [...rooms, EMPTY_ROOM];
  }

  forCard(name: string): CardLab {
    return { emit: this.last, predicting: this.predictFirst, willReceive: this.#predictions.get(name) ?? false };
  }

  requestFor(id: VariantId): EmitRequest {
    const { needs } = variant(id);
    const request: EmitRequest = { variant: id };
    if (needs.room) request.room = this.choice.room;
    if (needs.secondRoom) request.secondRoom = this.choice.secondRoom;
    if (needs.targetSocket) request.targetSocketId = this.choice.targetSocketId;
    if (needs.timeout) request.timeoutMs = this.choice.timeoutMs;
    if (needs.burst) request.burst = VOLATILE_BURST;
    return request;
  }

  async fire(id: VariantId): Promise<void> {
    // Not told as disarmed: the emit's lab:started ends the students' question, and their guesses stay for its result.
    this.#armed = undefined;
    this.score = undefined;
    const request = this.requestFor(id);
    const senderName = this.choice.sender;
    const fired = ++this.#fired;
    const predictions = this.predictFirst
      ? new Map(this.#cards().map((card) => [card.name, this.#predictions.get(card.name) ?? false]))
      : undefined;
    const base: PageEmit = { fired, request, senderName, senderId: '' };
    if (predictions) base.predictions = predictions;
    const sender = this.#chatCard(senderName);
    if (!sender) return this.#show({ ...base, error: `${senderName} is not on the page: pick another sender.` });
    const { socket } = sender;
    if (!socket.connected || !socket.id) {
      return this.#show({ ...base, error: `${senderName} is not connected: click Connect on ${senderName}'s card, then try again.` });
    }
    this.#show({ ...base, senderId: socket.id });
    this.#unnumbered.push({ fired, senderId: socket.id });

    const reply = await performEmit(socket, request);
    const waiting = this.#unnumbered.findIndex((entry) => entry.fired === fired);
    if (waiting >= 0) {
      this.#unnumbered.splice(waiting, 1);
      if (reply.ok) this.#numberedEarly.add(reply.result.emit);
    }
    if (this.last?.fired !== fired) return;
    if (reply.ok) this.#adopt(fired, reply.result);
    else this.#show({ ...this.last, error: reply.error });
  }

  /**
   * Sets the page to exactly the scenario: its clients and no others, each in its namespace, chat room and
   * extra rooms, answering acknowledgements or not; then picks its sender, rooms, target and timeout, and
   * fires (or arms, in predict mode).
   */
  async runScenario({ scenario, requester, mode = 'as predict first says' }: ScenarioDetail): Promise<void> {
    const token = ++this.#runs;
    this.#givePredictBack();
    this.armed = undefined;
    this.run = { requester, scenario, state: 'setting up' };
    if (mode === 'predict') {
      this.#predictLent = !this.predictFirst;
      this.predictFirst = true;
      this.#predictions.clear();
    }
    this.#host.requestUpdate();
    const problem = await this.#setUp(scenario);
    if (token !== this.#runs) return;
    if (problem) return this.#updateRun({ state: 'failed', error: problem });
    const target = scenario.target === undefined ? undefined : this.#cards().find((card) => card.name === scenario.target);
    this.choice = {
      sender: scenario.sender,
      room: scenario.room ?? this.choice.room,
      secondRoom: scenario.secondRoom ?? this.choice.secondRoom,
      targetSocketId: target?.socket.id ?? this.choice.targetSocketId,
      timeoutMs: scenario.timeoutMs ?? this.choice.timeoutMs,
    };
    if (mode === 'set up') {
      this.#updateRun({ state: 'ready' });
    } else if (mode === 'predict' || (mode === 'as predict first says' && this.predictFirst)) {
      this.armed = scenario.variant;
      this.#updateRun({ state: 'armed' });
    } else {
      await this.#fireRun(scenario.variant);
    }
  }

  async #fireRun(id: VariantId): Promise<void> {
    // fire() counts this emit as the next one, and may already fail before its first await.
    this.#updateRun({ state: 'running', fired: this.#fired + 1 });
    await this.fire(id);
  }

  #updateRun(change: Partial<ScenarioRun>): void {
    if (!this.run) return;
    this.run = { ...this.run, ...change };
    this.#endOfRun();
    this.#host.requestUpdate();
  }

  /** Once the run is over, predict mode it borrowed for a quiz goes back off. */
  #endOfRun(): void {
    if (this.run?.state === 'done' || this.run?.state === 'failed') this.#givePredictBack();
  }

  #givePredictBack(): void {
    if (!this.#predictLent) return;
    this.#predictLent = false;
    this.predictFirst = false;
    this.armed = undefined;
  }

  /**
   * The page as it opens: its four cards in their rooms (set up as a lesson's "Set the stage" does), the pickers'
   * defaults, Predict first off, no emit shown and no card's error left.
   */
  async reset(): Promise<void> {
    this.#predictLent = false;
    this.predictFirst = false;
    this.#predictions.clear();
    this.last = undefined;
    this.score = undefined;
    const { sender, room, secondRoom, timeoutMs } = DEFAULT_CHOICE;
    const scenario: Scenario = { clients: defaultCast(), sender, variant: 'socket.emit', room, secondRoom, timeoutMs };
    await this.runScenario({ scenario, requester: RESET_REQUESTER, mode: 'set up' });
    if (this.run?.requester === RESET_REQUESTER && this.run.state === 'ready') this.choice = DEFAULT_CHOICE;
  }

  /** Puts exactly the scenario's clients on the page, in their rooms; resolves with what went wrong, if anything. */
  async #setUp(scenario: Scenario): Promise<string | undefined> {
    const host = this.#host;
    const wanted = (name: string) => scenario.clients.find((client) => client.name === name);
    // A card the scenario does not have goes; one that cannot become its client (another namespace, closed, in a
    // room it must not be in, which the chat cannot leave) is replaced by a fresh card with a fresh socket.
    const leaving = this.#cards().filter((card) => {
      const client = wanted(card.name);
      if (!client || namespaceOf(card) !== client.namespace || !card.socket.active) return true;
      if (client.room !== undefined || card.localName !== 'chat-client-card') return false;
      const chatCard = card as ChatClientCard;
      return (chatCard.chatRoom ?? chatCard.startRoom) !== undefined;
    });
    const idsBefore = this.#cards().map((card) => card.socket.id);
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
    const held = new Set(this.#cards().map((card) => card.socket.id));
    const closed = idsBefore.filter((id) => id !== undefined && !held.has(id));
    if (!(await this.observer.until((snapshot) => !snapshot.sockets.some((socket) => closed.includes(socket.id)), READY_MS))) {
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
    const card = this.#cards().find((candidate) => candidate.name === client.name);
    if (!card) return `${client.name} could not be added to the page.`;
    if (!(await socketReady(card.socket, READY_MS))) return `${client.name} is not connected: click Connect on ${client.name}'s card, then try again.`;
    if (card.localName === 'chat-client-card') {
      const problem = await this.#listenAndReconnect(card as ChatClientCard, client);
      if (problem) return problem;
    }
    card.receiver.setAnswersAcks(client.answersAcks);
    // A set-up card starts clean: an error from before the scenario says nothing about it.
    if (card.localName === 'chat-client-card') (card as ChatClientCard).clearError();
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
      if (!(await this.observer.until(arrived, READY_MS))) return `The server did not report ${client.name} ${client.room === undefined ? 'connected' : `in ${client.room}`}: try again.`;
    }
    if (isPlaced(this.snapshot)) return undefined;
    if (card.localName !== 'chat-client-card') return `${client.name} did not show up on the server's ${client.namespace} namespace.`;
    const chatCard = card as ChatClientCard;
    if (client.room !== undefined && chatCard.chatRoom !== client.room) {
      const reply = await chatCard.socket.emitWithAck('join-room', { room: client.room, name: client.name });
      if (!reply.ok) return `${client.name} could not join ${client.room}: ${reply.error}`;
      await this.observer.until((snapshot) => roomsOf(snapshot)?.includes(client.room!) ?? false, READY_MS);
    }
    const current = roomsOf(this.snapshot) ?? [];
    for (const room of current.filter((room) => room !== client.room && !client.extraRooms.includes(room))) {
      const reply = await chatCard.socket.emitWithAck('lab:leave', { room });
      if (!reply.ok) return `${client.name} could not leave ${room}: ${reply.error}`;
    }
    for (const room of client.extraRooms.filter((room) => !current.includes(room))) {
      const reply = await chatCard.socket.emitWithAck('lab:join', { room });
      if (!reply.ok) return `${client.name} could not also join ${room}: ${reply.error}`;
    }
    if (!(await this.observer.until(isPlaced, READY_MS))) return `The server did not confirm ${client.name}'s rooms (${expected.join(', ') || 'none'}): try again.`;
    return undefined;
  }

  /**
   * Lesson 2's client: its listeners registered once, or inside connect afresh (one listener, as a page just
   * loaded with the bug); then, if the scenario says so, Disconnect and Connect on the same socket.
   */
  async #listenAndReconnect(card: ChatClientCard, client: ScenarioClient): Promise<string | undefined> {
    card.setListenInsideConnect(false);
    if (client.listensInConnect) card.setListenInsideConnect(true);
    if (!client.reconnected) return undefined;
    const before = card.socket.id;
    card.reconnect();
    // Until the server has closed the first connection, an emit could still count it.
    const reconnected = (await socketReady(card.socket, READY_MS)) && (await this.observer.until((snapshot) => !snapshot.sockets.some((socket) => socket.id === before), READY_MS));
    return reconnected ? undefined : `${client.name} did not reconnect: click Connect on ${client.name}'s card, then try again.`;
  }

  #cards(): LabCard[] {
    return [...this.#host.renderRoot.querySelectorAll<LabCard>('chat-client-card, namespace-client-card')];
  }

  #chatCard(name: string): ChatClientCard | undefined {
    return this.#cards().find((card): card is ChatClientCard => card.localName === 'chat-client-card' && card.name === name);
  }

  #show(emit: PageEmit): void {
    this.last = emit;
    const run = this.run;
    if (run?.fired === emit.fired && run.state === 'running') {
      if (emit.error !== undefined) this.run = { ...run, state: 'failed', error: emit.error };
      else if (emit.result) this.run = { ...run, state: 'done', ...this.#delivered(run.scenario, emit.result), ...(this.score ? { score: this.score } : {}) };
      this.#endOfRun();
    }
    this.#host.requestUpdate();
  }

  /** What each client of the scenario really got, by its own card's socket, and whose acknowledgement timed out. */
  #delivered(scenario: Scenario, result: EmitResult): Pick<ScenarioRun, 'deliveries' | 'unanswered' | 'handled'> {
    const cards = this.#cards();
    const cardOf = (name: string) => cards.find((card) => card.name === name);
    const receiptOf = (name: string) => cardOf(name)?.receiver.receipt(result.emit);
    const deliveries = scenario.clients.map((client) => ({ name: client.name, times: receiptOf(client.name)?.copies ?? 0 }));
    const handled = scenario.clients.map((client) => ({ name: client.name, runs: receiptOf(client.name)?.handled ?? 0 }));
    const timedOut = (name: string) => result.outcomes.some((outcome) => outcome.socketId === cardOf(name)?.socket.id && outcome.ack === 'timed out');
    return { deliveries, unanswered: scenario.clients.map((client) => client.name).filter(timedOut), handled };
  }

  #onStarted(started: EmitStarted): void {
    if (this.#numberedEarly.delete(started.emit)) return;
    const waiting = this.#unnumbered.findIndex((entry) => entry.senderId === started.senderId);
    if (waiting < 0) return;
    const [entry] = this.#unnumbered.splice(waiting, 1);
    const last = this.last;
    if (last && entry?.fired === last.fired && last.emit === undefined) this.#show({ ...last, emit: started.emit, code: started.code });
  }

  #adopt(fired: number, result: EmitResult): void {
    const last = this.last;
    if (!last || last.fired !== fired || last.result) return;
    this.score = last.predictions ? this.#score(last.predictions, result) : undefined;
    this.#show({ ...last, emit: result.emit, code: result.code, result });
  }

  /** Counts the cards whose real delivery matches what the student said; a card that could not report does not count. */
  #score(predictions: ReadonlyMap<string, boolean>, result: EmitResult): PredictionScore {
    let right = 0;
    let total = 0;
    for (const card of this.#cards()) {
      const predicted = predictions.get(card.name);
      const outcome = result.outcomes.find((candidate) => candidate.socketId === card.socket.id);
      if (predicted === undefined || typeof outcome?.received !== 'boolean') continue;
      total++;
      if (outcome.received === predicted) right++;
    }
    return { right, total };
  }

  readonly #listeners: [keyof HTMLElementEventMap, (event: Event) => void][] = [
    ['emit-variant', (event) => {
      const { variant: id } = (event as CustomEvent<VariantDetail>).detail;
      // A variant picked by hand: the last scenario no longer describes what runs.
      this.#leaveScenario();
      if (!this.predictFirst) return void this.fire(id);
      this.armed = id;
      this.#host.requestUpdate();
    }],
    ['emit-fire', () => {
      if (!this.armed) return;
      if (this.run?.state === 'armed') void this.#fireRun(this.armed);
      else void this.fire(this.armed);
    }],
    ['emit-choice-change', (event) => {
      this.#leaveScenario();
      this.choice = { ...this.choice, ...(event as CustomEvent<Partial<EmitChoice>>).detail };
      this.#host.requestUpdate();
    }],
    ['predict-first-change', (event) => {
      this.predictFirst = (event as CustomEvent<{ predictFirst: boolean }>).detail.predictFirst;
      // Turned by hand, predict mode is the student's: no quiz turns it back.
      this.#predictLent = false;
      if (!this.predictFirst) this.armed = undefined;
      this.#host.requestUpdate();
    }],
    ['prediction-change', (event) => {
      const { name, willReceive } = (event as CustomEvent<PredictionDetail>).detail;
      this.#predictions.set(name, willReceive);
      this.#host.requestUpdate();
    }],
    ['scenario-run', (event) => void this.runScenario((event as CustomEvent<ScenarioDetail>).detail)],
  ];

  /** The student took over: a run still setting up stops, and the last one's result stays as it was. */
  #leaveScenario(): void {
    this.#runs++;
    this.run = undefined;
    // Predicting by hand now: predict mode stays on, as the badge and the checkbox show, until the student turns it off.
    this.#predictLent = false;
  }
}

declare global {
  interface HTMLElementEventMap {
    /** A variant button: fire it now, or arm it in predict mode. */
    'emit-variant': CustomEvent<VariantDetail>;
    /** Predict mode's Fire button. */
    'emit-fire': CustomEvent<void>;
    'emit-choice-change': CustomEvent<Partial<EmitChoice>>;
    'predict-first-change': CustomEvent<{ predictFirst: boolean }>;
    'prediction-change': CustomEvent<PredictionDetail>;
    /** A preset or a lesson's "Try it": set the page to the scenario and run it. */
    'scenario-run': CustomEvent<ScenarioDetail>;
  }
}
