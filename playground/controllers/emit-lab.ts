import type { ReactiveController } from 'lit';
import type { Reply } from '../../core/chat-contract.ts';
import { LAB_BROADCAST_ROUTE, MAIN_NAMESPACE, OTHER_NAMESPACE, ROUTE_VARIANT, VOLATILE_BURST, variant, type EmitRequest, type SocketView, type VariantId } from '../../core/emit-rules.ts';
import type { EmitResult, EmitStarted, RoomsSnapshot } from '../../core/lab-contract.ts';
import { EMPTY_ROOM } from '../../core/presets.ts';
import { DEFAULT_ROOMS, defaultCast, type Scenario } from '../../core/scenario.ts';
import type { StageNow } from '../../core/shared-scenario.ts';
import { instructorKey } from '../classroom.ts';
import type { PlaygroundSocket } from './chat-connection.ts';
import { LabObserver } from './lab-observer.ts';
import { PredictMode, scorePredictions, type PredictionScore } from './predict-mode.ts';
import { Stage, type ChatCardOnStage, type ScenarioDetail, type ScenarioRun, type StageHost } from './stage.ts';

/** What the panel's pickers hold: who sends, and the rooms, socket and timeout a variant may need. */
export interface EmitChoice {
  sender: string;
  room: string;
  secondRoom: string;
  /** '' until the student picks one. */
  targetSocketId: string;
  timeoutMs: number;
  /** Classroom mode: the socket that sends when it is not one of this page's cards (a student's); `sender` is its name. */
  senderId?: string;
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

export interface EmitLabHost extends StageHost {
  /** Rooms the page's cards have been in. */
  readonly rooms: readonly string[];
}

export interface VariantDetail {
  variant: VariantId;
}


/** What the panel's pickers hold when the page opens, and again after Reset. */
const DEFAULT_CHOICE: EmitChoice = { sender: 'Alice', room: DEFAULT_ROOMS[0], secondRoom: DEFAULT_ROOMS[1], targetSocketId: '', timeoutMs: 1000 };

/** Reset is a scenario like a lesson's opening one: the page's opening cast, set up and nothing fired. */
const RESET_REQUESTER = 'page/reset';

/** The settle markers may take 2 s and the acks the timeout itself: past this margin, the server is not answering. */
const PERFORM_MARGIN_MS = 5000;

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

/**
 * The emit lab on the page: the panel's choices, scenarios (presets and lessons' "Try it"), and the emit it fired last.
 * It only asks: the server performs the emit over the sender card's own socket, each card learns
 * from its own socket what arrived, and the result says why.
 */
export class EmitLab implements ReactiveController {
  choice: EmitChoice = DEFAULT_CHOICE;
  last: PageEmit | undefined;
  score: PredictionScore | undefined;
  /** The scenario run last, so that whoever asked for it (a preset, a lesson) can say what it shows. */
  run: ScenarioRun | undefined;
  readonly observer: LabObserver;
  readonly predict: PredictMode;
  readonly #stage: Stage;

  readonly #host: EmitLabHost;
  #fired = 0;
  /** Bumped by each scenario run: a slower set-up that a newer run overtook stops there. */
  #runs = 0;
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
    this.#stage = new Stage(host, this.observer);
    this.predict = new PredictMode(host, () => this.#carrier());
    host.addController(this);
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

  /**
   * Classroom mode: the sockets of / that are not this page's cards (the students'), which the instructor may pick as
   * the sender; the server then runs the emit in that socket's handler.
   */
  get classSenders(): SocketView[] {
    if (instructorKey() === undefined) return [];
    const own = new Set(this.#stage.cards().map((card) => card.socket.id));
    return this.snapshot.sockets.filter((socket) => socket.namespace === MAIN_NAMESPACE && !own.has(socket.id));
  }

  /** Classroom mode: a connected card of this page, whose socket holds the instructor's key like every card's, to ask the server over. */
  get instructorSocket(): PlaygroundSocket | undefined {
    return this.#stage.cards().find((card): card is ChatCardOnStage => card.localName === 'chat-client-card' && card.socket.connected)?.socket;
  }

  /** The socket that asks the server: the sender card's own, or for a student sender any connected card of the page. */
  #carrier(): PlaygroundSocket | undefined {
    return this.choice.senderId === undefined ? this.#stage.chatCard(this.choice.sender)?.socket : this.instructorSocket;
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

  /** What "Share stage" captures: the cards in their rooms, the sender, the emit fired or armed, and the pickers. */
  stageNow(): Omit<StageNow, 'lesson'> {
    const { sender, room, secondRoom, targetSocketId, timeoutMs } = this.choice;
    const target = this.#stage.cards().find((card) => card.socket.id !== undefined && card.socket.id === targetSocketId)?.name;
    return { clients: this.#stage.cast(), sender, variant: this.predict.armed ?? this.last?.request.variant, room, secondRoom, target, timeoutMs, burst: VOLATILE_BURST };
  }

  forCard(name: string): CardLab {
    return { emit: this.last, predicting: this.predict.on, willReceive: this.predict.willReceive(name) };
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
    this.predict.fired();
    this.score = undefined;
    const request = this.requestFor(id);
    const senderName = this.choice.sender;
    const fired = ++this.#fired;
    const predictions = this.predict.predictionsFor(this.#stage.cards().map((card) => card.name));
    const base: PageEmit = { fired, request, senderName, senderId: '' };
    if (predictions) base.predictions = predictions;
    const { senderId } = this.choice;
    if (senderId !== undefined) return this.#fireFrom(senderId, { ...base, request: { ...request, senderId } });
    const sender = this.#stage.chatCard(senderName);
    if (!sender) return this.#show({ ...base, error: `${senderName} is not on the page: pick another sender.` });
    const { socket } = sender;
    if (!socket.connected || !socket.id) {
      return this.#show({ ...base, error: `${senderName} is not connected: click Connect on ${senderName}'s card, then try again.` });
    }
    await this.#perform(socket, { ...base, senderId: socket.id });
  }

  /** Classroom mode: the instructor's page asks, over one of its cards, for an emit from a student's socket. */
  async #fireFrom(senderId: string, base: PageEmit): Promise<void> {
    const carrier = this.#carrier();
    if (!carrier) return this.#show({ ...base, error: 'No card of this page is connected to ask the server: Connect one, then try again.' });
    await this.#perform(carrier, { ...base, senderId });
  }

  async #perform(socket: PlaygroundSocket, emit: PageEmit): Promise<void> {
    const { fired, request } = emit;
    this.#show(emit);
    this.#unnumbered.push({ fired, senderId: emit.senderId });

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
    this.predict.giveBack();
    this.predict.armed = undefined;
    this.run = { requester, scenario, state: 'setting up' };
    if (mode === 'predict') this.predict.lend();
    this.#host.requestUpdate();
    const problem = await this.#stage.setUp(scenario);
    if (token !== this.#runs) return;
    if (problem) return this.#updateRun({ state: 'failed', error: problem });
    const target = scenario.target === undefined ? undefined : this.#stage.cards().find((card) => card.name === scenario.target);
    this.choice = {
      sender: scenario.sender,
      room: scenario.room ?? this.choice.room,
      secondRoom: scenario.secondRoom ?? this.choice.secondRoom,
      targetSocketId: target?.socket.id ?? this.choice.targetSocketId,
      timeoutMs: scenario.timeoutMs ?? this.choice.timeoutMs,
    };
    if (mode === 'set up') {
      this.#updateRun({ state: 'ready' });
    } else if (mode === 'predict' || (mode === 'as predict first says' && this.predict.on)) {
      this.predict.armed = scenario.variant;
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
    if (this.run?.state === 'done' || this.run?.state === 'failed') this.predict.giveBack();
  }

  /**
   * The page as it opens: its four cards in their rooms (set up as a lesson's "Set the stage" does), the pickers'
   * defaults, Predict first off, no emit shown and no card's error left.
   */
  async reset(): Promise<void> {
    this.predict.reset();
    this.last = undefined;
    this.score = undefined;
    const { sender, room, secondRoom, timeoutMs } = DEFAULT_CHOICE;
    const scenario: Scenario = { clients: defaultCast(), sender, variant: 'socket.emit', room, secondRoom, timeoutMs };
    await this.runScenario({ scenario, requester: RESET_REQUESTER, mode: 'set up' });
    if (this.run?.requester === RESET_REQUESTER && this.run.state === 'ready') this.choice = DEFAULT_CHOICE;
  }

  #show(emit: PageEmit): void {
    this.last = emit;
    const run = this.run;
    if (run?.fired === emit.fired && run.state === 'running') {
      if (emit.error !== undefined) this.run = { ...run, state: 'failed', error: emit.error };
      else if (emit.result) this.run = { ...run, state: 'done', ...this.#stage.delivered(run.scenario, emit.result), ...(this.score ? { score: this.score } : {}) };
      this.#endOfRun();
    }
    this.#host.requestUpdate();
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
    this.score = last.predictions ? scorePredictions(last.predictions, result, this.#stage.cards()) : undefined;
    this.#show({ ...last, emit: result.emit, code: result.code, result });
  }

  readonly #listeners: [keyof HTMLElementEventMap, (event: Event) => void][] = [
    ['emit-variant', (event) => {
      const { variant: id } = (event as CustomEvent<VariantDetail>).detail;
      // A variant picked by hand: the last scenario no longer describes what runs.
      this.#leaveScenario();
      if (!this.predict.on) return void this.fire(id);
      this.predict.armed = id;
      this.#host.requestUpdate();
    }],
    ['emit-fire', () => {
      const { armed } = this.predict;
      if (!armed) return;
      if (this.run?.state === 'armed') void this.#fireRun(armed);
      else void this.fire(armed);
    }],
    ['emit-choice-change', (event) => {
      this.#leaveScenario();
      this.choice = { ...this.choice, ...(event as CustomEvent<Partial<EmitChoice>>).detail };
      this.#host.requestUpdate();
    }],
    ['scenario-run', (event) => void this.runScenario((event as CustomEvent<ScenarioDetail>).detail)],
  ];

  /** The student took over: a run still setting up stops, and the last one's result stays as it was. */
  #leaveScenario(): void {
    this.#runs++;
    this.run = undefined;
    this.predict.keep();
  }
}

declare global {
  interface HTMLElementEventMap {
    /** A variant button: fire it now, or arm it in predict mode. */
    'emit-variant': CustomEvent<VariantDetail>;
    'emit-choice-change': CustomEvent<Partial<EmitChoice>>;
  }
}
