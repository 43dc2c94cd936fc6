// The lesson's connection lifecycle as data, and a pure reducer from one client's real connection
// events (the frames of its wire and a few socket.io events) to the state of each step.
import { systemText, type ChatMessage } from './chat-contract.ts';
import type { OpenPacketData, Transport, WireFrame } from './wire.ts';

export type StepId =
  | 'load-page'
  | 'call-io'
  | 'handshake'
  | 'server-connection'
  | 'emit-join'
  | 'server-join'
  | 'emit-send'
  | 'server-broadcast'
  | 'render-bubble'
  | 'disconnect';

/** Who acts at this step: the diagram colours and labels steps by it. */
export type Actor = 'browser' | 'client' | 'server';

export interface LifecycleStep {
  id: StepId;
  /** The lesson's name for the step. */
  title: string;
  /** One line under the title, for a step whose name alone would not say what really happens. */
  note?: string;
  actor: Actor;
  /** The code that runs at this step. */
  code: string;
  /** The real event that marks the step done, for the student who wonders how the diagram knows. */
  signal: string;
  /** What the step's record shows: the frame that was sent or received, the code that ran, the reason. */
  evidence: 'Request' | 'Code' | 'Sent' | 'Received' | 'Drawn' | 'Reason';
}

/** The lesson's steps, in its order. */
export const LIFECYCLE_STEPS: readonly LifecycleStep[] = [
  {
    id: 'load-page',
    title: 'Browser loads index.html',
    actor: 'browser',
    code: 'GET /',
    signal: 'the navigation timing of the page: when index.html finished arriving',
    evidence: 'Request',
  },
  {
    id: 'call-io',
    title: 'client.js runs io()',
    actor: 'client',
    code: 'const socket = io(); socket.connect()',
    signal: 'the client asked its Manager to open a connection',
    evidence: 'Code',
  },
  {
    id: 'handshake',
    title: 'Handshake (Engine.IO)',
    note: 'Opens with HTTP long-polling, then upgrades to a WebSocket when it can.',
    actor: 'client',
    code: 'GET /socket.io/?EIO=4&transport=polling',
    signal: 'the Engine.IO open packet arrived, with the session id and the heartbeat settings',
    evidence: 'Received',
  },
  {
    id: 'server-connection',
    title: 'Server: connection',
    actor: 'server',
    code: "io.on('connection', (socket) => { … })",
    signal: 'the Socket.IO CONNECT packet came back with the socket id (the client’s connect event)',
    evidence: 'Received',
  },
  {
    id: 'emit-join',
    title: 'Join: emit join-room',
    actor: 'client',
    code: "socket.emit('join-room', { room, name })",
    signal: 'the join-room packet left the client',
    evidence: 'Sent',
  },
  {
    id: 'server-join',
    title: 'Server: socket.join(room) and system message',
    actor: 'server',
    code: "socket.join(room); io.to(room).emit('receive-message', { text: `${name} joined`, system: true })",
    signal: 'the “joined” system message came back to the client',
    evidence: 'Received',
  },
  {
    id: 'emit-send',
    title: 'Type: emit send-message',
    actor: 'client',
    code: "socket.emit('send-message', { text })",
    signal: 'the send-message packet left the client',
    evidence: 'Sent',
  },
  {
    id: 'server-broadcast',
    title: 'Server: io.to(room).emit receive-message',
    actor: 'server',
    code: "io.to(room).emit('receive-message', message)",
    signal: 'the client received its own message, stamped by the server',
    evidence: 'Received',
  },
  {
    id: 'render-bubble',
    title: 'Clients render the bubble',
    actor: 'browser',
    code: 'messages = [...messages, message] → render()',
    signal: 'the message list finished drawing the bubble',
    evidence: 'Drawn',
  },
  {
    id: 'disconnect',
    title: 'Tab closes: disconnect and cleanup',
    actor: 'server',
    code: "socket.on('disconnect', (reason) => { … })",
    signal: 'the client’s disconnect event, with its reason; the server reports the rooms it left',
    evidence: 'Reason',
  },
];

/** Why a socket disconnected, in the words of socket.io's own reasons (client side, then server side). */
export const DISCONNECT_REASONS: Readonly<Record<string, string>> = {
  'io client disconnect': 'the client called socket.disconnect(): it will not reconnect by itself',
  'io server disconnect': 'the server called socket.disconnect(): the client will not reconnect by itself',
  'client namespace disconnect': 'the client called socket.disconnect()',
  'server namespace disconnect': 'the server called socket.disconnect()',
  'transport close': 'the connection closed under it: the tab closed (over a WebSocket), the network dropped, or the other side closed it',
  'transport error': 'the connection failed with an error; on the server, also a long-polling request cut short, as when the tab closes before the upgrade',
  'ping timeout': 'no heartbeat within pingInterval + pingTimeout: the other side vanished without a word',
  'parse error': 'a packet could not be decoded',
  'forced close': 'the connection was closed on purpose',
  'server shutting down': 'the server is stopping',
};

/** The namespace where pages observe the server's cleanup of disconnected sockets. */
export const LIFECYCLE_NAMESPACE = '/lifecycle';

/** What the server did when a socket of / disconnected, sent to observers of /lifecycle. */
export interface CleanupReport {
  socketId: string;
  name?: string;
  /** The reason the server saw, e.g. "client namespace disconnect", "transport close", "ping timeout". */
  reason: string;
  /** Server time, ms since the epoch. */
  at: number;
  /** Every room socket.io removed it from, its private room (its id) included. */
  roomsLeft: string[];
  /** The chat room told "Alice left", if it was in one. */
  chatRoom?: string;
  /** The online users the chat room was sent after it left. */
  onlineUsers?: string[];
}

export interface LifecycleObserverEvents {
  'lifecycle:cleanup': (report: CleanupReport) => void;
}

/** Something that happened to one client's connection, in the order its page saw it. */
export type ConnectionEvent =
  | { kind: 'page-loaded' }
  /** The Manager opens a connection: the first connect(), a reconnection attempt, or Connect again. */
  | { kind: 'opening'; reconnection: boolean; code: string }
  | { kind: 'transport-closed'; reason: string; description?: string }
  | { kind: 'disconnected'; reason: string; willReconnect: boolean }
  | { kind: 'reconnect-attempt'; attempt: number }
  | { kind: 'reconnect-error'; error: string }
  | { kind: 'reconnected'; attempt: number }
  /** The client's message list drew these messages. */
  | { kind: 'rendered'; messageIds: string[] }
  | { kind: 'server-cleanup'; report: CleanupReport };

export type TraceEntry = ({ kind: 'frame' } & WireFrame) | ({ seq: number; at: number } & ConnectionEvent);

export type StepStatus = 'waiting' | 'in-progress' | 'done' | 'skipped';

export interface StepRecord {
  /** Client time, ms since the epoch. */
  at: number;
  /** What was sent or what happened: the raw frame, the code, or the reason. */
  sent: string;
}

/** What happened underneath the handshake, in order. */
export type HandshakeMoment =
  | { kind: 'open'; at: number; transport: Transport; raw: string; data: OpenPacketData }
  | { kind: 'connect-sent'; at: number; transport: Transport; raw: string; namespace: string }
  | { kind: 'probe-sent'; at: number; transport: Transport; raw: string }
  | { kind: 'probe-answered'; at: number; transport: Transport; raw: string }
  | { kind: 'upgraded'; at: number; transport: Transport; raw: string }
  | { kind: 'connected'; at: number; transport: Transport; raw: string; namespace: string; socketId: string };

export interface ReconnectAttempt {
  attempt: number;
  at: number;
  error?: string;
}

export interface DisconnectDetail {
  at: number;
  /** The reason the client's disconnect event gave, e.g. "io client disconnect", "transport close", "ping timeout". */
  reason: string;
  willReconnect: boolean;
  /** How Engine.IO saw its transport close, when it did. */
  transportClosed?: { reason: string; description?: string };
  attempts: ReconnectAttempt[];
  reconnectedAt?: number;
}

/** One connection of the client, from io() to its disconnect. */
export interface LifecycleState {
  /** 1 for the first connection; each reconnection starts the next round. */
  round: number;
  done: Partial<Record<StepId, StepRecord>>;
  name?: string;
  room?: string;
  socketId?: string;
  /** The id of the client's own message, once the server sent it back: the bubble to wait for. */
  messageId?: string;
  handshake: HandshakeMoment[];
  /** The transport the connection uses now: polling first, websocket once upgraded. */
  transport?: Transport;
  /** How Engine.IO closed its transport, when that came before the disconnect event. */
  transportClosed?: { reason: string; description?: string };
  disconnect?: DisconnectDetail;
  /** The server's report of its cleanup, which may come before the client notices the disconnect. */
  cleanup?: CleanupReport;
  /** The previous round, kept for its disconnect once a reconnection starts a new one. */
  previous?: { socketId?: string; name?: string; room?: string; disconnect?: DisconnectDetail; cleanup?: CleanupReport };
  /** Connection state recovery gave this round the previous socket back: same id, same rooms, no join needed. */
  recovered?: boolean;
  /** When the Manager opened the connection that is under way (for the next round after a disconnect). */
  opening?: { at: number; code: string; reconnection: boolean };
}

export const initialLifecycle = (): LifecycleState => ({ round: 1, done: {}, handshake: [] });

export interface StepView {
  step: LifecycleStep;
  status: StepStatus;
  record?: StepRecord;
}

/** The steps with their status: done ones, the one in progress (the first not done), skipped ones after a disconnect. */
export function lifecycleSteps(state: LifecycleState): StepView[] {
  const ended = state.done.disconnect !== undefined;
  let current: StepId | undefined;
  if (!ended) current = LIFECYCLE_STEPS.find((step) => state.done[step.id] === undefined)?.id;
  return LIFECYCLE_STEPS.map((step) => {
    const record = state.done[step.id];
    if (record) return { step, status: 'done', record };
    if (ended) return { step, status: 'skipped' };
    return { step, status: step.id === current ? 'in-progress' : 'waiting' };
  });
}

/** The step in progress, if any. */
export function currentStep(state: LifecycleState): StepId | undefined {
  return lifecycleSteps(state).find((view) => view.status === 'in-progress')?.step.id;
}

/** Marks `id` done if it is the step in progress: the steps happen in the lesson's order or not at all. */
function complete(state: LifecycleState, id: StepId, record: StepRecord): LifecycleState {
  if (currentStep(state) !== id) return state;
  return { ...state, done: { ...state.done, [id]: record } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asChatMessage(value: unknown): ChatMessage | undefined {
  if (!isRecord(value)) return undefined;
  const { id, room, name, text, timestamp, system } = value;
  if (typeof id !== 'string' || typeof room !== 'string' || typeof name !== 'string' || typeof text !== 'string') return undefined;
  if (typeof timestamp !== 'number' || typeof system !== 'boolean') return undefined;
  return { id, room, name, text, timestamp, system };
}

/** A new connection after a disconnect starts the next round; the old one's disconnect is kept in `previous`. */
function nextRound(state: LifecycleState, at: number): LifecycleState {
  const opening = state.opening ?? { at, code: 'reconnecting', reconnection: true };
  const previous: LifecycleState['previous'] = {};
  if (state.socketId !== undefined) previous.socketId = state.socketId;
  if (state.name !== undefined) previous.name = state.name;
  if (state.room !== undefined) previous.room = state.room;
  if (state.disconnect) previous.disconnect = state.disconnect;
  if (state.cleanup) previous.cleanup = state.cleanup;
  const done: LifecycleState['done'] = { 'call-io': { at: opening.at, sent: opening.code } };
  if (state.done['load-page']) done['load-page'] = state.done['load-page'];
  return { round: state.round + 1, done, handshake: [], previous };
}

function withMoment(state: LifecycleState, moment: HandshakeMoment): LifecycleState {
  return { ...state, handshake: [...state.handshake, moment] };
}

function reduceFrame(state: LifecycleState, frame: WireFrame): LifecycleState {
  const { decoded, at, transport, raw } = frame;
  const sent = frame.direction === 'sent';
  const socket = decoded.socket;

  if (!sent && decoded.engine === 'open' && decoded.open) {
    const fresh = state.done.disconnect ? nextRound(state, at) : state;
    const opened = withMoment({ ...fresh, transport }, { kind: 'open', at, transport, raw, data: decoded.open });
    return complete(opened, 'handshake', { at, sent: raw });
  }
  if (decoded.engineData === 'probe' && (decoded.engine === 'ping' || decoded.engine === 'pong')) {
    return withMoment(state, { kind: sent ? 'probe-sent' : 'probe-answered', at, transport, raw });
  }
  if (sent && decoded.engine === 'upgrade') {
    return withMoment({ ...state, transport }, { kind: 'upgraded', at, transport, raw });
  }
  if (!socket) return state;

  if (socket.type === 'CONNECT') {
    if (sent) return withMoment(state, { kind: 'connect-sent', at, transport, raw, namespace: socket.namespace });
    const socketId = isRecord(socket.data) && typeof socket.data.sid === 'string' ? socket.data.sid : undefined;
    if (socketId === undefined) return state;
    const connected = withMoment(
      { ...state, socketId },
      { kind: 'connected', at, transport, raw, namespace: socket.namespace, socketId },
    );
    const record = { at, sent: raw };
    const previous = state.previous;
    if (previous?.socketId !== socketId || previous.room === undefined) return complete(connected, 'server-connection', record);
    // The server restored the session (the CONNECT packet carries the old id): the socket is in its rooms already.
    const restored = { ...complete(connected, 'server-connection', record), recovered: true, room: previous.room };
    if (previous.name !== undefined) restored.name = previous.name;
    return complete(complete(restored, 'emit-join', record), 'server-join', record);
  }
  if (socket.type !== 'EVENT') return state;

  const [payload] = socket.args ?? [];
  if (sent && socket.event === 'join-room' && currentStep(state) === 'emit-join' && isRecord(payload)) {
    const joining = { ...state, name: String(payload.name ?? ''), room: String(payload.room ?? '') };
    return complete(joining, 'emit-join', { at, sent: raw });
  }
  if (sent && socket.event === 'send-message') return complete(state, 'emit-send', { at, sent: raw });
  if (!sent && socket.event === 'receive-message') {
    const message = asChatMessage(payload);
    if (!message || message.name !== state.name) return state;
    // A socket that connection state recovery put back in its room hears that instead of "joined".
    const entered = [systemText.joined(message.name), systemText.recovered(message.name)];
    if (message.system && entered.includes(message.text)) return complete(state, 'server-join', { at, sent: raw });
    if (!message.system && currentStep(state) === 'server-broadcast') {
      return complete({ ...state, messageId: message.id }, 'server-broadcast', { at, sent: raw });
    }
  }
  return state;
}

/** Folds one real event of the followed client into its lifecycle. */
export function reduceLifecycle(state: LifecycleState, entry: TraceEntry): LifecycleState {
  switch (entry.kind) {
    case 'frame':
      return reduceFrame(state, entry);
    case 'page-loaded':
      return state.done['load-page'] ? state : { ...state, done: { ...state.done, 'load-page': { at: entry.at, sent: 'GET / → index.html' } } };
    case 'opening': {
      const opening = { at: entry.at, code: entry.code, reconnection: entry.reconnection };
      return complete({ ...state, opening }, 'call-io', { at: entry.at, sent: entry.code });
    }
    case 'rendered':
      if (state.messageId === undefined || !entry.messageIds.includes(state.messageId)) return state;
      return complete(state, 'render-bubble', { at: entry.at, sent: `the bubble of message ${state.messageId.slice(0, 8)}…` });
    case 'transport-closed': {
      const transportClosed: DisconnectDetail['transportClosed'] = { reason: entry.reason };
      if (entry.description !== undefined) transportClosed.description = entry.description;
      // A lost transport closes before the disconnect event; socket.disconnect() closes it after.
      if (!state.disconnect) return { ...state, transportClosed };
      if (state.disconnect.transportClosed) return state;
      return { ...state, disconnect: { ...state.disconnect, transportClosed } };
    }
    case 'disconnected': {
      if (state.done['call-io'] === undefined || state.done.disconnect) return state;
      const { transportClosed, ...rest } = state;
      const disconnect: DisconnectDetail = { at: entry.at, reason: entry.reason, willReconnect: entry.willReconnect, attempts: [] };
      if (transportClosed) disconnect.transportClosed = transportClosed;
      return { ...rest, disconnect, done: { ...rest.done, disconnect: { at: entry.at, sent: entry.reason } } };
    }
    case 'reconnect-attempt':
      if (!state.disconnect) return state;
      return { ...state, disconnect: { ...state.disconnect, attempts: [...state.disconnect.attempts, { attempt: entry.attempt, at: entry.at }] } };
    case 'reconnect-error': {
      const attempts = state.disconnect?.attempts ?? [];
      const last = attempts.at(-1);
      if (!state.disconnect || !last) return state;
      return { ...state, disconnect: { ...state.disconnect, attempts: [...attempts.slice(0, -1), { ...last, error: entry.error }] } };
    }
    case 'reconnected': {
      // The new round began with the open packet: the reconnection closes the previous one.
      const disconnect = state.previous?.disconnect;
      if (!disconnect || disconnect.reconnectedAt !== undefined) return state;
      return { ...state, previous: { ...state.previous, disconnect: { ...disconnect, reconnectedAt: entry.at } } };
    }
    case 'server-cleanup': {
      const { report } = entry;
      if (report.socketId === state.socketId) return { ...state, cleanup: report };
      if (state.previous && report.socketId === state.previous.socketId) return { ...state, previous: { ...state.previous, cleanup: report } };
      return state;
    }
  }
}
