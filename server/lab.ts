import type { Namespace, Server, Socket } from 'socket.io';
import type { Reply } from '../core/chat-contract.ts';
import {
  LAB_EVENT,
  MAIN_NAMESPACE,
  OTHER_NAMESPACE,
  codeLine,
  predictDeliveries,
  quote,
  type EmitRequest,
  type SocketView,
} from '../core/emit-rules.ts';
import { LAB_NAMESPACE, type EmitOutcome, type EmitResult, type LabObserverEvents, type LabPayload } from '../core/lab-contract.ts';
import { LAB_EMITS_IN_FLIGHT_MAX, LAB_EMITS_QUEUED_MAX, ROOMS_PER_SOCKET_MAX } from '../core/limits.ts';
import { answeringSocketIds, isRecord, validateEmitRequest, validateName, validateRoom } from '../core/validation.ts';
import { SOMEONE_ELSES_ROOM, type ChatServer, type ChatSocket } from './chat.ts';
import type { ClientEvents } from './client-events.ts';
import { SettleQueue, settle } from './settle.ts';

type LabNamespace = Namespace<{}, LabObserverEvents>;
// The contract's `hello` ack is optional, which socket.io's timeout typing cannot decorate: these views make it required.
type AckedHello = { hello: (payload: LabPayload, ack: (answer: unknown) => void) => void };

/** The sockets of / and /other as the rules see them, with every room they are in. */
function socketViews(io: ChatServer): SocketView[] {
  return [MAIN_NAMESPACE, OTHER_NAMESPACE].flatMap((namespace) =>
    [...io.of(namespace).sockets.values()].map((socket) => ({
      id: socket.id,
      name: socket.data.name ?? `guest ${socket.id.slice(0, 4)}`,
      namespace,
      rooms: [...socket.rooms],
    })),
  );
}

/** Names the socket from its handshake (`io({ auth: { name, lab: true } })`), so that a socket in no room has a name too. */
function identify(socket: ChatSocket): void {
  const auth: unknown = socket.handshake.auth;
  if (!isRecord(auth)) return;
  const name = validateName(auth.name);
  if (name.ok) socket.data.name = name.value;
  socket.data.reportsDeliveries = auth.lab === true;
}

/** Performs the very call the student picked, from the sender's connection handler. */
function perform(io: ChatServer, socket: ChatSocket, request: EmitRequest, payload: LabPayload, onAnswers: (answers: unknown, error?: Error) => void): void {
  const room = request.room ?? '';
  const secondRoom = request.secondRoom ?? '';
  const target = request.targetSocketId ?? '';
  const ms = request.timeoutMs ?? 0;
  switch (request.variant) {
    case 'socket.emit': return void socket.emit(LAB_EVENT, payload);
    case 'io.emit': return void io.emit(LAB_EVENT, payload);
    case 'socket.to(room).emit': return void socket.to(room).emit(LAB_EVENT, payload);
    case 'io.to(room).emit': return void io.to(room).emit(LAB_EVENT, payload);
    case 'socket.broadcast.emit': return void socket.broadcast.emit(LAB_EVENT, payload);
    case 'socket.to([room1, room2]).emit': return void socket.to([room, secondRoom]).emit(LAB_EVENT, payload);
    case 'socket.except(room).emit': return void socket.except(room).emit(LAB_EVENT, payload);
    case 'io.except(room).emit': return void io.except(room).emit(LAB_EVENT, payload);
    case 'io.to(room).except(room2).emit': return void io.to(room).except(secondRoom).emit(LAB_EVENT, payload);
    case 'io.to(socketId).emit': return void io.to(target).emit(LAB_EVENT, payload);
    case 'socket.to(socketId).emit': return void socket.to(target).emit(LAB_EVENT, payload);
    case "io.of('/other').emit": return void io.of(OTHER_NAMESPACE).emit(LAB_EVENT, payload);
    case 'socket.volatile.emit': return void socket.volatile.emit(LAB_EVENT, payload);
    case 'socket.timeout(ms).emit':
      return void (socket as unknown as Socket<{}, AckedHello>).timeout(ms).emit(LAB_EVENT, payload, (error: Error | null, answer: unknown) => {
        onAnswers(error ? [] : [answer], error ?? undefined);
      });
    case 'io.timeout(ms).emit':
      return void (io as unknown as Server<{}, AckedHello>).timeout(ms).emit(LAB_EVENT, payload, (error: Error | null, answers: unknown) => {
        onAnswers(answers, error ?? undefined);
      });
  }
}

/** The emit lab: performs emits on request, proves who received them, and keeps /lab observers informed. */
export function registerLab(io: ChatServer, events: ClientEvents<ChatSocket>, queue = new SettleQueue(LAB_EMITS_IN_FLIGHT_MAX, LAB_EMITS_QUEUED_MAX)): void {
  const observers: LabNamespace = io.of(LAB_NAMESPACE);
  let emitCount = 0;

  let snapshotPending = false;
  const publishRooms = () => {
    if (snapshotPending) return;
    snapshotPending = true;
    // Several joins and leaves happen in one tick (connect, join-room): send one snapshot after them.
    setTimeout(() => {
      snapshotPending = false;
      observers.emit('lab:rooms', { sockets: socketViews(io) });
    }, 10);
  };
  for (const namespace of [MAIN_NAMESPACE, OTHER_NAMESPACE]) {
    io.of(namespace).adapter.on('join-room', publishRooms);
    io.of(namespace).adapter.on('leave-room', publishRooms);
  }
  observers.on('connection', (observer) => observer.emit('lab:rooms', { sockets: socketViews(io) }));
  io.of(OTHER_NAMESPACE).on('connection', (socket) => identify(socket as unknown as ChatSocket));
  io.on('connection', (socket) => identify(socket));

  const changeRooms = (join: boolean) => (socket: ChatSocket, payload: unknown): Reply<{ rooms: string[] }> => {
    const event = join ? 'lab:join' : 'lab:leave';
    const room = isRecord(payload) ? validateRoom(payload.room) : { ok: false as const, error: `The ${event} event needs an object like { room: "team-a" }.` };
    if (!room.ok) return room;
    if (room.value === socket.data.room) return { ok: false, error: `${room.value} is this socket's chat room: use Join to change it.` };
    if (io.of(MAIN_NAMESPACE).sockets.has(room.value)) return { ok: false, error: SOMEONE_ELSES_ROOM };
    const rooms = () => [...socket.rooms].filter((name) => name !== socket.id);
    if (join && !socket.rooms.has(room.value) && rooms().length >= ROOMS_PER_SOCKET_MAX) {
      return { ok: false, error: `This socket is already in ${ROOMS_PER_SOCKET_MAX} rooms, the most the lab allows: leave one first.` };
    }
    if (join) socket.join(room.value);
    else socket.leave(room.value);
    return { ok: true, rooms: rooms() };
  };
  events.on('lab:join', changeRooms(true));
  events.on('lab:leave', changeRooms(false));

  /** Performs the emit, then settles it: every outcome is what a socket reported, beside what the rules predict. */
  const performAndSettle = async (socket: ChatSocket, request: EmitRequest): Promise<EmitResult> => {
    const emit = ++emitCount;
    const senderName = socket.data.name ?? `guest ${socket.id.slice(0, 4)}`;
    const labPayload: LabPayload = { emit, from: senderName };
    const code = codeLine(request, `{ emit: ${emit}, from: ${quote(senderName)} }`);
    const sockets = socketViews(io);
    const verdicts = predictDeliveries(request, socket.id, sockets);
    const startedAt = Date.now();
    observers.emit('lab:started', { emit, variant: request.variant, senderId: socket.id, code });

    const expectsAnswers = request.timeoutMs !== undefined;
    const answered = new Promise<{ answers: unknown; error?: Error }>((resolve) => {
      perform(io, socket, request, labPayload, (answers, error) => resolve({ answers, error }));
      if (!expectsAnswers) resolve({ answers: [] });
    });
    const everySocket = [MAIN_NAMESPACE, OTHER_NAMESPACE].flatMap((namespace) => [...io.of(namespace).sockets.values()]);
    const [reports, { answers, error }] = await Promise.all([settle(everySocket, emit), answered]);
    const answeredIds = answeringSocketIds(answers);

    const outcomes = sockets.map((view, index): EmitOutcome => {
      const verdict = verdicts[index]!;
      // A socket that left before its marker was sent is not connected: it did not receive the emit.
      const report = reports.get(view.id) ?? { received: false };
      const received = typeof report === 'string' ? null : report.received;
      const outcome: EmitOutcome = {
        socketId: view.id,
        name: view.name,
        namespace: view.namespace,
        received,
        predicted: verdict.receives,
        reason: verdict.reason,
      };
      if (typeof report === 'string') outcome.unreported = report;
      else if (report.receivedAt !== undefined) outcome.receivedAt = report.receivedAt;
      if (expectsAnswers && (received ?? verdict.receives)) outcome.ack = answeredIds.has(view.id) ? 'answered' : 'timed out';
      return outcome;
    });
    const result: EmitResult = { emit, request, senderId: socket.id, senderName, code, startedAt, outcomes };
    if (error) result.ackError = error.message;
    observers.emit('lab:result', result);
    return result;
  };

  events.on('lab:perform', async (socket, payload): Promise<Reply<{ result: EmitResult }>> => {
    const request = validateEmitRequest(payload);
    if (!request.ok) return request;
    // One emit per sender at a time: a script's burst cannot make every page answer a pile of markers.
    if (socket.data.settling) return { ok: false, error: 'Your previous emit is still settling: wait for its result, then try again.' };
    socket.data.settling = true;
    try {
      let result: EmitResult | undefined;
      const ran = await queue.run(async () => {
        result = await performAndSettle(socket, request.value);
      });
      if (!ran || !result) return { ok: false, error: 'The lab is busy with other emits right now: try again in a moment.' };
      return { ok: true, result };
    } finally {
      socket.data.settling = false;
    }
  });
}
