// A scenario: who is connected, in which rooms, and which emit one of them performs. The cast the
// page opens with, the lessons' scenario blocks and the emit lab's presets all use this one shape.
import { CLIENT_NAMES } from './client-names.ts';
import { DEFAULT_CLIENTS } from './default-cast.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE, codeLine, quote, type EmitRequest, type VariantId } from './emit-rules.ts';

export { CLIENT_NAMES } from './client-names.ts';
export { DEFAULT_CLIENTS, DEFAULT_ROOMS, type ClientSetup } from './default-cast.ts';

/** The first name not taken yet; past the list, "Client 20", "Client 21", … */
export function nextClientName(taken: Iterable<string>): string {
  const used = new Set(taken);
  const free = CLIENT_NAMES.find((name) => !used.has(name));
  if (free) return free;
  for (let n = CLIENT_NAMES.length + 1; ; n++) {
    if (!used.has(`Client ${n}`)) return `Client ${n}`;
  }
}

export type NamespaceName = typeof MAIN_NAMESPACE | typeof OTHER_NAMESPACE;

/** A client of a scenario, as a card of the page: where it connects and which rooms the server puts it in. */
export interface ScenarioClient {
  name: string;
  /** Its chat room (join-room); undefined: in no room. */
  room?: string;
  /** Rooms it is in besides its chat room. */
  extraRooms: string[];
  namespace: NamespaceName;
  /** False: it receives emits sent with an acknowledgement, and never answers them. */
  answersAcks: boolean;
  /** True: its hello listener is registered inside its `connect` handler (the classic bug), so each connect adds one more. */
  listensInConnect?: boolean;
  /** True: before the emit it disconnected and connected again once, on the same Socket object, which keeps its listeners. */
  reconnected?: boolean;
  /** In a scenario on several nodes: the node it connects to, from 1 (`on node 2`). Default 1. */
  node?: number;
}

/** Who is connected and who acts: what a scenario and an exercise check both set up. */
export interface Cast {
  clients: ScenarioClient[];
  sender: string;
}

/** An emit performed for real from the sender's connection handler, with the cast around it. */
export interface Scenario extends Cast {
  variant: VariantId;
  room?: string;
  secondRoom?: string;
  /** A client's name, for the socket-id variants: its socket id is filled in at run time. */
  target?: string;
  timeoutMs?: number;
  /** How many volatile emits in a row, for socket.volatile.emit × n. */
  burst?: number;
  /** Several server nodes sharing one Redis (`nodes: 2`): lesson 12. Undefined: one server, as the page runs. */
  nodes?: number;
  /** On several nodes: the variant's call made another way (`call: io.local`), see NODE_CALLS. */
  call?: NodeCall;
  /** For `call: socketsJoin`: the room whose sockets, on every node, are put into `room` before the emit. */
  joins?: string;
}

/** The most nodes a scenario runs on: enough to show a call crossing, or not crossing, to each other node. */
export const SCENARIO_NODES_MAX = 3;

/**
 * The calls that only mean something on several nodes, each a way to make the scenario's io.emit or
 * io.to(room).emit: `io.local` stays on the sender's node; `fetchSockets` emits to each socket it fetched from
 * every node; `socketsJoin` first puts the sockets of `joins`, on every node, into the room.
 */
export const NODE_CALLS = {
  'io.local': ['io.emit', 'io.to(room).emit'],
  fetchSockets: ['io.to(room).emit'],
  socketsJoin: ['io.to(room).emit'],
} as const satisfies Record<string, readonly VariantId[]>;
export type NodeCall = keyof typeof NODE_CALLS;

export function isNodeCall(value: string): value is NodeCall {
  return Object.hasOwn(NODE_CALLS, value);
}

/** Why a scenario's `call:` does not fit its variant, or undefined when it does. */
export function nodeCallProblem(call: NodeCall, variant: VariantId): string | undefined {
  const variants: readonly VariantId[] = NODE_CALLS[call];
  return variants.includes(variant) ? undefined : `call: ${call} makes ${variants.join(' or ')} another way; this scenario's variant is ${variant}`;
}

/** The page's opening cast as scenario clients; `changes` adjusts some of them by name. */
export function defaultCast(changes: Readonly<Record<string, Partial<ScenarioClient>>> = {}): ScenarioClient[] {
  return DEFAULT_CLIENTS.map((setup) => ({ extraRooms: [], namespace: MAIN_NAMESPACE, answersAcks: true, ...setup, ...changes[setup.name] }));
}

/** The lab request a scenario performs, with its target's socket id filled in. */
export function scenarioRequest(scenario: Scenario, socketIdOf: (name: string) => string): EmitRequest {
  const request: EmitRequest = { variant: scenario.variant };
  if (scenario.room !== undefined) request.room = scenario.room;
  if (scenario.secondRoom !== undefined) request.secondRoom = scenario.secondRoom;
  if (scenario.target !== undefined) request.targetSocketId = socketIdOf(scenario.target);
  if (scenario.timeoutMs !== undefined) request.timeoutMs = scenario.timeoutMs;
  if (scenario.burst !== undefined) request.burst = scenario.burst;
  return request;
}

/** The server line a scenario runs, before any socket exists: a target's socket id is a variable, io.to(carolSocketId). */
export function scenarioCode(scenario: Scenario, payload = 'message'): string {
  if (scenario.call !== undefined) return nodeCallCode(scenario, payload);
  const idVariable = (name: string) => `${name.charAt(0).toLowerCase()}${name.slice(1)}SocketId`;
  const marker = '\u0000target';
  return codeLine(scenarioRequest(scenario, () => marker), payload).replace(quote(marker), scenario.target ? idVariable(scenario.target) : '');
}

/** The server lines of a scenario's node call, e.g. io.local.emit('hello', message); */
function nodeCallCode(scenario: Scenario, payload: string): string {
  const room = quote(scenario.room ?? '');
  switch (scenario.call) {
    case 'io.local':
      return scenario.room === undefined ? `io.local.emit('hello', ${payload});` : `io.local.to(${room}).emit('hello', ${payload});`;
    case 'fetchSockets':
      return `for (const socket of await io.in(${room}).fetchSockets()) socket.emit('hello', ${payload});`;
    case 'socketsJoin':
      return `io.in(${quote(scenario.joins ?? '')}).socketsJoin(${room});\nio.to(${room}).emit('hello', ${payload});`;
    case undefined:
      return '';
  }
}

/** "Alice (general), Bob (general, random, listens in connect, reconnected), Dave (no room), Olivia (/other)": a cast in one line. */
export function describeCast(clients: readonly ScenarioClient[]): string {
  return clients
    .map((client) => {
      const where = client.namespace === OTHER_NAMESPACE ? [OTHER_NAMESPACE] : client.room === undefined ? ['no room'] : [client.room, ...client.extraRooms];
      const acks = client.answersAcks ? [] : ['does not answer acks'];
      const listening = [...(client.listensInConnect ? ['listens in connect'] : []), ...(client.reconnected ? ['reconnected'] : [])];
      const node = client.node === undefined ? [] : [`on node ${client.node}`];
      return `${client.name} (${[...where, ...acks, ...listening, ...node].join(', ')})`;
    })
    .join(', ');
}
