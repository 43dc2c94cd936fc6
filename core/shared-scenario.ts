// A scenario a teacher shares: the cast on the page (names, namespaces, rooms, acks), the sender, the emit, the
// rooms it targets and the lesson, as a link (#scenario=…) or a JSON file. Whatever comes back is hostile: it is
// size-limited before it is parsed, and checked field by field, never walked.
import { BURST_MAX, EMIT_TIMEOUT_MAX_MS, describeValue, isRecord, validateName, validateRoom, type Validated } from './validation.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE, isVariantId, variant as variantOf, type VariantId } from './emit-rules.ts';
import { ROOMS_PER_SOCKET_MAX } from './limits.ts';
import type { NamespaceName, Scenario, ScenarioClient } from './scenario.ts';

/** The format's version: a link or file of another version is refused with a sentence, never half read. */
export const SHARED_SCENARIO_VERSION = 1;
/** The URL fragment's key: /lessons/who-receives#scenario=<base64url JSON>. */
export const SCENARIO_HASH_KEY = 'scenario';
/** The longest link fragment or JSON file read, in characters: a real stage is a few hundred. */
export const SHARED_SCENARIO_MAX_CHARS = 8000;
/** The most cards a shared stage may put on the page. */
export const SHARED_CLIENTS_MAX = 24;

const LESSON_ID = /^[a-z0-9-]{1,64}$/;

/** A stage as it is shared: a Scenario whose emit is optional (a stage can be shared before anything is fired), plus its lesson. */
export interface SharedScenario {
  version: typeof SHARED_SCENARIO_VERSION;
  clients: ScenarioClient[];
  sender: string;
  /** The emit last fired or armed; undefined: the stage is set and nothing fires. */
  variant?: VariantId;
  room?: string;
  secondRoom?: string;
  target?: string;
  timeoutMs?: number;
  burst?: number;
  /** The lesson beside it, by id (who-receives). */
  lesson?: string;
}

const invalid = (error: string): { ok: false; error: string } => ({ ok: false, error });

const SCENARIO_FIELDS = new Set(['version', 'clients', 'sender', 'variant', 'room', 'secondRoom', 'target', 'timeoutMs', 'burst', 'lesson']);
const CLIENT_FIELDS = new Set(['name', 'room', 'extraRooms', 'namespace', 'answersAcks']);

/** The first key of `record` that is not in `known`, if any. */
const unknownKey = (record: Record<string, unknown>, known: ReadonlySet<string>) => Object.keys(record).find((key) => !known.has(key));

function validateClient(value: unknown, index: number): Validated<ScenarioClient> {
  const which = `Client ${index + 1}`;
  if (!isRecord(value)) return invalid(`${which} must be an object like { "name": "Alice", "room": "general" }, not ${describeValue(value)}.`);
  const extra = unknownKey(value, CLIENT_FIELDS);
  if (extra !== undefined) return invalid(`${which} has a field ${describeValue(extra)} that a shared scenario does not have.`);
  const name = validateName(value.name);
  if (!name.ok) return invalid(`${which}: ${name.error}`);
  const namespace = value.namespace ?? MAIN_NAMESPACE;
  if (namespace !== MAIN_NAMESPACE && namespace !== OTHER_NAMESPACE) {
    return invalid(`${name.value}'s namespace must be "/" or "/other", not ${describeValue(namespace)}.`);
  }
  const client: ScenarioClient = { name: name.value, extraRooms: [], namespace: namespace as NamespaceName, answersAcks: true };
  if (value.room !== undefined) {
    if (namespace === OTHER_NAMESPACE) return invalid(`${name.value} is in /other, which has no chat room: remove its "room".`);
    const room = validateRoom(value.room);
    if (!room.ok) return invalid(`${name.value}'s room: ${room.error}`);
    client.room = room.value;
  }
  if (value.extraRooms !== undefined) {
    if (!Array.isArray(value.extraRooms)) return invalid(`${name.value}'s extraRooms must be a list of room names, not ${describeValue(value.extraRooms)}.`);
    if (value.extraRooms.length > ROOMS_PER_SOCKET_MAX) return invalid(`${name.value} is in too many extra rooms: at most ${ROOMS_PER_SOCKET_MAX}.`);
    if (namespace === OTHER_NAMESPACE && value.extraRooms.length > 0) return invalid(`${name.value} is in /other, where the lab puts no socket in rooms: empty its "extraRooms".`);
    for (const candidate of value.extraRooms as unknown[]) {
      const room = validateRoom(candidate);
      if (!room.ok) return invalid(`${name.value}'s extra room: ${room.error}`);
      if (room.value === client.room || client.extraRooms.includes(room.value)) return invalid(`${name.value} is in ${room.value} twice.`);
      client.extraRooms.push(room.value);
    }
  }
  if (value.answersAcks !== undefined) {
    if (typeof value.answersAcks !== 'boolean') return invalid(`${name.value}'s answersAcks must be true or false, not ${describeValue(value.answersAcks)}.`);
    client.answersAcks = value.answersAcks;
  }
  return { ok: true, value: client };
}

/** Checks a parsed scenario, field by field; the error says what to fix in a sentence. */
export function validateSharedScenario(value: unknown): Validated<SharedScenario> {
  if (!isRecord(value)) return invalid(`A shared scenario is an object like { "version": 1, "clients": […], "sender": "Alice" }, not ${describeValue(value)}.`);
  if (value.version !== SHARED_SCENARIO_VERSION) {
    return invalid(`This is not a scenario this playground can read: its version is ${describeValue(value.version)}, and it reads version ${SHARED_SCENARIO_VERSION}.`);
  }
  const extra = unknownKey(value, SCENARIO_FIELDS);
  if (extra !== undefined) return invalid(`A shared scenario has no field ${describeValue(extra)}.`);
  if (!Array.isArray(value.clients) || value.clients.length === 0) return invalid('A shared scenario needs a list of clients, with at least one.');
  if (value.clients.length > SHARED_CLIENTS_MAX) return invalid(`A shared scenario has at most ${SHARED_CLIENTS_MAX} clients, not ${value.clients.length}.`);
  const clients: ScenarioClient[] = [];
  for (const [index, candidate] of (value.clients as unknown[]).entries()) {
    const client = validateClient(candidate, index);
    if (!client.ok) return client;
    if (clients.some((other) => other.name === client.value.name)) return invalid(`Two clients are called ${client.value.name}: each card needs its own name.`);
    clients.push(client.value);
  }
  const shared: SharedScenario = { version: SHARED_SCENARIO_VERSION, clients, sender: '' };
  const isChatClient = (name: unknown) => clients.some((client) => client.name === name && client.namespace === MAIN_NAMESPACE);
  if (!isChatClient(value.sender)) return invalid(`The sender ${describeValue(value.sender)} must be one of the clients of /.`);
  shared.sender = value.sender as string;
  if (value.variant !== undefined) {
    if (!isVariantId(value.variant)) return invalid(`There is no emit ${describeValue(value.variant)}: pick one of the lab's buttons.`);
    shared.variant = value.variant;
  }
  for (const key of ['room', 'secondRoom'] as const) {
    if (value[key] === undefined) continue;
    const room = validateRoom(value[key]);
    if (!room.ok) return invalid(`The target ${key === 'room' ? 'room' : 'second room'}: ${room.error}`);
    shared[key] = room.value;
  }
  if (value.target !== undefined) {
    if (!clients.some((client) => client.name === value.target)) return invalid(`The target ${describeValue(value.target)} must be one of the clients.`);
    shared.target = value.target as string;
  }
  if (value.timeoutMs !== undefined) {
    if (!Number.isSafeInteger(value.timeoutMs) || (value.timeoutMs as number) < 0 || (value.timeoutMs as number) > EMIT_TIMEOUT_MAX_MS) {
      return invalid(`The timeout is a whole number of milliseconds from 0 to ${EMIT_TIMEOUT_MAX_MS}, not ${describeValue(value.timeoutMs)}.`);
    }
    shared.timeoutMs = value.timeoutMs as number;
  }
  if (value.burst !== undefined) {
    if (!Number.isSafeInteger(value.burst) || (value.burst as number) < 1 || (value.burst as number) > BURST_MAX) {
      return invalid(`The burst is a whole number from 1 to ${BURST_MAX}, not ${describeValue(value.burst)}.`);
    }
    shared.burst = value.burst as number;
  }
  if (value.lesson !== undefined) {
    if (typeof value.lesson !== 'string' || !LESSON_ID.test(value.lesson)) return invalid(`The lesson ${describeValue(value.lesson)} is not a lesson's id, like "who-receives".`);
    shared.lesson = value.lesson;
  }
  return { ok: true, value: shared };
}

/** A JSON file's text, size-limited before it is parsed. */
export function parseSharedScenario(text: string): Validated<SharedScenario> {
  if (text.length > SHARED_SCENARIO_MAX_CHARS) return invalid(`This file is too long for a scenario: at most ${SHARED_SCENARIO_MAX_CHARS} characters.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid('This file is not JSON: export a scenario from the playground, then import that file.');
  }
  return validateSharedScenario(value);
}

/**
 * The scenario as a JSON file: every field, so it reads well. The link carries the compact form (see
 * encodeSharedScenario): a client's defaults (no extra room, /, answers acks) left out.
 */
export function sharedScenarioJson(shared: SharedScenario): string {
  return `${JSON.stringify(shared, null, 2)}\n`;
}

function compact(shared: SharedScenario): object {
  const clients = shared.clients.map(({ name, room, extraRooms, namespace, answersAcks }) => ({
    name,
    ...(room === undefined ? {} : { room }),
    ...(extraRooms.length > 0 ? { extraRooms } : {}),
    ...(namespace === MAIN_NAMESPACE ? {} : { namespace }),
    ...(answersAcks ? {} : { answersAcks }),
  }));
  return { ...shared, clients };
}

/** base64url of the UTF-8 bytes: a fragment with no character a URL would escape. */
function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (character) => character.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** The link's fragment value: base64url of the compact JSON. */
export function encodeSharedScenario(shared: SharedScenario): string {
  return toBase64Url(JSON.stringify(compact(shared)));
}

/** The value of a link's #scenario=, as encodeSharedScenario wrote it. */
export function decodeSharedScenario(encoded: string): Validated<SharedScenario> {
  if (encoded.length > SHARED_SCENARIO_MAX_CHARS) return invalid(`This link's scenario is too long: at most ${SHARED_SCENARIO_MAX_CHARS} characters.`);
  const text = fromBase64Url(encoded);
  if (text === undefined) return invalid('This link’s scenario is cut or garbled: ask for the link again, and copy all of it.');
  const parsed = parseSharedScenario(text);
  return parsed.ok ? parsed : invalid(`This link’s scenario cannot be set: ${parsed.error}`);
}

/** The scenario a URL's fragment (location.hash) carries, if it has #scenario=; undefined when it has none. */
export function sharedScenarioInHash(hash: string): Validated<SharedScenario> | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const encoded = params.get(SCENARIO_HASH_KEY);
  return encoded === null ? undefined : decodeSharedScenario(encoded);
}

/** The link that opens `shared`: its lesson's page (or `page` when it has none) with the scenario in the fragment. */
export function sharedScenarioLink(origin: string, shared: SharedScenario, page = '/'): string {
  const path = shared.lesson === undefined ? page : `/lessons/${encodeURIComponent(shared.lesson)}`;
  return `${origin}${path}#${SCENARIO_HASH_KEY}=${encodeSharedScenario(shared)}`;
}

/**
 * The scenario the lab runs to set the stage: the shared one, its emit the one it names (socket.emit, never
 * fired, when it names none).
 */
export function scenarioOf(shared: SharedScenario): Scenario {
  const { version: _version, lesson: _lesson, variant = 'socket.emit', ...rest } = shared;
  return { ...rest, variant };
}

/** What the page is now, as the lab knows it, for capturing a stage to share. */
export interface StageNow {
  clients: ScenarioClient[];
  sender: string;
  /** The emit fired last or armed now, if any. */
  variant: VariantId | undefined;
  room: string;
  secondRoom: string;
  /** The name of the card whose socket id the target picker holds. */
  target: string | undefined;
  timeoutMs: number;
  burst: number;
  lesson: string | undefined;
}

/** The page's stage as a shared scenario: only the emit's inputs that its variant uses. */
export function shareStage(now: StageNow): SharedScenario {
  const shared: SharedScenario = { version: SHARED_SCENARIO_VERSION, clients: now.clients, sender: now.sender };
  if (now.variant !== undefined) {
    shared.variant = now.variant;
    const { needs } = variantOf(now.variant);
    if (needs.room) shared.room = now.room;
    if (needs.secondRoom) shared.secondRoom = now.secondRoom;
    if (needs.targetSocket && now.target !== undefined) shared.target = now.target;
    if (needs.timeout) shared.timeoutMs = now.timeoutMs;
    if (needs.burst) shared.burst = now.burst;
  } else {
    // Nothing fired yet: the pickers' rooms still say where the next emit goes.
    shared.room = now.room;
    shared.secondRoom = now.secondRoom;
  }
  if (now.lesson !== undefined) shared.lesson = now.lesson;
  return shared;
}
