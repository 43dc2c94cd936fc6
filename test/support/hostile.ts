// What a hostile script can send the server, as fast-check arbitraries, and a client that sends it:
// socket.io-client emits, raw Engine.IO messages the client's own encoder could never produce, and a
// wire tap of every socket.io packet that comes back on the connection.
import fc from 'fast-check';
import { Manager, type ManagerReservedEvents, type Socket } from 'socket.io-client';
import { LAB_NAMESPACE } from '../../core/lab-contract.ts';
import { LIFECYCLE_NAMESPACE } from '../../core/lifecycle.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE, VARIANTS } from '../../core/emit-rules.ts';
import { MAX_PACKET_BYTES } from '../../core/limits.ts';
import { IDLE_CONNECTIONS_MAX } from '../../core/stats-contract.ts';
import { IDLE_NAMESPACE } from '../../server/stats.ts';
import { waitFor } from './sockets.ts';

export const NAMESPACES = [MAIN_NAMESPACE, LAB_NAMESPACE, OTHER_NAMESPACE, LIFECYCLE_NAMESPACE, IDLE_NAMESPACE] as const;
export type NamespaceName = (typeof NAMESPACES)[number];

/** The client events of `/`; every other namespace takes none. */
const KNOWN_EVENTS = [
  'join-room', 'send-message', 'typing', 'lab:perform', 'lab:join', 'lab:leave', 'lab:predict', 'lab:arm',
  'class:roster', 'class:move', 'class:split', 'class:reset', 'class:students-may-emit',
] as const;

/** Names socket.io keeps for itself: the client refuses to emit them and the server's parser rejects them. */
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/** Raw packets ask for acknowledgements with ids this high, far above the ones socket.io-client counts up from 0. */
const RAW_ACK_ID_MIN = 1_000_000;

/** What a hostile packet may weigh: under MAX_PACKET_BYTES, with room for the packet's header and the event name. */
const PACKET_BUDGET_BYTES = MAX_PACKET_BYTES - 1024;

// ---------------------------------------------------------------------------------------------
// Values

/** Objects whose toString or valueOf is not a function: `String(value)` and `${value}` throw on them. */
const poisoned: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  { toString: 1 },
  { toString: 'x', valueOf: 'y' },
  [{ toString: 1 }],
  { toString: {}, valueOf: {} },
  { toJSON: 1, toString: null },
  { length: 1e9 },
  { then: 1, hasOwnProperty: 1 },
  // Own keys named __proto__ or constructor, as JSON.parse makes them (an object literal would set the prototype);
  // a server that copies the first with Object.assign gets an object whose prototype looks like a valid request.
  JSON.parse('{"__proto__": {"toString": 1, "room": "general", "name": "Eve", "variant": "io.emit"}}'),
  JSON.parse('{"__proto__": null}'),
  JSON.parse('{"constructor": {"prototype": {"toString": 1}}}'),
);

const numbers: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-0, 0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 1e21, 10_001, 2_000_001),
  // NaN and the infinities travel as null: JSON has no word for them.
  fc.double(),
);

/** How many bytes one unit of a string takes in the packet's JSON. */
const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;

/** Up to PACKET_BUDGET_BYTES of one repeated unit: ASCII, accents, emoji, characters JSON must escape. */
const hugeStrings: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', 'é', '\u{1F600}', '"', '\\', '\u0000', '\ud800', ' '), fc.integer({ min: 2_001, max: 60_000 }))
  .map(([unit, length]) => unit.repeat(Math.min(length, Math.floor(PACKET_BUDGET_BYTES / jsonBytes(unit) / 1.05))));

const strings: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constantFrom('', ' ', '\u0000', 'General', ' general ', 'a'.repeat(33), 'x'.repeat(25), '__proto__', 'constructor', '${0}', '%s%s', 'a\u202eb', '\ud800'),
  hugeStrings,
);

const binary: fc.Arbitrary<unknown> = fc.oneof(
  fc.uint8Array({ maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 32 }),
);

/** Keys the server reads, keys that shadow Object.prototype, and any other. */
const keys: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('room', 'name', 'text', 'isTyping', 'variant', 'secondRoom', 'targetSocketId', 'timeoutMs'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', 'then', 'toJSON'),
  // socket.io's own marker for binary attachments: a client that fakes one breaks only its own connection (see fuzz.test.ts).
  fc.string({ maxLength: 10 }).filter((key) => key !== '_placeholder'),
);

function hostileValues(withBinary: boolean): fc.Arbitrary<unknown> {
  const leaves: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.boolean(), numbers, strings, poisoned];
  if (withBinary) leaves.push(binary);
  return fc.letrec<{ value: unknown; array: unknown[]; object: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, ...leaves, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    // Object.fromEntries makes own properties, so a __proto__ key stays a key.
    object: fc.array(fc.tuple(keys, tie('value')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  })).value;
}

/** A socket id's shape: 20 characters of base64url. */
const socketIdLike = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 20, maxLength: 20 });

/** A field that is sometimes right (so that validation goes on to the next one) and often hostile. */
function fields(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    value,
    fc.constantFrom<unknown>('general', 'random', 'a', 'team-a', 'Eve', 'hello', true, false, 1, 500, 10_000),
    fc.constantFrom<unknown>(...VARIANTS.map((variant) => variant.id)),
    socketIdLike,
  );
}

/** The fields each request reads. */
const REQUEST_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'join-room': ['room', 'name'],
  'send-message': ['text'],
  typing: ['isTyping'],
  'lab:join': ['room'],
  'lab:leave': ['room'],
  'lab:perform': ['variant', 'room', 'secondRoom', 'targetSocketId', 'timeoutMs', 'senderId'],
  // The fuzz's server is in solo mode, where every prediction, arming and class control is refused.
  'lab:predict': ['emit', 'willReceive'],
  'lab:arm': ['armed'],
  'class:roster': [],
  'class:move': ['socketIds', 'room'],
  'class:split': ['rooms'],
  'class:reset': [],
  'class:students-may-emit': ['open'],
};
const ALL_FIELDS = [...new Set(Object.values(REQUEST_FIELDS).flat())];

/**
 * Payloads with the fields the event's request reads (all of them for an unknown event), any of them wrong,
 * now and then with an extra hostile key: far more of them get through to validation's last checks than random values.
 */
function nearlyValid(event: string | number, value: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const known = typeof event === 'string' && Object.hasOwn(REQUEST_FIELDS, event);
  const names = known ? REQUEST_FIELDS[event]! : ALL_FIELDS;
  const field = fields(value);
  const variants = fc.oneof({ arbitrary: fc.constantFrom<unknown>(...VARIANTS.map((variant) => variant.id)), weight: 3 }, field);
  const model = Object.fromEntries(names.map((name) => [name, name === 'variant' ? variants : field]));
  return fc
    .tuple(fc.record(model, known ? {} : { requiredKeys: [] }), fc.array(fc.tuple(keys, value), { maxLength: 2 }))
    .map(([payload, extra]) => Object.fromEntries([...Object.entries(payload), ...extra]));
}

// ---------------------------------------------------------------------------------------------
// Event names

const eventNames: fc.Arbitrary<string> = fc
  .oneof(
    { arbitrary: fc.constantFrom<string>(...KNOWN_EVENTS), weight: 4 },
    // Names of Object.prototype, of the server's own emits, near misses of the known ones.
    fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'error', 'chat-error', 'hello', 'lab:settle', 'lab:rooms', 'lab:rooms-changed', 'receive-message', 'online-users', 'presence', 'join-room ', 'JOIN-ROOM', '', 'x'.repeat(2000)),
    fc.string({ maxLength: 30 }),
  )
  .filter((name) => !RESERVED_EVENTS.has(name));

// ---------------------------------------------------------------------------------------------
// Deep nesting, only as raw packets: socket.io-client's encoder (and JSON.stringify) recurse and overflow the stack.

export type DeepShape = 'arrays' | 'objects' | 'arrays of objects';

/** A value nested `depth` levels deep, kept as the JSON text the packet will carry. */
export class Deep {
  readonly json: string;
  constructor(readonly shape: DeepShape, readonly depth: number) {
    const [open, leaf, close] = DEEP_PARTS[shape];
    this.json = open.repeat(depth) + leaf + close.repeat(depth);
  }
  toString(): string {
    return `<${this.shape} nested ${this.depth.toLocaleString('en')} deep, ${this.json.length.toLocaleString('en')} bytes>`;
  }
}

const DEEP_PARTS: Record<DeepShape, [open: string, leaf: string, close: string]> = {
  arrays: ['[', '', ']'],
  objects: ['{"variant":', 'null', '}'],
  'arrays of objects': ['[{"room":', '1', '}]'],
};

/** As deep as still fits under MAX_PACKET_BYTES, from 1,000 levels. */
const deepUnderTheLimit: fc.Arbitrary<Deep> = fc
  .constantFrom<DeepShape>('arrays', 'objects', 'arrays of objects')
  .chain((shape) => {
    const [open, leaf, close] = DEEP_PARTS[shape];
    const mostLevels = Math.floor((PACKET_BUDGET_BYTES - 2048 - leaf.length) / (open.length + close.length));
    return fc.integer({ min: 1000, max: mostLevels }).map((depth) => new Deep(shape, depth));
  });

// ---------------------------------------------------------------------------------------------
// Commands: one hostile request

interface CommandBase {
  namespace: NamespaceName;
  /** A raw packet may name its event with a number: socket.io's parser allows it. */
  event: string | number;
  args: unknown[];
}

/** Sent with socket.io-client's `emit`. */
export interface EmitCommand extends CommandBase {
  kind: 'emit';
  event: string;
  /** Whether the last argument is an acknowledgement callback. */
  ack: boolean;
  /** Where a callback goes that is not last: the encoder sends it as null. */
  strayCallbackAt?: number;
}

/** Written by hand as a socket.io EVENT packet, sent with `engine.send`. */
export interface RawCommand extends CommandBase {
  kind: 'raw';
  /** An acknowledgement id: the server then answers with an ACK packet of that id. */
  ackId?: number;
}

export type Command = EmitCommand | RawCommand;

export function expectsAck(command: Command): boolean {
  return command.kind === 'emit' ? command.ack : command.ackId !== undefined;
}

/** The packet text of a raw command, after the Engine.IO "message" type `4` that engine.send adds. */
export function rawPacket(command: RawCommand): string {
  const namespace = command.namespace === MAIN_NAMESPACE ? '' : `${command.namespace},`;
  const args = [command.event, ...command.args].map((arg) => rawJson(arg));
  return `2${namespace}${command.ackId ?? ''}[${args.join(',')}]`;
}

/** JSON.stringify, except that a Deep value, alone or as a field of an object, is spliced in as its text. */
function rawJson(value: unknown): string {
  if (value instanceof Deep) return value.json;
  if (isPlainRecord(value) && Object.values(value).some((field) => field instanceof Deep)) {
    const entries = Object.entries(value).map(([key, field]) => `${JSON.stringify(key)}:${rawJson(field)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Deep) && !ArrayBuffer.isView(value);

/** Roughly what the command weighs on the wire; binary attachments travel as frames of their own. */
export function packetBytes(command: Command): number {
  if (command.kind === 'raw') return Buffer.byteLength(rawPacket(command));
  return Buffer.byteLength(JSON.stringify([command.event, ...command.args])) + 64;
}

// ---------------------------------------------------------------------------------------------
// Which requests could be valid, and so may legitimately notify other sockets: the fuzz must never send them.
// Deliberately wider than the server's own validation (which this test does not trust): any room the pattern
// could accept after trimming (in any case, or a socket id), any string name, any timeout a lenient check could take.

const plausibleChatRoom = (room: unknown) => typeof room === 'string' && /^[a-z0-9_-]{1,32}$/i.test(room.trim());
const plausibleLabRoom = (room: unknown) => typeof room === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(room.trim());
const plausibleTimeout = (ms: unknown) => typeof ms === 'string' || (typeof ms === 'number' && ms >= 0 && ms <= 60_000);

function plausibleEmitRequest(payload: Record<string, unknown>): boolean {
  if (typeof payload.variant !== 'string') return false;
  const id = payload.variant.trim();
  const known = VARIANTS.find((variant) => variant.id === id);
  if (!known) return false;
  const { needs } = known;
  if (needs.room && !plausibleLabRoom(payload.room)) return false;
  if (needs.secondRoom && !plausibleLabRoom(payload.secondRoom)) return false;
  if (needs.targetSocket && typeof payload.targetSocketId !== 'string') return false;
  if (needs.timeout && !plausibleTimeout(payload.timeoutMs)) return false;
  return true;
}

/**
 * Whether the request might be one the server should carry out. Send-message and typing never are:
 * the fuzzing sockets are in no chat room. Any argument is checked, not only the first.
 */
export function couldBeValid(command: Pick<Command, 'namespace' | 'event' | 'args'>): boolean {
  if (command.namespace !== MAIN_NAMESPACE) return false;
  const payloads = command.args.filter(isPlainRecord);
  switch (command.event) {
    case 'join-room':
      return payloads.some((payload) => plausibleChatRoom(payload.room) && typeof payload.name === 'string');
    case 'lab:join':
    case 'lab:leave':
      return payloads.some((payload) => plausibleLabRoom(payload.room));
    case 'lab:perform':
      return payloads.some(plausibleEmitRequest);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Commands as arbitraries

/** Mostly /, where the events and their validation are; every namespace often enough. */
const namespaces: fc.Arbitrary<NamespaceName> = fc.oneof(
  { arbitrary: fc.constant<NamespaceName>(MAIN_NAMESPACE), weight: 6 },
  { arbitrary: fc.constantFrom<NamespaceName>(...NAMESPACES), weight: 4 },
);

/** Mostly a payload shaped for the event first, as a client sends it; sometimes anything, in any number. */
function args(event: string | number, value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  const anyArg = fc.oneof(nearlyValid(event, value), value);
  return fc.oneof(
    { arbitrary: fc.tuple(nearlyValid(event, value), fc.array(anyArg, { maxLength: 3 })).map(([payload, rest]) => [payload, ...rest]), weight: 3 },
    { arbitrary: fc.array(anyArg, { maxLength: 5 }), weight: 2 },
  );
}

const withBinary = hostileValues(true);

const emitCommands: fc.Arbitrary<EmitCommand> = eventNames.chain((event) =>
  fc.record(
    {
      kind: fc.constant('emit' as const),
      namespace: namespaces,
      event: fc.constant(event),
      args: args(event, withBinary),
      ack: fc.boolean(),
      strayCallbackAt: fc.nat({ max: 4 }),
    },
    { requiredKeys: ['kind', 'namespace', 'event', 'args', 'ack'] },
  ),
);

const jsonValues = hostileValues(false);

/** A deep value alone, or as one field of a payload shaped like the event's request. */
function deepArgs(event: string | number): fc.Arbitrary<unknown> {
  return fc.oneof(
    deepUnderTheLimit,
    fc.tuple(nearlyValid(event, jsonValues), fc.constantFrom(...ALL_FIELDS), deepUnderTheLimit).map(([payload, field, deep]) => ({ ...payload, [field]: deep })),
  );
}

const rawCommands: fc.Arbitrary<RawCommand> = fc
  .oneof({ arbitrary: eventNames, weight: 5 }, { arbitrary: fc.integer({ min: -1, max: 1e9 }), weight: 1 })
  .chain((event) =>
    fc.record(
      {
        kind: fc.constant('raw' as const),
        namespace: namespaces,
        event: fc.constant(event),
        // At most one deep value per packet: two would not fit under the limit.
        args: fc.tuple(args(event, jsonValues), fc.option(deepArgs(event), { nil: undefined, freq: 2 }), fc.nat({ max: 4 })).map(([values, deep, at]) =>
          deep === undefined ? values : [...values.slice(0, at), deep, ...values.slice(at)],
        ),
        ackId: fc.integer({ min: RAW_ACK_ID_MIN, max: RAW_ACK_ID_MIN * 1000 }),
      },
      { requiredKeys: ['kind', 'namespace', 'event', 'args'] },
    ),
  );

/** One hostile request on any namespace, never a valid one, always under MAX_PACKET_BYTES. */
export const hostileCommands: fc.Arbitrary<Command> = fc
  .oneof({ arbitrary: emitCommands, weight: 3 }, { arbitrary: rawCommands, weight: 2 })
  .filter((command) => !couldBeValid(command) && packetBytes(command) <= PACKET_BUDGET_BYTES)
  .map((command) => Object.assign(command, { [fc.toStringMethod]: () => describeCommand(command) }));

/** A command as a reader wants it in a failure: long strings and deep values cut short. */
export function describeCommand(command: Command): string {
  const args = command.args.map((arg) => describeValue(arg)).join(', ');
  const how = command.kind === 'emit'
    ? `emit(${[describeValue(command.event), args].filter(Boolean).join(', ')}${command.ack ? ', ack' : ''})${command.strayCallbackAt === undefined ? '' : ` with a stray callback at ${command.strayCallbackAt}`}`
    : `raw ${command.ackId === undefined ? 'EVENT' : `EVENT with ack id ${command.ackId}`} [${[describeValue(command.event), args].filter(Boolean).join(', ')}]`;
  return `${command.namespace} ${how}`;
}

function describeValue(value: unknown): string {
  if (value instanceof Deep) return value.toString();
  if (typeof value === 'string') return value.length > 60 ? `${JSON.stringify(value.slice(0, 30))}… (${value.length.toLocaleString('en')} characters)` : JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength})`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value).map(([key, field]) => `${JSON.stringify(key)}: ${describeValue(field)}`).join(', ')} }`;
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HostileRequest {
  method: string;
  path: string;
  /** Pairs in order, repeated keys included; encoded by `requestTarget`. */
  query: [key: string, value: string][];
  body?: { contentType?: string; bytes: Buffer };
}

/** Whether express routes the path under /api (its matching ignores case). */
export function isApiPath(path: string): boolean {
  return /^\/api(\/|$)/i.test(path);
}

/** Path segments: encoded hostile text, or percent escapes that do not decode. */
const segments = fc.oneof(
  fc.string({ maxLength: 40, unit: 'binary' }).map((text) => encodeURIComponent(text)),
  fc.constantFrom('general', 'GENERAL', '%E0%A4%A', '%ZZ', '%', '..', '%2e%2e', '..%2f..%2fetc%2fpasswd', '__proto__', 'constructor', '%00', 'a'.repeat(300)),
);

/** A room the poll route accepts, so that the query is read too. */
const rooms = fc.oneof(fc.constantFrom('general', 'random', 'news', 'a'), fc.stringMatching(/^[a-z0-9_-]{1,32}$/));

const paths: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('/api/stats', '/api/stats/', '/API/STATS', '/api/stats/idle-connections', '/api/stats/idle-connections/', '/API/Stats/Idle-Connections', '/api', '/api/', '/api//stats', '/'),
  fc.oneof(rooms, segments).map((room) => `/api/rooms/${room}/messages`),
  fc.tuple(segments, segments).map(([room, extra]) => `/api/rooms/${room}/messages/${extra}`),
  // The live exercise check: hostile lesson ids (a real id would start a check process, which its own tests cover).
  segments.map((id) => `/api/exercises/${id}`),
  fc.array(segments, { minLength: 1, maxLength: 4 }).map((parts) => `/api/${parts.join('/')}`),
);

/** Counts the idle-connections route refuses, by any reading of the contract: non-integers, out of range, not numbers. */
const invalidCounts = fc
  .oneof(
    fc.constantFrom('', '0', '-1', '2.5', `${IDLE_CONNECTIONS_MAX + 1}`, '1e9', 'NaN', 'Infinity', 'abc', '5abc', 'null', 'true', '[]', '{}', '1,2', `${'9'.repeat(400)}`),
    fc.string({ maxLength: 12 }),
    fc.double().map(String),
  )
  .filter((count) => !countCouldBeValid(count));

/** Whether the server could read this as a count and start measuring (a slow child process): never sent. */
function countCouldBeValid(count: unknown): boolean {
  const number = Number(count);
  return Number.isInteger(number) && number >= 1 && number <= IDLE_CONNECTIONS_MAX;
}

const queryValues = fc.oneof(
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('1700000000000', '-1', '1e308', '0x10', '9'.repeat(30), '', '[object Object]'),
  fc.integer({ min: 1000, max: 4000 }).map((length) => 'x'.repeat(length)),
);

const queryKeys = fc.oneof(
  { arbitrary: fc.constantFrom('since', 'count'), weight: 3 },
  { arbitrary: fc.constantFrom('room', 'since[]', 'count[]', 'count[a]', 'a[b][c]', 'a[b][c][d][e][f][g]', 'since[__proto__][x]', '__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]', 'toString', 'hasOwnProperty'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);

/**
 * Query pairs. Every value of a plain `count` key is invalid, and a POST always carries one first: today
 * the route reads a missing count as 500 (and `count[]=1` is another key to express 5's simple parser).
 */
function queries(post: boolean): fc.Arbitrary<[string, string][]> {
  return fc
    .tuple(invalidCounts, fc.array(fc.tuple(queryKeys, queryValues), { maxLength: 8 }), fc.array(invalidCounts, { minLength: 8, maxLength: 8 }))
    .map(([firstCount, pairs, counts]) => {
      const safe = pairs.map(([key, value], index): [string, string] => (key === 'count' ? [key, counts[index]!] : [key, value]));
      return post ? [['count', firstCount], ...safe] : safe;
    });
}

const jsonBodies = hostileValues(false)
  .filter((value) => !(isPlainRecord(value) && 'count' in value && countCouldBeValid(value.count)))
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null'));

const bodies: fc.Arbitrary<{ contentType?: string; bytes: Buffer }> = fc.record(
  {
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-7', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', '*/*', ''),
    bytes: fc.oneof(
      jsonBodies,
      fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', 'count=abc&a[b][c]=1', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--').map((text) => Buffer.from(text)),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      // Over body-parser's default limit of 100 KB.
      fc.integer({ min: 100 * 1024 + 1, max: 300 * 1024 }).map((length) => Buffer.from(`{"a":"${'x'.repeat(length)}"}`)),
    ),
  },
  { requiredKeys: ['bytes'] },
);

export const hostileRequests: fc.Arbitrary<HostileRequest> = fc
  .record({
    // Mostly the methods the routes take, so that the request gets past routing to the code that reads it.
    method: fc.oneof({ arbitrary: fc.constantFrom('GET', 'POST'), weight: 3 }, { arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), weight: 1 }),
    path: paths,
    body: fc.option(bodies, { nil: undefined, freq: 2 }),
  })
  .chain(({ method, path, body }) =>
    queries(method === 'POST').map((query): HostileRequest => {
      const request: HostileRequest = { method, path, query };
      if (body) request.body = body;
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
    }),
  );

/** The path and query string as they go on the request line. */
export function requestTarget(request: HostileRequest): string {
  if (request.query.length === 0) return request.path;
  return `${request.path}?${request.query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`;
}

export function describeRequest(request: HostileRequest): string {
  const target = requestTarget(request);
  const shown = target.length > 200 ? `${target.slice(0, 200)}… (${target.length.toLocaleString('en')} characters)` : target;
  const body = request.body
    ? ` with ${request.body.bytes.length.toLocaleString('en')} bytes of ${request.body.contentType || 'no content type'}${request.body.bytes.length <= 80 ? `: ${JSON.stringify(request.body.bytes.toString())}` : ''}`
    : '';
  return `${request.method} ${shown}${body}`;
}

// ---------------------------------------------------------------------------------------------
// A client that sends all this, and hears everything that comes back

export type WirePacket = Parameters<ManagerReservedEvents['packet']>[0];

/** A namespace no server has: connecting to it is answered at once with CONNECT_ERROR, on the same connection. */
const ROUND_TRIP_NAMESPACE = '/round-trip';

/**
 * One Engine.IO connection with a socket in each of `namespaces`, and a tap on the wire: `heard` holds every
 * socket.io packet that arrived on it (events, acknowledgements, disconnects), whatever the namespace.
 */
export class TappedConnection {
  readonly manager: Manager;
  readonly sockets = new Map<string, Socket>();
  readonly heard: WirePacket[] = [];

  private constructor(readonly name: string, url: string, namespaces: readonly string[]) {
    this.manager = new Manager(url, { autoConnect: false, reconnection: false, transports: ['websocket'] });
    this.manager.on('packet', (packet) => {
      if (packet.nsp !== ROUND_TRIP_NAMESPACE) this.heard.push(packet);
    });
    for (const namespace of namespaces) this.sockets.set(namespace, this.manager.socket(namespace));
  }

  static async open(name: string, url: string, namespaces: readonly string[]): Promise<TappedConnection> {
    const connection = new TappedConnection(name, url, namespaces);
    await Promise.all([...connection.sockets.values()].map((socket) => {
      const connected = waitFor(socket, 'connect');
      socket.connect();
      return connected;
    }));
    // What connecting sent (CONNECT packets, a first snapshot for an observer) is not what a test listens for.
    await connection.roundTrip();
    connection.heard.length = 0;
    return connection;
  }

  socket(namespace: string): Socket {
    const socket = this.sockets.get(namespace);
    if (!socket) throw new Error(`${this.name} has no socket in ${namespace}`);
    return socket;
  }

  /** Whether every socket is still connected. */
  get connected(): boolean {
    return [...this.sockets.values()].every((socket) => socket.connected);
  }

  /** Resolves once the server answered on this connection: whatever it sent before has arrived by then. */
  async roundTrip(ms = 5000): Promise<void> {
    const probe = this.manager.socket(ROUND_TRIP_NAMESPACE);
    const answered = waitFor(probe, 'connect_error', ms);
    probe.connect();
    await answered;
  }

  /** Sends a command; the caller waits for what comes back in `heard`. */
  send(command: Command): void {
    if (command.kind === 'raw') {
      this.manager.engine.send(rawPacket(command));
      return;
    }
    const args = [...command.args];
    if (command.strayCallbackAt !== undefined && args.length > 0) args.splice(Math.min(command.strayCallbackAt, args.length - 1), 0, () => {});
    if (command.ack) args.push(() => {});
    this.socket(command.namespace).emit(command.event, ...args);
  }

  close(): void {
    for (const socket of this.sockets.values()) socket.disconnect();
    this.manager.engine?.close();
  }
}
