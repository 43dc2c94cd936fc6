import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Reply } from '../../core/chat-contract.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE, variant, type EmitRequest, type VariantId } from '../../core/emit-rules.ts';
import type { EmitResult, EmitStarted, RoomsSnapshot } from '../../core/lab-contract.ts';
import { EMPTY_ROOM, type Preset } from '../../core/presets.ts';
import { DEFAULT_ROOMS, type ClientSetup } from '../../core/scenario.ts';
import type { ChatClientCard } from '../elements/chat-client-card.ts';
import type { NamespaceClientCard } from '../elements/namespace-client-card.ts';
import type { PlaygroundSocket } from './chat-connection.ts';
import { LabObserver } from './lab-observer.ts';
import type { ReceivingSocket } from './lab-receiver.ts';

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

export interface PresetDetail {
  preset: Preset;
}

export interface PredictionDetail {
  name: string;
  willReceive: boolean;
}

/** The settle markers may take 2 s and the acks the timeout itself: past this margin, the server is not answering. */
const PERFORM_MARGIN_MS = 5000;
/** How long a preset waits for a card it added to connect and join its room. */
const READY_MS = 5000;

/** Asks the server, over the sender's own socket, to perform the emit from that socket's connection handler. */
function performEmit(socket: PlaygroundSocket, request: EmitRequest): Promise<Reply<{ result: EmitResult }>> {
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

function connected(socket: ReceivingSocket): Promise<boolean> {
  if (socket.connected || !socket.active) return Promise.resolve(socket.connected);
  return new Promise((resolve) => {
    const onConnect = () => {
      clearTimeout(giveUp);
      resolve(true);
    };
    const giveUp = setTimeout(() => {
      socket.off('connect', onConnect);
      resolve(false);
    }, READY_MS);
    socket.once('connect', onConnect);
  });
}

/**
 * The emit lab on the page: the panel's choices, predict mode, presets, and the emit it fired last.
 * It only asks: the server performs the emit over the sender card's own socket, each card learns
 * from its own socket what arrived, and the result says why.
 */
export class EmitLab implements ReactiveController {
  choice: EmitChoice = { sender: 'Alice', room: 'general', secondRoom: 'random', targetSocketId: '', timeoutMs: 1000 };
  predictFirst = false;
  /** In predict mode: the variant picked, waiting for Fire. */
  armed: VariantId | undefined;
  last: PageEmit | undefined;
  score: PredictionScore | undefined;
  /** The preset run last, so the panel can say what it shows. */
  preset: Preset | undefined;
  presetError: string | undefined;
  readonly observer: LabObserver;

  readonly #host: EmitLabHost;
  readonly #predictions = new Map<string, boolean>();
  #fired = 0;
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
    return request;
  }

  async fire(id: VariantId): Promise<void> {
    this.armed = undefined;
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

  async runPreset(preset: Preset): Promise<void> {
    this.preset = preset;
    this.presetError = undefined;
    this.#host.requestUpdate();
    const problem = await this.#setUp(preset);
    if (problem) {
      this.presetError = problem;
      this.#host.requestUpdate();
      return;
    }
    const { emit } = preset;
    const target = emit.targetClient === undefined ? undefined : this.#cards().find((card) => card.name === emit.targetClient);
    this.choice = {
      ...this.choice,
      sender: emit.sender,
      room: emit.room ?? this.choice.room,
      secondRoom: emit.secondRoom ?? this.choice.secondRoom,
      targetSocketId: target?.socket.id ?? this.choice.targetSocketId,
    };
    if (this.predictFirst) {
      this.armed = emit.variant;
      this.#host.requestUpdate();
    } else {
      await this.fire(emit.variant);
    }
  }

  /** Puts the preset's clients on the page, in their rooms; resolves with what went wrong, if anything. */
  async #setUp(preset: Preset): Promise<string | undefined> {
    const host = this.#host;
    const missing = preset.clients.filter((setup) => !host.clients.some((client) => client.name === setup.name));
    if (missing.length > 0) {
      host.clients = [...host.clients, ...missing];
      await host.updateComplete;
    }
    for (const setup of preset.clients) {
      const card = this.#cards().find((candidate) => candidate.name === setup.name);
      if (!card) return `${setup.name} could not be added to the page.`;
      if (!(await connected(card.socket))) return `${setup.name} is not connected: click Connect on ${setup.name}'s card, then run the preset again.`;
      const room = setup.room;
      if (room === undefined || card.localName !== 'chat-client-card') continue;
      const chatCard = card as ChatClientCard;
      const id = chatCard.socket.id;
      const inRoom = (snapshot: RoomsSnapshot) => snapshot.sockets.some((socket) => socket.id === id && socket.rooms.includes(room));
      // A card just added joins its room by itself once connected; one that moved elsewhere is sent back with join-room.
      const isThere = missing.includes(setup) ? await this.observer.until(inRoom, READY_MS) : inRoom(this.snapshot);
      if (isThere) continue;
      const reply = await chatCard.socket.emitWithAck('join-room', { room, name: setup.name });
      if (!reply.ok) return `${setup.name} could not join ${room}: ${reply.error}`;
    }
    for (const { client, room } of preset.extraRooms ?? []) {
      const card = this.#chatCard(client);
      if (!card) return `${client} is not on the page.`;
      const reply = await card.socket.emitWithAck('lab:join', { room });
      if (!reply.ok) return `${client} could not also join ${room}: ${reply.error}`;
    }
    return undefined;
  }

  #cards(): LabCard[] {
    return [...this.#host.renderRoot.querySelectorAll<LabCard>('chat-client-card, namespace-client-card')];
  }

  #chatCard(name: string): ChatClientCard | undefined {
    return this.#cards().find((card): card is ChatClientCard => card.localName === 'chat-client-card' && card.name === name);
  }

  #show(emit: PageEmit): void {
    this.last = emit;
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
    this.#show({ ...last, emit: result.emit, code: result.code, result });
    this.score = last.predictions ? this.#score(last.predictions, result) : undefined;
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
      // A variant picked by hand: the last preset's sentence no longer describes what runs.
      this.preset = undefined;
      this.presetError = undefined;
      if (!this.predictFirst) return void this.fire(id);
      this.armed = id;
      this.#host.requestUpdate();
    }],
    ['emit-fire', () => {
      if (this.armed) void this.fire(this.armed);
    }],
    ['emit-choice-change', (event) => {
      this.choice = { ...this.choice, ...(event as CustomEvent<Partial<EmitChoice>>).detail };
      this.#host.requestUpdate();
    }],
    ['predict-first-change', (event) => {
      this.predictFirst = (event as CustomEvent<{ predictFirst: boolean }>).detail.predictFirst;
      if (!this.predictFirst) this.armed = undefined;
      this.#host.requestUpdate();
    }],
    ['prediction-change', (event) => {
      const { name, willReceive } = (event as CustomEvent<PredictionDetail>).detail;
      this.#predictions.set(name, willReceive);
      this.#host.requestUpdate();
    }],
    ['preset-run', (event) => void this.runPreset((event as CustomEvent<PresetDetail>).detail.preset)],
  ];
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
    'preset-run': CustomEvent<PresetDetail>;
  }
}
