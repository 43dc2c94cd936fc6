// A scenario: who is connected, in which rooms, and which emit one of them performs. The cast the
// page opens with, the lessons' scenario blocks and the emit lab's presets all use this one shape.
import { MAIN_NAMESPACE, OTHER_NAMESPACE, codeLine, quote, type EmitRequest, type VariantId } from './emit-rules.ts';

export interface ClientSetup {
  name: string;
  /** The chat room the client joins on connect; undefined: connected but in no room. */
  room?: string;
  /** The namespace it connects to; '/other' clients have no chat, only the lab's emits. Default '/'. */
  namespace?: '/' | '/other';
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
}

export const DEFAULT_ROOMS = ['general', 'random'] as const;

export const DEFAULT_CLIENTS: readonly ClientSetup[] = [
  { name: 'Alice', room: 'general' },
  { name: 'Bob', room: 'general' },
  { name: 'Carol', room: 'random' },
  { name: 'Dave' },
];

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
  const idVariable = (name: string) => `${name.charAt(0).toLowerCase()}${name.slice(1)}SocketId`;
  const marker = '\u0000target';
  return codeLine(scenarioRequest(scenario, () => marker), payload).replace(quote(marker), scenario.target ? idVariable(scenario.target) : '');
}

/** "Alice (general), Bob (general, random, listens in connect, reconnected), Dave (no room), Olivia (/other)": a cast in one line. */
export function describeCast(clients: readonly ScenarioClient[]): string {
  return clients
    .map((client) => {
      const where = client.namespace === OTHER_NAMESPACE ? [OTHER_NAMESPACE] : client.room === undefined ? ['no room'] : [client.room, ...client.extraRooms];
      const acks = client.answersAcks ? [] : ['does not answer acks'];
      const listening = [...(client.listensInConnect ? ['listens in connect'] : []), ...(client.reconnected ? ['reconnected'] : [])];
      return `${client.name} (${[...where, ...acks, ...listening].join(', ')})`;
    })
    .join(', ');
}

/** Names handed to added clients, in order, after the default four. */
export const CLIENT_NAMES = [
  'Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy',
  'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter',
] as const;

/** The first name not taken yet; past the list, "Client 20", "Client 21", … */
export function nextClientName(taken: Iterable<string>): string {
  const used = new Set(taken);
  const free = CLIENT_NAMES.find((name) => !used.has(name));
  if (free) return free;
  for (let n = CLIENT_NAMES.length + 1; ; n++) {
    if (!used.has(`Client ${n}`)) return `Client ${n}`;
  }
}
