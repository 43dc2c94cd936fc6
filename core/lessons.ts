// Lessons are data: Markdown files with front matter and fenced blocks, read by this one parser.
// A lesson that names an unknown client, variant or block fails here with its file and line.
import MarkdownIt from 'markdown-it';
import { MAIN_NAMESPACE, OTHER_NAMESPACE, VARIANTS, copiesSent, isVariantId, variant as variantOf, type VariantId } from './emit-rules.ts';
import { NAME_MAX_LENGTH } from './limits.ts';
import { NODE_CALLS, SCENARIO_NODES_MAX, defaultCast, isNodeCall, nodeCallProblem, scenarioCode, scenarioRequest, type Cast, type Scenario, type ScenarioClient } from './scenario.ts';
import { IDLE_CONNECTIONS_MAX } from './stats-contract.ts';
import { BURST_MAX, EMIT_TIMEOUT_MAX_MS, validateRoom } from './validation.ts';

export const BLOCK_KINDS = ['scenario', 'quiz', 'receivers-table', 'exercise', 'check', 'lifecycle', 'measure'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

interface BlockBase {
  id: string;
  /** The line of the opening fence in the lesson file, from 1. */
  line: number;
}

/** An emit the page can run for real ("Try it"), and the lesson's claim of who receives it. */
export interface ScenarioBlock extends BlockBase, Scenario {
  kind: 'scenario';
  /** Who receives it, by name. */
  receivers: string[];
  /** For the timeout variants: the receivers whose acknowledgement does not come back in time. */
  unanswered: string[];
  /** For a call that sends several copies: each receiver gets at least one and fewer than this many (`delivered: fewer than 10`). */
  fewerThan?: number;
  /**
   * How many times a receiver's hello handler runs for its one copy (`handled: [Bob twice]`); a receiver not
   * named runs it once. Undefined: the scenario claims nothing about handlers.
   */
  handled?: HandlerRuns[];
}

/** "Who receives this?" about a scenario; its answer is never stored: running the real emit reveals it. */
export interface QuizBlock extends BlockBase {
  kind: 'quiz';
  scenario: string;
  question: string;
  /** Multiple choice, each option a set of receivers; undefined: the student ticks the cards they predict. */
  options?: string[][];
}

/** A table (variant | code | receivers) drawn from checked scenario blocks, so that it cannot drift. */
export interface ReceiversTableBlock extends BlockBase {
  kind: 'receivers-table';
  scenarios: string[];
}

/** What the checker can hand the student's handler, by the name used in `call:`. */
export const EXERCISE_ARGUMENTS = ['io', 'socket', 'room', 'message', 'text', 'targetId', 'newRoom'] as const;
export type ExerciseArgument = (typeof EXERCISE_ARGUMENTS)[number];
/** What the checker can hand the student's client-side function, by the name used in `client:`: each cast member's socket.io-client socket, and what counts a message shown. */
export const EXERCISE_CLIENT_ARGUMENTS = ['socket', 'showMessage'] as const;
export type ExerciseClientArgument = (typeof EXERCISE_CLIENT_ARGUMENTS)[number];

/** The handler a student completes in lessons/exercises/<lesson id>.ts, and how the checker calls it. */
export interface ExerciseBlock extends BlockBase {
  kind: 'exercise';
  handler: string;
  args: ExerciseArgument[];
  /** The event the sender emits; the server calls the handler when it arrives. `disconnecting`: the sender disconnects. */
  on: string;
  /** The event the handler should deliver; the checker watches who receives it. */
  watch: string;
  /**
   * The student's client-side function (`client: listenForMessages(socket, showMessage)`), called on every cast member's
   * socket before it connects: a delivery then counts the runs of the listeners it registered, not the checker's own.
   */
  client?: { handler: string; args: ExerciseClientArgument[] };
  /** Several server nodes sharing one Redis (`nodes: 2`, lesson 12): the handler runs on the sender's node. */
  nodes?: number;
}

/** One check of the lesson's exercise: a cast, a sender, and who must receive the watched event. */
export interface CheckBlock extends BlockBase, Cast {
  kind: 'check';
  target?: string;
  /** The room the sender asks for, handed to the handler as newRoom. */
  room?: string;
  receivers: string[];
  /**
   * The rooms the sender's socket is in once the handler has run (its own room, named by its id, left out): where it
   * really is, which who heard what cannot always tell (a "left" notice sent with socket.to(room) without a leave).
   */
  senderRooms?: string[];
  hint: string;
}

/** The page's lifecycle diagram, replayed for a fresh client from the lesson. */
export interface LifecycleBlock extends BlockBase {
  kind: 'lifecycle';
}

/** What idle connections cost, measured on the reader's own machine by the playground's server, never quoted. */
export interface MeasureBlock extends BlockBase {
  kind: 'measure';
  /** How many idle connections to open. */
  connections: number;
}

/** How many idle connections a measure block opens when it does not say. */
export const MEASURE_CONNECTIONS_DEFAULT = 500;

export type LessonBlock = ScenarioBlock | QuizBlock | ReceiversTableBlock | ExerciseBlock | CheckBlock | LifecycleBlock | MeasureBlock;

export interface Lesson {
  /** As given to the parser, e.g. lessons/04-who-receives.md. */
  file: string;
  id: string;
  title: string;
  order: number;
  /** The scenario block the lesson opens with. */
  scenario?: string;
  /** The Markdown after the front matter. */
  body: string;
  /** The file line the body starts on, from 1. */
  bodyLine: number;
  /** In document order. */
  blocks: LessonBlock[];
}

export type LessonParse = { ok: true; lesson: Lesson } | { ok: false; error: string; line: number };
export type LessonsParse = { ok: true; lessons: Lesson[] } | { ok: false; errors: string[] };

/** Where the student's file and its reference solution live. */
export const exerciseFile = (lesson: Pick<Lesson, 'id'>) => `lessons/exercises/${lesson.id}.ts`;
export const solutionFile = (lesson: Pick<Lesson, 'id'>) => `lessons/solutions/${lesson.id}.ts`;
export const checkCommand = (lesson: Pick<Lesson, 'id'>) => `npm run check -- ${lesson.id}`;

/** `GET /api/exercises/<lesson id>`: the server checks the student's file now and answers an ExerciseStatus. */
export const EXERCISE_ROUTE = '/api/exercises';

/** Whether the student's exercise file passes now, as the lesson shows it beside the exercise. */
export interface ExerciseStatus {
  file: string;
  passes: boolean;
  /** Set when the file could not be checked at all: "lessons/exercises/rooms.ts:12: could not be loaded: …". */
  error?: string;
  checks: { id: string; passed: boolean; expected: string; actual: string; problem?: string; hint: string }[];
}

class LessonError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

function fail(line: number, message: string): never {
  throw new LessonError(line, message);
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CLIENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_'-]*$/;
const EVENT_PATTERN = /^[a-z][a-z0-9:-]*$/;
/** What the exercise checker's server sends every socket after the handler ran: answering it proves what arrived before. */
export const CHECK_SETTLE_EVENT = 'check:settle';
// socket.io's own events, and the checker's: a lesson cannot use them for an exercise.
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener', CHECK_SETTLE_EVENT]);

/** "Alice, Bob and Carol". */
function listWords(words: readonly string[], joiner = 'and'): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${joiner} ${words.at(-1)}`;
}

/** A scenario's receivers as a sentence's object: "Alice, Bob" or "nobody". */
export function describeReceivers(names: readonly string[]): string {
  return names.length === 0 ? 'nobody' : names.join(', ');
}

/** "random", "general and random" or "no room": the rooms a socket is in, as a check says them. */
export function describeRooms(rooms: readonly string[]): string {
  return rooms.length === 0 ? 'no room' : listWords([...rooms].sort(), 'and');
}

/** How many times one client really got the emit. */
export interface Delivery {
  name: string;
  times: number;
}

/** How many times one client's hello handler ran for an emit: its listeners that socket.io-client called. */
export interface HandlerRuns {
  name: string;
  runs: number;
}

/** "once", "twice", "3 times". */
export const timesWord = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** "Alice, Bob (twice)" or "nobody": who got it, in the cast's order. */
export function describeDelivered(deliveries: readonly Delivery[]): string {
  const got = deliveries.filter((delivery) => delivery.times > 0);
  const times = (n: number) => (n === 1 ? '' : ` (${timesWord(n)})`);
  return got.length === 0 ? 'nobody' : got.map((delivery) => `${delivery.name}${times(delivery.times)}`).join(', ');
}

/** "Alice once, Bob twice", or "no handler": whose hello handler ran, and how often, in the cast's order. */
export function describeHandled(runs: readonly HandlerRuns[]): string {
  const ran = runs.filter((run) => run.runs > 0);
  return ran.length === 0 ? 'no handler' : ran.map((run) => `${run.name} ${timesWord(run.runs)}`).join(', ');
}

/** What a scenario claims of each client's handler: its `handled:` count, once for another receiver, never for the rest. */
export function claimedRuns(scenario: Pick<ScenarioBlock, 'clients' | 'receivers' | 'handled'>): HandlerRuns[] {
  return scenario.clients.map(({ name }) => ({
    name,
    runs: scenario.handled?.find((claim) => claim.name === name)?.runs ?? (scenario.receivers.includes(name) ? 1 : 0),
  }));
}

/** "claims handlers ran Bob twice; they ran Bob once", or undefined when the claim holds (or the scenario makes none). */
export function handledDifference(scenario: Pick<ScenarioBlock, 'clients' | 'receivers' | 'handled'>, runs: readonly HandlerRuns[]): string | undefined {
  if (scenario.handled === undefined) return undefined;
  const claimed = claimedRuns(scenario);
  const ranOf = (name: string) => runs.find((run) => run.name === name)?.runs ?? 0;
  if (claimed.every((claim) => ranOf(claim.name) === claim.runs)) return undefined;
  return `claims the hello handlers ran ${describeHandled(claimed)}; socket.io-client ran them ${describeHandled(runs)}`;
}

/** Whether the claim matches what happened: the same receivers, each exactly once (or fewer than `fewerThan` times, at least once). */
export function matchesClaim(claimed: readonly string[], deliveries: readonly Delivery[], fewerThan = 2): boolean {
  const got = deliveries.filter((delivery) => delivery.times > 0);
  return got.length === claimed.length && got.every((delivery) => delivery.times < fewerThan && claimed.includes(delivery.name));
}

/** "claims Bob; socket.io delivered to Alice, Bob", or undefined when the claim holds. */
export function claimDifference(claimed: readonly string[], deliveries: readonly Delivery[], fewerThan?: number): string | undefined {
  if (matchesClaim(claimed, deliveries, fewerThan)) return undefined;
  const each = fewerThan === undefined ? '' : `, each fewer than ${fewerThan} times`;
  return `claims ${describeReceivers(claimed)}${each}; socket.io delivered to ${describeDelivered(deliveries)}`;
}

// ---- Front matter -------------------------------------------------------------------------------

interface Field {
  key: string;
  value: string;
  line: number;
  /** Indented lines under a key with no value, e.g. the clients. */
  items: { text: string; line: number }[];
}

const KEY_VALUE = /^([A-Za-z][A-Za-z0-9-]*):(?:[ \t]+(.*))?$/;

function checkPlainValue(field: Field): void {
  if (/^(["']).*\1$/.test(field.value)) fail(field.line, `write values without quotes: ${field.key}: ${field.value.slice(1, -1)}`);
}

/** The `key: value` lines of a block or of the front matter, checked against the keys it may have. */
function readFields(lines: readonly string[], firstLine: number, where: string, known: readonly string[]): Map<string, Field> {
  const fields = new Map<string, Field>();
  let last: Field | undefined;
  lines.forEach((text, index) => {
    const line = firstLine + index;
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (/^\s/.test(text)) {
      if (!last || last.value !== '') fail(line, `this line is indented, but no list key like "clients:" comes before it in ${where}`);
      last.items.push({ text: trimmed, line });
      return;
    }
    const match = KEY_VALUE.exec(text.trimEnd());
    if (!match) fail(line, `expected "key: value" in ${where}, got "${trimmed}"`);
    const key = match[1]!;
    if (!known.includes(key)) fail(line, `unknown key "${key}" in ${where}; it may have ${listWords(known)}`);
    const previous = fields.get(key);
    if (previous) fail(line, `"${key}" is given twice in ${where} (first on line ${previous.line})`);
    last = { key, value: (match[2] ?? '').trim(), line, items: [] };
    checkPlainValue(last);
    fields.set(key, last);
  });
  return fields;
}

interface FrontMatter {
  id: string;
  title: string;
  order: number;
  scenario?: Field;
}

function readFrontMatter(lines: readonly string[]): { frontMatter: FrontMatter; bodyIndex: number } {
  if (lines[0]?.trim() !== '---') {
    fail(1, 'a lesson starts with front matter: a line "---", then id, title and order, then "---"');
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (closing === -1) fail(1, 'the front matter opened on line 1 is never closed with "---"');
  const fields = readFields(lines.slice(1, closing), 2, 'the front matter', ['id', 'title', 'order', 'scenario']);
  const required = (key: string): Field => {
    const field = fields.get(key);
    if (!field || field.value === '') fail(field?.line ?? 1, `the front matter needs ${/^[aeiou]/.test(key) ? 'an' : 'a'} ${key}`);
    return field;
  };
  const id = required('id');
  if (!ID_PATTERN.test(id.value)) fail(id.line, `the lesson id "${id.value}" must be lowercase words joined by hyphens, like who-receives`);
  const title = required('title');
  const order = required('order');
  if (!/^[1-9][0-9]*$/.test(order.value)) fail(order.line, `order must be a whole number from 1, not "${order.value}"`);
  const scenario = fields.get('scenario');
  const frontMatter: FrontMatter = { id: id.value, title: title.value, order: Number(order.value) };
  if (scenario) frontMatter.scenario = scenario;
  return { frontMatter, bodyIndex: closing + 1 };
}

// ---- Block values -------------------------------------------------------------------------------

/** "[Alice, Bob]" or "[]". */
function readList(text: string, line: number, what: string): string[] {
  const match = /^\[(.*)\]$/.exec(text.trim());
  if (!match) fail(line, `write ${what} as a list in brackets, like [Alice, Bob], or [] for none`);
  const inner = match[1]!.trim();
  if (inner === '') return [];
  const items = inner.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) fail(line, `${what} has an empty item: "${text.trim()}"`);
  const twice = items.find((item, index) => items.indexOf(item) !== index);
  if (twice !== undefined) fail(line, `${what} names ${twice} twice`);
  return items;
}

function readClient(text: string, line: number): ScenarioClient {
  const match = /^([^:]+):(.*)$/.exec(text);
  if (!match) fail(line, `write a client as "Name: its rooms", like "Alice: general", "Dave: no room" or "Erin: /other"`);
  const name = match[1]!.trim();
  if (!CLIENT_NAME_PATTERN.test(name) || name.length > NAME_MAX_LENGTH) {
    fail(line, `"${name}" is not a client name: one word of letters, like Alice, at most ${NAME_MAX_LENGTH} characters`);
  }
  const parts = match[2]!.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) fail(line, `say which rooms ${name} is in, or "${name}: no room"`);
  const client: ScenarioClient = { name, extraRooms: [], namespace: MAIN_NAMESPACE, answersAcks: true };
  const rooms: string[] = [];
  let inNoRoom = false;
  for (const part of parts) {
    if (part === 'no room') inNoRoom = true;
    else if (part === 'does not answer acks') client.answersAcks = false;
    else if (part === 'listens in connect') client.listensInConnect = true;
    else if (part === 'reconnected') client.reconnected = true;
    else if (/^on node [0-9]+$/.test(part)) client.node = Number(part.slice('on node '.length));
    else if (part === OTHER_NAMESPACE) client.namespace = OTHER_NAMESPACE;
    else if (part.startsWith('/')) fail(line, `${name}: the playground has two namespaces, / (the default) and ${OTHER_NAMESPACE}, not ${part}`);
    else {
      const room = validateRoom(part);
      if (!room.ok) fail(line, `${name}'s room "${part}": ${room.error}`);
      if (rooms.includes(room.value)) fail(line, `${name} is put in ${room.value} twice`);
      rooms.push(room.value);
    }
  }
  if (inNoRoom && rooms.length > 0) fail(line, `${name} is in "no room" and in ${listWords(rooms)}: pick one`);
  if (client.namespace === OTHER_NAMESPACE && rooms.length > 0) {
    fail(line, `${name} is in ${OTHER_NAMESPACE}, where the chat has no rooms: write "${name}: ${OTHER_NAMESPACE}"`);
  }
  if (client.namespace === OTHER_NAMESPACE && (client.listensInConnect || client.reconnected)) {
    fail(line, `${name} is in ${OTHER_NAMESPACE}: only a chat card of / can listen in connect or reconnect; remove those words`);
  }
  if (!inNoRoom && rooms.length === 0 && client.namespace === MAIN_NAMESPACE) fail(line, `say which rooms ${name} is in, or "${name}: no room"`);
  const [chatRoom, ...extraRooms] = rooms;
  if (chatRoom !== undefined) client.room = chatRoom;
  client.extraRooms = extraRooms;
  return client;
}

/** A block's keys, read strictly: a missing, misplaced or forbidden key fails on its line (or the block's). */
class BlockFields {
  constructor(
    private readonly fields: Map<string, Field>,
    readonly kind: BlockKind,
    readonly line: number,
  ) {}

  has(key: string): boolean {
    return this.fields.has(key);
  }

  field(key: string): Field | undefined {
    const field = this.fields.get(key);
    if (field && field.items.length > 0) fail(field.items[0]!.line, `"${key}" takes its value on its own line; only clients and options are lists of lines`);
    return field;
  }

  required(key: string): Field {
    const field = this.field(key);
    if (!field || field.value === '') fail(field?.line ?? this.line, `a ${this.kind} block needs ${key}`);
    return field;
  }

  /** A key with indented lines under it (clients, options). */
  lines(key: string, example: string): Field | undefined {
    const field = this.fields.get(key);
    if (!field) return undefined;
    if (field.value !== '' || field.items.length === 0) fail(field.line, `list the ${key} on the lines below "${key}:", indented, one per line, like "${example}"`);
    return field;
  }

  /** The line of a key, or of the block when it is missing. */
  lineOf(key: string): number {
    return this.fields.get(key)?.line ?? this.line;
  }

  /** The lines of a list key's items, in order. */
  itemLines(key: string): number[] {
    return (this.fields.get(key)?.items ?? []).map((item) => item.line);
  }

  forbid(key: string, why: string): void {
    const field = this.fields.get(key);
    if (field) fail(field.line, why);
  }
}

function readCast(fields: BlockFields): Cast {
  const listed = fields.lines('clients', '  Alice: general');
  const clients = listed ? listed.items.map((item) => readClient(item.text, item.line)) : defaultCast();
  if (listed) {
    listed.items.forEach((item, index) => {
      const name = clients[index]!.name;
      if (clients.findIndex((client) => client.name === name) !== index) fail(item.line, `${name} is listed twice in the clients`);
    });
  }
  const sender = fields.required('sender');
  const senderClient = findClient(clients, sender.value, sender.line);
  if (senderClient.namespace !== MAIN_NAMESPACE) {
    fail(sender.line, `${sender.value} is in ${senderClient.namespace}; the sender must be a client of /, where the server listens for it`);
  }
  return { clients, sender: sender.value };
}

function findClient(clients: readonly ScenarioClient[], name: string, line: number): ScenarioClient {
  const client = clients.find((candidate) => candidate.name === name);
  if (!client) fail(line, `unknown client "${name}"; the clients are ${listWords(clients.map((known) => known.name))}`);
  return client;
}

function readNames(fields: BlockFields, key: string, clients: readonly ScenarioClient[]): string[] {
  const field = fields.required(key);
  const names = readList(field.value, field.line, key);
  for (const name of names) findClient(clients, name, field.line);
  return names;
}

function readScenario(fields: BlockFields, id: string): ScenarioBlock {
  const cast = readCast(fields);
  const variantField = fields.required('variant');
  if (!isVariantId(variantField.value)) {
    fail(variantField.line, `unknown variant "${variantField.value}"; the variants are ${listWords(VARIANTS.map((known) => known.id), 'or')}`);
  }
  const variantId = variantField.value;
  const needs = variantOf(variantId).needs;
  const block: ScenarioBlock = { kind: 'scenario', id, line: fields.line, ...cast, variant: variantId, receivers: [], unanswered: [] };
  const input = (key: 'room' | 'secondRoom' | 'target' | 'timeout' | 'burst', needed: boolean | undefined): Field | undefined => {
    if (!needed) {
      fields.forbid(key, `${variantId} takes no ${key}: remove "${key}:"`);
      return undefined;
    }
    return fields.required(key);
  };
  for (const key of ['room', 'secondRoom'] as const) {
    const field = input(key, key === 'room' ? needs.room : needs.secondRoom);
    if (!field) continue;
    const room = validateRoom(field.value);
    if (!room.ok) fail(field.line, `${key} "${field.value}": ${room.error}`);
    block[key] = room.value;
  }
  const target = input('target', needs.targetSocket);
  if (target) block.target = findClient(cast.clients, target.value, target.line).name;
  const timeout = input('timeout', needs.timeout);
  if (timeout) {
    const ms = Number(timeout.value);
    if (!/^[0-9]+$/.test(timeout.value) || ms < 1 || ms > EMIT_TIMEOUT_MAX_MS) {
      fail(timeout.line, `timeout is a whole number of milliseconds from 1 to ${EMIT_TIMEOUT_MAX_MS}, like "timeout: 300"`);
    }
    block.timeoutMs = ms;
  }
  const burst = input('burst', needs.burst);
  if (burst) {
    const count = Number(burst.value);
    if (!/^[0-9]+$/.test(burst.value) || count < 2 || count > BURST_MAX) fail(burst.line, `burst is a whole number of emits from 2 to ${BURST_MAX}, like "burst: 10"`);
    block.burst = count;
  }
  const copies = copiesSent(scenarioRequest(block, () => ''));
  if (copies > 1) {
    const delivered = fields.required('delivered');
    const claim = /^fewer than ([0-9]+)$/.exec(delivered.value);
    if (!claim || Number(claim[1]) < 2 || Number(claim[1]) > copies) {
      fail(delivered.line, `${variantId} sends ${copies} copies: claim how many arrive, like "delivered: fewer than ${copies}"`);
    }
    block.fewerThan = Number(claim[1]);
  } else {
    fields.forbid('delivered', `${variantId} sends one copy: remove "delivered:"`);
  }
  readNodes(fields, block);
  block.receivers = readNames(fields, 'receivers', cast.clients);
  const handled = readHandled(fields, block, copies);
  if (handled) block.handled = handled;
  if (fields.has('unanswered')) {
    if (!needs.timeout) fields.forbid('unanswered', `${variantId} asks for no acknowledgement: remove "unanswered:"`);
    const unanswered = fields.required('unanswered');
    block.unanswered = readNames(fields, 'unanswered', cast.clients);
    const notReceiving = block.unanswered.find((name) => !block.receivers.includes(name));
    if (notReceiving) fail(unanswered.line, `${notReceiving} is not among the receivers, so it has nothing to answer`);
  }
  return block;
}

/** `nodes: 2`, the clients' `on node 2`, and a `call:` that only means something on several nodes (lesson 12). */
function readNodes(fields: BlockFields, block: ScenarioBlock): void {
  const nodes = fields.field('nodes');
  const placed = block.clients.find((client) => client.node !== undefined);
  if (!nodes) {
    if (placed) fail(fields.lineOf('clients'), `${placed.name} is "on node ${placed.node}": say how many nodes the scenario runs on, like "nodes: 2"`);
    fields.forbid('call', 'a call: runs on several nodes: add "nodes: 2"');
    fields.forbid('joins', 'joins: goes with "call: socketsJoin", on several nodes');
    return;
  }
  const count = Number(nodes.value);
  if (!/^[0-9]+$/.test(nodes.value) || count < 2 || count > SCENARIO_NODES_MAX) fail(nodes.line, `nodes is a whole number from 2 to ${SCENARIO_NODES_MAX}, like "nodes: 2"`);
  block.nodes = count;
  const offNodes = block.clients.find((client) => client.node !== undefined && (client.node < 1 || client.node > count));
  if (offNodes) fail(fields.lineOf('clients'), `${offNodes.name} is on node ${offNodes.node}, but the scenario runs on nodes 1 to ${count}`);
  const call = fields.field('call');
  if (call) {
    if (!isNodeCall(call.value)) fail(call.line, `unknown call "${call.value}"; the calls are ${listWords(Object.keys(NODE_CALLS), 'or')}`);
    const problem = nodeCallProblem(call.value, block.variant);
    if (problem) fail(call.line, problem);
    block.call = call.value;
  }
  if (block.call === 'socketsJoin') {
    const joins = fields.required('joins');
    const room = validateRoom(joins.value);
    if (!room.ok) fail(joins.line, `joins "${joins.value}": ${room.error}`);
    block.joins = room.value;
  } else {
    fields.forbid('joins', 'joins: goes with "call: socketsJoin"');
  }
}

/** `handled: [Bob twice, Carol 3 times]`: required when a client listens in connect, since its handler may run more than once. */
function readHandled(fields: BlockFields, block: ScenarioBlock, copies: number): HandlerRuns[] | undefined {
  const buggy = block.clients.find((client) => client.listensInConnect);
  if (!fields.has('handled')) {
    if (buggy) fail(fields.line, `${buggy.name} listens in connect: claim how many times the receivers' handlers run, like "handled: [${buggy.name} twice]" or "handled: [${buggy.name} once]"`);
    return undefined;
  }
  if (copies > 1) fields.forbid('handled', `${block.variant} sends ${copies} copies, and "handled:" counts the runs for one: remove it`);
  const field = fields.required('handled');
  const names: string[] = [];
  return readList(field.value, field.line, 'handled').map((item) => {
    const match = /^(\S+) (?:(once)|(twice)|([1-9][0-9]*) times)$/.exec(item);
    if (!match) fail(field.line, `write each of handled as a receiver and how often its handler runs, like "Bob twice", "Bob once" or "Bob 3 times", not "${item}"`);
    const name = findClient(block.clients, match[1]!, field.line).name;
    if (!block.receivers.includes(name)) fail(field.line, `${name} is not among the receivers, so its handler never runs: remove it from handled`);
    if (names.includes(name)) fail(field.line, `handled names ${name} twice`);
    names.push(name);
    return { name, runs: match[2] ? 1 : match[3] ? 2 : Number(match[4]) };
  });
}

function readQuiz(fields: BlockFields, id: string): QuizBlock {
  const quiz: QuizBlock = { kind: 'quiz', id, line: fields.line, scenario: fields.required('scenario').value, question: fields.required('question').value };
  const options = fields.lines('options', '  - [Alice, Bob]');
  if (options) {
    quiz.options = options.items.map((item) => {
      if (!item.text.startsWith('- ')) fail(item.line, `write each option as "- [Alice, Bob]" (or "- []" for nobody)`);
      return readList(item.text.slice(2), item.line, 'an option');
    });
  }
  return quiz;
}

function readReceiversTable(fields: BlockFields, id: string): ReceiversTableBlock {
  const field = fields.required('scenarios');
  const scenarios = readList(field.value, field.line, 'scenarios');
  if (scenarios.length === 0) fail(field.line, 'a receivers-table lists at least one scenario id');
  return { kind: 'receivers-table', id, line: fields.line, scenarios };
}

function readEvent(fields: BlockFields, key: string): string {
  const field = fields.required(key);
  if (!EVENT_PATTERN.test(field.value) || RESERVED_EVENTS.has(field.value)) {
    fail(field.line, `"${field.value}" cannot be the ${key} event: use a lowercase name like send-message, and none of socket.io's own (connect, disconnect, …)`);
  }
  return field.value;
}

/** "relayMessage(io, socket)" as the function's name and its arguments, each one the checker can pass. */
function readCall<Argument extends string>(fields: BlockFields, key: string, known: readonly Argument[], example: string): { handler: string; args: Argument[] } {
  const call = fields.required(key);
  const match = /^([A-Za-z_$][\w$]*)\(([^)]*)\)$/.exec(call.value);
  if (!match) fail(call.line, `write ${key} as the function and its arguments, like "${key}: ${example}"`);
  const args = match[2]!.trim() === '' ? [] : match[2]!.split(',').map((arg) => arg.trim());
  for (const arg of args) {
    if (!(known as readonly string[]).includes(arg)) fail(call.line, `the checker cannot pass "${arg}"; it can pass ${listWords(known, 'or')}`);
  }
  return { handler: match[1]!, args: args as Argument[] };
}

function readExercise(fields: BlockFields, id: string): ExerciseBlock {
  const { handler, args } = readCall(fields, 'call', EXERCISE_ARGUMENTS, 'relayMessage(io, socket, room, message)');
  // disconnecting is the one socket.io event an exercise may be called on: the checker disconnects the sender.
  const on = fields.field('on')?.value === 'disconnecting' ? 'disconnecting' : readEvent(fields, 'on');
  const exercise: ExerciseBlock = { kind: 'exercise', id, line: fields.line, handler, args, on, watch: readEvent(fields, 'watch') };
  if (fields.has('client')) {
    exercise.client = readCall(fields, 'client', EXERCISE_CLIENT_ARGUMENTS, 'listenForMessages(socket, showMessage)');
    if (exercise.client.handler === handler) fail(fields.lineOf('client'), `the client's function needs a name of its own, not ${handler} again`);
  }
  const nodes = fields.field('nodes');
  if (nodes) {
    const count = Number(nodes.value);
    if (!/^[0-9]+$/.test(nodes.value) || count < 2 || count > SCENARIO_NODES_MAX) fail(nodes.line, `nodes is a whole number from 2 to ${SCENARIO_NODES_MAX}, like "nodes: 2"`);
    if (on === 'disconnecting') fail(nodes.line, 'an exercise on disconnecting runs on one server: remove "nodes:"');
    exercise.nodes = count;
  }
  return exercise;
}

function readCheck(fields: BlockFields, id: string): CheckBlock {
  const cast = readCast(fields);
  const check: CheckBlock = { kind: 'check', id, line: fields.line, ...cast, receivers: readNames(fields, 'receivers', cast.clients), hint: fields.required('hint').value };
  const target = fields.field('target');
  if (target) check.target = findClient(cast.clients, target.value, target.line).name;
  const room = fields.field('room');
  if (room) {
    const valid = validateRoom(room.value);
    if (!valid.ok) fail(room.line, valid.error);
    check.room = valid.value;
  }
  const senderRooms = fields.field('senderRooms');
  if (senderRooms) {
    check.senderRooms = readList(senderRooms.value, senderRooms.line, 'senderRooms').map((name) => {
      const valid = validateRoom(name);
      if (!valid.ok) fail(senderRooms.line, `senderRooms "${name}": ${valid.error}`);
      return valid.value;
    });
  }
  return check;
}

function readLifecycle(fields: BlockFields, id: string): LifecycleBlock {
  return { kind: 'lifecycle', id, line: fields.line };
}

function readMeasure(fields: BlockFields, id: string): MeasureBlock {
  const field = fields.field('connections');
  if (!field) return { kind: 'measure', id, line: fields.line, connections: MEASURE_CONNECTIONS_DEFAULT };
  const connections = Number(field.value);
  if (!/^[0-9]+$/.test(field.value) || connections < 1 || connections > IDLE_CONNECTIONS_MAX) {
    fail(field.line, `connections is a whole number from 1 to ${IDLE_CONNECTIONS_MAX}, like "connections: ${MEASURE_CONNECTIONS_DEFAULT}"`);
  }
  return { kind: 'measure', id, line: fields.line, connections };
}

const BLOCK_KEYS: Record<BlockKind, readonly string[]> = {
  scenario: ['id', 'clients', 'sender', 'variant', 'room', 'secondRoom', 'target', 'timeout', 'burst', 'receivers', 'delivered', 'handled', 'unanswered', 'nodes', 'call', 'joins'],
  quiz: ['id', 'scenario', 'question', 'options'],
  'receivers-table': ['id', 'scenarios'],
  exercise: ['id', 'call', 'client', 'on', 'watch', 'nodes'],
  check: ['id', 'clients', 'sender', 'target', 'room', 'receivers', 'senderRooms', 'hint'],
  lifecycle: ['id'],
  measure: ['id', 'connections'],
};

const isBlockKind = (info: string): info is BlockKind => (BLOCK_KINDS as readonly string[]).includes(info);

// Only the block structure is read here; lesson-markdown.ts renders with the same options, so both see the same fences.
// Made on first use, so that the page, which gets its lessons already parsed, bundles no Markdown parser.
let markdown: InstanceType<typeof MarkdownIt> | undefined;

function readBlocks(body: string, bodyLine: number): { blocks: LessonBlock[]; fieldsOf: Map<LessonBlock, BlockFields> } {
  const blocks: LessonBlock[] = [];
  const fieldsOf = new Map<LessonBlock, BlockFields>();
  markdown ??= new MarkdownIt({ html: false });
  for (const token of markdown.parse(body, {})) {
    if (token.type !== 'fence' || !token.map) continue;
    const [kind, ...rest] = token.info.trim().split(/\s+/);
    if (kind === undefined || !isBlockKind(kind)) continue;
    const line = bodyLine + token.map[0];
    if (rest.length > 0) fail(line, `the opening line of a ${kind} block is just "\`\`\`${kind}"; put "id: ${rest[0]}" inside the block`);
    const where = `this ${kind} block`;
    const fields = new BlockFields(readFields(token.content.replace(/\n$/, '').split('\n'), line + 1, where, BLOCK_KEYS[kind]), kind, line);
    const id = fields.required('id');
    if (!ID_PATTERN.test(id.value)) fail(id.line, `the id "${id.value}" must be lowercase words joined by hyphens, like to-room`);
    const twin = blocks.find((block) => block.id === id.value);
    if (twin) fail(id.line, `duplicate id "${id.value}": the ${twin.kind} block on line ${twin.line} already uses it`);
    const read = {
      scenario: readScenario,
      quiz: readQuiz,
      'receivers-table': readReceiversTable,
      exercise: readExercise,
      check: readCheck,
      lifecycle: readLifecycle,
      measure: readMeasure,
    }[kind];
    const block = read(fields, id.value);
    blocks.push(block);
    fieldsOf.set(block, fields);
  }
  return { blocks, fieldsOf };
}

/** The references between blocks, and what only the whole lesson can tell. */
function checkReferences(lesson: Lesson, frontMatter: FrontMatter, fieldsOf: Map<LessonBlock, BlockFields>): void {
  const scenarioOf = (id: string, line: number, by: string): ScenarioBlock => {
    const block = lesson.blocks.find((candidate) => candidate.id === id);
    if (block?.kind === 'scenario') return block;
    const scenarios = lesson.blocks.filter((candidate) => candidate.kind === 'scenario').map((candidate) => candidate.id);
    const known = scenarios.length === 0 ? 'this lesson has no scenario block' : `its scenarios are ${listWords(scenarios)}`;
    return fail(line, `${by} names unknown scenario "${id}"; ${known}`);
  };
  if (frontMatter.scenario) scenarioOf(frontMatter.scenario.value, frontMatter.scenario.line, 'the front matter');

  const exercises = lesson.blocks.filter((block) => block.kind === 'exercise');
  if (exercises.length > 1) fail(exercises[1]!.line, `a lesson has one exercise (${exerciseFile(lesson)}); the first is on line ${exercises[0]!.line}`);
  const exercise = exercises[0];
  const checks = lesson.blocks.filter((block) => block.kind === 'check');
  if (exercise && checks.length === 0) fail(exercise.line, 'an exercise needs at least one check block saying who must receive what');

  for (const block of lesson.blocks) {
    const fields = fieldsOf.get(block)!;
    if (block.kind === 'quiz') {
      const scenario = scenarioOf(block.scenario, fields.lineOf('scenario'), `quiz ${block.id}`);
      if (!block.options) continue;
      const optionLines = fields.itemLines('options');
      if (block.options.length < 2) fail(fields.lineOf('options'), `quiz ${block.id} needs at least two options`);
      const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name) => b.includes(name));
      block.options.forEach((option, index) => {
        for (const name of option) findClient(scenario.clients, name, optionLines[index]!);
        const twin = block.options!.findIndex((other) => sameSet(option, other));
        if (twin !== index) fail(optionLines[index]!, `quiz ${block.id}: this option is the same set of receivers as the one on line ${optionLines[twin]}`);
      });
      if (block.options.filter((option) => sameSet(option, scenario.receivers)).length !== 1) {
        fail(fields.lineOf('options'), `quiz ${block.id}: no option is what scenario ${scenario.id} claims (${describeReceivers(scenario.receivers)})`);
      }
    } else if (block.kind === 'receivers-table') {
      for (const id of block.scenarios) scenarioOf(id, fields.lineOf('scenarios'), `receivers-table ${block.id}`);
    } else if (block.kind === 'check') {
      if (!exercise) fail(block.line, `check ${block.id} has no exercise block to check in this lesson`);
      const sender = block.clients.find((client) => client.name === block.sender)!;
      if (exercise.args.includes('targetId') && !block.target) fail(fields.lineOf('sender'), `check ${block.id} needs a target: ${exercise.handler} is passed the target's socket id`);
      if (!exercise.args.includes('targetId') && block.target) fail(fields.lineOf('target'), `check ${block.id} has a target, but ${exercise.handler} is not passed targetId`);
      if (exercise.args.includes('newRoom') && !block.room) fail(fields.lineOf('sender'), `check ${block.id} needs a room: ${exercise.handler} is passed the room the sender asks for (newRoom)`);
      if (!exercise.args.includes('newRoom') && block.room) fail(fields.lineOf('room'), `check ${block.id} has a room, but ${exercise.handler} is not passed newRoom`);
      if (exercise.args.includes('room') && sender.room === undefined) {
        fail(fields.lineOf('sender'), `check ${block.id}: ${sender.name} is in no room, and ${exercise.handler} is passed the sender's room`);
      }
      checkExerciseCast(exercise, block, fields);
    }
  }
}

/** What a check's clients may say about themselves, given its exercise: its nodes, and reconnections the student's client code must survive. */
function checkExerciseCast(exercise: ExerciseBlock, check: CheckBlock, fields: BlockFields): void {
  const line = fields.lineOf('clients');
  for (const client of check.clients) {
    if (client.listensInConnect) fail(line, `${client.name} listens in connect: in a check, the student's client code decides where it listens; remove those words`);
    if (client.reconnected && !exercise.client) fail(line, `${client.name} reconnects, but the exercise has no client code to survive it: add "client:" to the exercise, or remove "reconnected"`);
    if (client.node === undefined) continue;
    if (exercise.nodes === undefined) fail(line, `${client.name} is "on node ${client.node}": say how many nodes the exercise runs on, like "nodes: 2" in its exercise block`);
    if (client.node < 1 || client.node > exercise.nodes) fail(line, `${client.name} is on node ${client.node}, but the exercise runs on nodes 1 to ${exercise.nodes}`);
  }
}

const splitLines = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');

/** Reads one lesson; a mistake in it comes back as "lessons/04-who-receives.md:23: what is wrong". */
export function parseLesson(file: string, text: string): LessonParse {
  const lines = splitLines(text);
  try {
    const { frontMatter, bodyIndex } = readFrontMatter(lines);
    const bodyLine = bodyIndex + 1;
    const body = lines.slice(bodyIndex).join('\n');
    const { blocks, fieldsOf } = readBlocks(body, bodyLine);
    const lesson: Lesson = { file, id: frontMatter.id, title: frontMatter.title, order: frontMatter.order, body, bodyLine, blocks };
    if (frontMatter.scenario) lesson.scenario = frontMatter.scenario.value;
    checkReferences(lesson, frontMatter, fieldsOf);
    return { ok: true, lesson };
  } catch (error) {
    if (!(error instanceof LessonError)) throw error;
    return { ok: false, error: `${file}:${error.line}: ${error.message}`, line: error.line };
  }
}

/** Reads every lesson, in their order; ids and orders must be unique across lessons. */
export function parseLessons(files: readonly { file: string; text: string }[]): LessonsParse {
  const errors: string[] = [];
  const lessons: Lesson[] = [];
  for (const { file, text } of files) {
    const parsed = parseLesson(file, text);
    if (!parsed.ok) {
      errors.push(parsed.error);
      continue;
    }
    const { lesson } = parsed;
    const lineOf = (key: 'id' | 'order') => splitLines(text).findIndex((line) => line.startsWith(`${key}:`)) + 1;
    const sameId = lessons.find((other) => other.id === lesson.id);
    if (sameId) errors.push(`${file}:${lineOf('id')}: lesson id "${lesson.id}" is already used by ${sameId.file}`);
    const sameOrder = lessons.find((other) => other.order === lesson.order);
    if (sameOrder) errors.push(`${file}:${lineOf('order')}: order ${lesson.order} is already used by ${sameOrder.file}`);
    lessons.push(lesson);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, lessons: lessons.sort((a, b) => a.order - b.order) };
}


/** A block of the lesson by kind and id, e.g. for the page to draw a placeholder. */
export function lessonBlock<K extends BlockKind>(lesson: Lesson, kind: K, id: string): Extract<LessonBlock, { kind: K }> | undefined {
  return lesson.blocks.find((block): block is Extract<LessonBlock, { kind: K }> => block.kind === kind && block.id === id);
}

export function lessonBlocks<K extends BlockKind>(lesson: Lesson, kind: K): Extract<LessonBlock, { kind: K }>[] {
  return lesson.blocks.filter((block): block is Extract<LessonBlock, { kind: K }> => block.kind === kind);
}

export interface ReceiversRow {
  scenario: ScenarioBlock;
  variant: VariantId;
  /** The server line, with a variable standing for a target's socket id: io.to(carolSocketId).emit('hello', message); */
  code: string;
  receivers: string[];
}

/** The rows of a receivers-table, from the scenario blocks it names (the lesson-check runs each of them). */
export function receiversTableRows(lesson: Lesson, table: ReceiversTableBlock): ReceiversRow[] {
  return table.scenarios.map((id) => {
    const scenario = lessonBlock(lesson, 'scenario', id)!;
    return { scenario, variant: scenario.variant, code: scenarioCode(scenario), receivers: scenario.receivers };
  });
}
