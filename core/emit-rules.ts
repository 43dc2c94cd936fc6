// Socket.IO 4's targeting rules, as the lesson teaches them: who receives an emit, and why.
// The page explains deliveries with this module; the property test checks it against real socket.io.

import { MAIN_NAMESPACE, OTHER_NAMESPACE } from './namespaces.ts';

export { MAIN_NAMESPACE, OTHER_NAMESPACE };

export const LAB_EVENT = 'hello';

export type VariantId =
  | 'socket.emit'
  | 'io.emit'
  | 'socket.to(room).emit'
  | 'io.to(room).emit'
  | 'socket.broadcast.emit'
  | 'socket.to([room1, room2]).emit'
  | 'socket.except(room).emit'
  | 'io.except(room).emit'
  | 'io.to(room).except(room2).emit'
  | 'io.to(socketId).emit'
  | 'socket.to(socketId).emit'
  | "io.of('/other').emit"
  | 'socket.volatile.emit'
  | 'socket.timeout(ms).emit'
  | 'io.timeout(ms).emit'
  | 'socket.volatile.emit × n'
  | 'socket.emit + socket.volatile.emit'
  | 'io.emit(…, ack) without timeout'
  | 'setTimeout(() => io.to(room).emit)'
  | 'POST /api/lab/broadcast → io.to(room).emit';

/** The lab's HTTP route: a broadcast from outside any connection handler, where there is no `socket`. */
export const LAB_BROADCAST_ROUTE = '/api/lab/broadcast';
export const ROUTE_VARIANT = 'POST /api/lab/broadcast → io.to(room).emit' satisfies VariantId;
/** How many volatile emits the lab fires back to back, unless asked for another number. */
export const VOLATILE_BURST = 10;

/** What a variant needs besides the sender. */
export interface VariantInputs {
  room?: true;
  secondRoom?: true;
  targetSocket?: true;
  timeout?: true;
  /** How many copies to fire back to back. */
  burst?: true;
}

export interface EmitVariant {
  /** The variant's code, as on its button. */
  id: VariantId;
  /** One of the four the lesson opens with. */
  lesson: boolean;
  needs: VariantInputs;
  /** One sentence: what this call reaches. */
  summary: string;
}

export const VARIANTS: readonly EmitVariant[] = [
  { id: 'socket.emit', lesson: true, needs: {}, summary: 'Back to the sender only.' },
  { id: 'io.emit', lesson: true, needs: {}, summary: 'Every socket of the / namespace, the sender included.' },
  { id: 'socket.to(room).emit', lesson: true, needs: { room: true }, summary: 'Every socket in the room except the sender.' },
  { id: 'io.to(room).emit', lesson: true, needs: { room: true }, summary: 'Every socket in the room, the sender included if it is in it.' },
  { id: 'socket.broadcast.emit', lesson: false, needs: {}, summary: "Every socket of the sender's namespace except the sender." },
  { id: 'socket.to([room1, room2]).emit', lesson: false, needs: { room: true, secondRoom: true }, summary: 'Every socket in either room, once, except the sender.' },
  { id: 'socket.except(room).emit', lesson: false, needs: { room: true }, summary: 'Every socket not in the room, except the sender.' },
  { id: 'io.except(room).emit', lesson: false, needs: { room: true }, summary: 'Every socket of / not in the room: the sender too, unless it is in the room.' },
  { id: 'io.to(room).except(room2).emit', lesson: false, needs: { room: true, secondRoom: true }, summary: 'Every socket in the first room that is not in the second.' },
  { id: 'io.to(socketId).emit', lesson: false, needs: { targetSocket: true }, summary: 'The socket with that id, in its own room: a private message, unless another socket was joined to that room.' },
  { id: 'socket.to(socketId).emit', lesson: false, needs: { targetSocket: true }, summary: 'One socket by its id, unless it is the sender itself.' },
  { id: "io.of('/other').emit", lesson: false, needs: {}, summary: 'Every socket of the /other namespace, none of /.' },
  { id: 'socket.volatile.emit', lesson: false, needs: {}, summary: 'The sender, unless its transport is down or still writing at that moment: then it is dropped, not queued.' },
  { id: 'socket.timeout(ms).emit', lesson: false, needs: { timeout: true }, summary: 'The sender, waiting for its acknowledgement.' },
  { id: 'io.timeout(ms).emit', lesson: false, needs: { timeout: true }, summary: 'Every socket of /, collecting one acknowledgement from each.' },
  { id: 'socket.volatile.emit × n', lesson: false, needs: { burst: true }, summary: 'n volatile emits back to back to the sender: the first is written, the others find the transport still writing and are dropped.' },
  { id: 'socket.emit + socket.volatile.emit', lesson: false, needs: {}, summary: 'A normal emit, then a volatile one right after: the normal one is being written, so the volatile one is dropped.' },
  { id: 'io.emit(…, ack) without timeout', lesson: false, needs: {}, summary: 'Every socket of / receives it, but without .timeout() the callback runs after about 1 ms, with an error and the answers so far: usually none.' },
  { id: 'setTimeout(() => io.to(room).emit)', lesson: false, needs: { room: true }, summary: 'From a timer, after the handler returned: every socket in the room, the sender too if it is in it.' },
  { id: ROUTE_VARIANT, lesson: false, needs: { room: true }, summary: 'From an HTTP route, where there is no socket and no sender to leave out: every socket in the room.' },
];

const VARIANT_IDS = new Set<string>(VARIANTS.map((variant) => variant.id));

export function isVariantId(value: unknown): value is VariantId {
  return typeof value === 'string' && VARIANT_IDS.has(value);
}

export function variant(id: VariantId): EmitVariant {
  return VARIANTS.find((candidate) => candidate.id === id)!;
}

/** What the student asked for: the variant and the names it fills in. */
export interface EmitRequest {
  variant: VariantId;
  room?: string;
  secondRoom?: string;
  /** The socket id for io.to(socketId) and socket.to(socketId). */
  targetSocketId?: string;
  timeoutMs?: number;
  /** How many volatile emits in a row, for socket.volatile.emit × n. */
  burst?: number;
  /** Classroom mode: the instructor performs from this socket's handler (a student's, say) rather than the asking socket's. */
  senderId?: string;
}

/** How many copies of the hello the call sends each socket it targets; the cards count how many arrived. */
export function copiesSent(request: EmitRequest): number {
  if (request.variant === 'socket.volatile.emit × n') return request.burst ?? VOLATILE_BURST;
  return request.variant === 'socket.emit + socket.volatile.emit' ? 2 : 1;
}

/** Whether the call passes an acknowledgement callback, so that each receiver's answer is reported. */
export function waitsForAcks(request: EmitRequest): boolean {
  return request.timeoutMs !== undefined || request.variant === 'io.emit(…, ack) without timeout';
}

/** A socket as the rules see it: where it lives and which rooms it is in (its own id room included). */
export interface SocketView {
  id: string;
  name: string;
  namespace: string;
  rooms: readonly string[];
}

/**
 * A call reduced to what socket.io's adapter applies: to the sender directly, or a broadcast in a
 * namespace to the sockets in any of `rooms` (all when empty), minus those in any of `except`.
 * `socket.to`, `socket.broadcast` and `socket.except` put the sender's own id room into `except`.
 */
export type Targeting =
  | { kind: 'sender' }
  | { kind: 'broadcast'; namespace: string; rooms: string[]; except: string[]; senderExcluded: boolean };

export function targeting(request: EmitRequest, senderId: string): Targeting {
  const room = request.room ?? '';
  const secondRoom = request.secondRoom ?? '';
  const target = request.targetSocketId ?? '';
  const fromIo = (rooms: string[], except: string[] = [], namespace = MAIN_NAMESPACE): Targeting => ({
    kind: 'broadcast', namespace, rooms, except, senderExcluded: false,
  });
  const fromSocket = (rooms: string[], except: string[] = []): Targeting => ({
    kind: 'broadcast', namespace: MAIN_NAMESPACE, rooms, except: [...except, senderId], senderExcluded: true,
  });
  switch (request.variant) {
    case 'socket.emit':
    case 'socket.volatile.emit':
    case 'socket.timeout(ms).emit':
    case 'socket.volatile.emit × n':
    case 'socket.emit + socket.volatile.emit':
      return { kind: 'sender' };
    case 'io.emit':
    case 'io.timeout(ms).emit':
    case 'io.emit(…, ack) without timeout':
      return fromIo([]);
    case 'socket.to(room).emit':
      return fromSocket([room]);
    case 'io.to(room).emit':
    case 'setTimeout(() => io.to(room).emit)':
    case ROUTE_VARIANT:
      return fromIo([room]);
    case 'socket.broadcast.emit':
      return fromSocket([]);
    case 'socket.to([room1, room2]).emit':
      return fromSocket([room, secondRoom]);
    case 'socket.except(room).emit':
      return fromSocket([], [room]);
    case 'io.except(room).emit':
      return fromIo([], [room]);
    case 'io.to(room).except(room2).emit':
      return fromIo([room], [secondRoom]);
    case 'io.to(socketId).emit':
      return fromIo([target]);
    case 'socket.to(socketId).emit':
      return fromSocket([target]);
    case "io.of('/other').emit":
      return fromIo([], [], OTHER_NAMESPACE);
  }
}

export interface Verdict {
  socketId: string;
  receives: boolean;
  /** One sentence a student understands: why this socket did or did not receive. */
  reason: string;
}

function roomLabel(room: string, sockets: readonly SocketView[], viewer: SocketView): string {
  const owner = sockets.find((socket) => socket.id === room);
  if (!owner) return room;
  return owner.id === viewer.id ? 'its own room (its socket id)' : `${owner.name}'s own room (${owner.name}'s socket id)`;
}

/** "general", "general or random" (any of them), "general and random" (all of them). */
function listRooms(rooms: readonly string[], sockets: readonly SocketView[], viewer: SocketView, joiner: 'or' | 'and'): string {
  const labels = rooms.map((room) => roomLabel(room, sockets, viewer));
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} ${joiner} ${labels.at(-1)}`;
}

const senderCall: Partial<Record<VariantId, string>> = {
  'socket.to(room).emit': 'socket.to',
  'socket.to([room1, room2]).emit': 'socket.to',
  'socket.to(socketId).emit': 'socket.to',
  'socket.broadcast.emit': 'socket.broadcast',
  'socket.except(room).emit': 'socket.except',
};

/** Who receives the emit and why, for every socket given, in their order. */
export function predictDeliveries(request: EmitRequest, senderId: string, sockets: readonly SocketView[]): Verdict[] {
  const rule = targeting(request, senderId);
  const sender = sockets.find((socket) => socket.id === senderId);
  return sockets.map((socket): Verdict => {
    const yes = (reason: string) => ({ socketId: socket.id, receives: true, reason });
    const no = (reason: string) => ({ socketId: socket.id, receives: false, reason });
    if (rule.kind === 'sender') {
      return socket.id === senderId
        ? yes(`${socket.name} is the sender, and ${request.variant} reaches only the sender.`)
        : no(`${socket.name} is not the sender, and ${request.variant} reaches only the sender, ${sender?.name ?? 'another socket'}.`);
    }
    if (socket.namespace !== rule.namespace) {
      return no(`${socket.name} is in the ${socket.namespace} namespace, and this emit only reaches ${rule.namespace}.`);
    }
    // A room named twice (socket.to(['a', 'a'])) is still one room.
    const targetRooms = [...new Set(rule.rooms)];
    const inRooms = targetRooms.filter((room) => socket.rooms.includes(room));
    if (targetRooms.length > 0 && inRooms.length === 0) {
      return no(`${socket.name} is not in ${listRooms(targetRooms, sockets, socket, 'or')}.`);
    }
    if (rule.senderExcluded && socket.id === senderId) {
      return no(`${socket.name} is the sender, and ${senderCall[request.variant] ?? 'socket.to'} excludes the sender.`);
    }
    const excludedBy = [...new Set(rule.except)].filter((room) => socket.rooms.includes(room));
    if (excludedBy.length > 0) {
      return no(`${socket.name} is in ${listRooms(excludedBy, sockets, socket, 'and')}, which the emit excepts.`);
    }
    if (targetRooms.length === 0) {
      const exceptRooms = rule.except.filter((room) => !(rule.senderExcluded && room === senderId));
      if (exceptRooms.length > 0) return yes(`${socket.name} is not in ${listRooms(exceptRooms, sockets, socket, 'or')}, so the emit reaches it.`);
      if (rule.senderExcluded) return yes(`${socket.name} is not the sender, and ${senderCall[request.variant] ?? 'socket.to'} reaches every other socket of ${rule.namespace}.`);
      return yes(`${socket.name} is a socket of ${rule.namespace}, and this emit reaches every socket of ${rule.namespace}.`);
    }
    if (inRooms.length > 1) {
      return yes(`${socket.name} is in ${listRooms(inRooms, sockets, socket, 'and')}, and receives the emit once.`);
    }
    return yes(`${socket.name} is in ${roomLabel(inRooms[0]!, sockets, socket)}.`);
  });
}

/** A JavaScript string literal in single quotes, for the code lines the page shows. */
export const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The server line that performs the request, with rooms and ids filled in. */
export function codeLine(request: EmitRequest, payload: string): string {
  const room = quote(request.room ?? '');
  const secondRoom = quote(request.secondRoom ?? '');
  const target = quote(request.targetSocketId ?? '');
  const ms = request.timeoutMs ?? 0;
  const event = quote(LAB_EVENT);
  const call = (target: string, ack = '') => `${target}.emit(${event}, ${payload}${ack});`;
  // The copies of one emit share its number and tell themselves apart by `seq`.
  const numbered = (seq: string) => (payload === '' ? '' : `{ ...${payload}, seq: ${seq} }`);
  switch (request.variant) {
    case 'socket.emit': return call('socket');
    case 'io.emit': return call('io');
    case 'socket.to(room).emit': return call(`socket.to(${room})`);
    case 'io.to(room).emit': return call(`io.to(${room})`);
    case 'socket.broadcast.emit': return call('socket.broadcast');
    case 'socket.to([room1, room2]).emit': return call(`socket.to([${room}, ${secondRoom}])`);
    case 'socket.except(room).emit': return call(`socket.except(${room})`);
    case 'io.except(room).emit': return call(`io.except(${room})`);
    case 'io.to(room).except(room2).emit': return call(`io.to(${room}).except(${secondRoom})`);
    case 'io.to(socketId).emit': return call(`io.to(${target})`);
    case 'socket.to(socketId).emit': return call(`socket.to(${target})`);
    case "io.of('/other').emit": return call(`io.of(${quote(OTHER_NAMESPACE)})`);
    case 'socket.volatile.emit': return call('socket.volatile');
    case 'socket.timeout(ms).emit': return call(`socket.timeout(${ms})`, ', (err, answer) => { … }');
    case 'io.timeout(ms).emit': return call(`io.timeout(${ms})`, ', (err, answers) => { … }');
    case 'socket.volatile.emit × n':
      return `for (let seq = 1; seq <= ${copiesSent(request)}; seq++) socket.volatile.emit(${event}, ${numbered('seq')});`;
    case 'socket.emit + socket.volatile.emit':
      return `socket.emit(${event}, ${numbered('1')}); socket.volatile.emit(${event}, ${numbered('2')});`;
    case 'io.emit(…, ack) without timeout': return call('io', ', (err, answers) => { … }');
    case 'setTimeout(() => io.to(room).emit)': return `setTimeout(() => ${call(`io.to(${room})`).slice(0, -1)}, 0);`;
    case ROUTE_VARIANT:
      return `app.post(${quote(LAB_BROADCAST_ROUTE)}, (req, res) => { ${call(`io.to(${room})`)} … });`;
  }
}

/** The call without its event and payload, as a summary names it: "io.to('general').emit". */
export function emitCall(request: EmitRequest): string {
  const room = quote(request.room ?? '');
  switch (request.variant) {
    case 'socket.volatile.emit × n': return `${copiesSent(request)} × socket.volatile.emit`;
    case 'socket.emit + socket.volatile.emit': return request.variant;
    case 'io.emit(…, ack) without timeout': return 'io.emit(…, ack)';
    case 'setTimeout(() => io.to(room).emit)': return `setTimeout(() => io.to(${room}).emit)`;
    case ROUTE_VARIANT: return `POST ${LAB_BROADCAST_ROUTE} → io.to(${room}).emit`;
  }
  const line = codeLine(request, '');
  return line.slice(0, line.indexOf(`.emit(${quote(LAB_EVENT)}`) + '.emit'.length);
}
