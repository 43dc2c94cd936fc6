import type { Namespace, Server, Socket } from 'socket.io';
import type { Reply } from '../core/chat-contract.ts';
import {
  LAB_BROADCAST_ROUTE,
  LAB_EVENT,
  MAIN_NAMESPACE,
  OTHER_NAMESPACE,
  ROUTE_VARIANT,
  codeLine,
  copiesSent,
  predictDeliveries,
  quote,
  waitsForAcks,
  type EmitRequest,
} from '../core/emit-rules.ts';
import { PREDICTIONS_ARE_FOR_CLASSROOMS, validateArmedNotice, validatePrediction } from '../core/classroom.ts';
import { LAB_NAMESPACE, type EmitOutcome, type EmitResult, type LabObserverEvents, type LabPayload, type NodeSocketView } from '../core/lab-contract.ts';
import { LAB_EMITS_IN_FLIGHT_MAX, LAB_EMITS_QUEUED_MAX, ROOMS_PER_SOCKET_MAX } from '../core/limits.ts';
import { answeringSocketIds, isRecord, validateEmitRequest, validateName, validateRoom } from '../core/validation.ts';
import { SOMEONE_ELSES_ROOM, type ChatServer, type ChatSocket } from './chat.ts';
import { Classroom } from './classroom.ts';
import type { ClientEvents } from './client-events.ts';
import { feedRooms, viewOf } from './rooms-feed.ts';
import { SettleQueue, settleEverywhere, settleWhenAsked } from './settle.ts';

type LabNamespace = Namespace<{}, LabObserverEvents>;
// The contract's `hello` ack is optional, which socket.io's timeout typing cannot decorate: these views make it required.
type AckedHello = { hello: (payload: LabPayload, ack: (answer: unknown) => void) => void };
// socket.io's typing refuses a broadcast's callback without .timeout(), yet 4.8 runs it (broadcast-operator.js emit()).
type UntimedBroadcast = { emit(event: string, payload: LabPayload, ack: (error: Error | null, answers: unknown[]) => void): boolean };

/** Gets what the emit's acknowledgement callback got, when it has one. */
type OnAnswers = (answers: unknown, error?: Error) => void;

/** The literal call of an emit, given the payload it carries. */
export type EmitNow = (payload: LabPayload, onAnswers: OnAnswers) => void | Promise<void>;

/** The lab's one way to perform and settle an emit, for a socket's request or for the HTTP route. */
export interface Lab {
  /**
   * Performs `request` with `emitNow` (the literal call) in the server-wide settle queue, settles it and
   * reports; `sender` is undefined outside a connection handler. Undefined when the queue is full.
   */
  run(sender: ChatSocket | undefined, request: EmitRequest, emitNow: EmitNow): Promise<EmitResult | undefined>;
  /** Classroom mode: the armed question is withdrawn, and every student's card stops asking. */
  disarm(): void;
}

/** The sockets of / and /other on every node (fetchSockets asks the others through the adapter), with their rooms and node. */
async function socketViews(io: ChatServer): Promise<NodeSocketView[]> {
  const namespaces = await Promise.all([MAIN_NAMESPACE, OTHER_NAMESPACE].map(async (namespace) =>
    (await io.of(namespace).fetchSockets()).map((socket) => viewOf(socket, namespace)),
  ));
  return namespaces.flat();
}

/** Numbers the lab's emits; with several nodes the number comes from one counter they share, so that no two emits share one. */
export type NextEmit = () => number | Promise<number>;

/** Names the socket from its handshake (`io({ auth: { name, lab: true } })`), so that a socket in no room has a name too. */
function identify(io: ChatServer, socket: ChatSocket, classroom: Classroom): void {
  const auth: unknown = socket.handshake.auth;
  if (!isRecord(auth)) return;
  const name = validateName(auth.name);
  if (name.ok) socket.data.name = classroom.nameFor(io, socket, name.value);
  socket.data.reportsDeliveries = auth.lab === true;
}

/**
 * Performs the very call the student picked, from the sender's connection handler. POST /api/lab/broadcast
 * makes its own call, in server/lab-route.ts, where there is no socket; lab:perform refuses that variant.
 */
function perform(io: ChatServer, socket: ChatSocket, request: EmitRequest, payload: LabPayload, onAnswers: OnAnswers): void | Promise<void> {
  const room = request.room ?? '';
  const secondRoom = request.secondRoom ?? '';
  const target = request.targetSocketId ?? '';
  const ms = request.timeoutMs ?? 0;
  const burst = copiesSent(request);
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
    case 'socket.volatile.emit × n':
      for (let seq = 1; seq <= burst; seq++) socket.volatile.emit(LAB_EVENT, { ...payload, seq });
      return;
    case 'socket.emit + socket.volatile.emit':
      socket.emit(LAB_EVENT, { ...payload, seq: 1 });
      return void socket.volatile.emit(LAB_EVENT, { ...payload, seq: 2 });
    case 'io.emit(…, ack) without timeout':
      return void (io as unknown as UntimedBroadcast).emit(LAB_EVENT, payload, (error: Error | null, answers: unknown[]) => {
        onAnswers(answers, error ?? undefined);
      });
    case 'setTimeout(() => io.to(room).emit)':
      // The settle markers go out once the timer has run: after the emit, on every connection.
      return new Promise((sent) => setTimeout(() => {
        io.to(room).emit(LAB_EVENT, payload);
        sent();
      }, 0));
  }
}

/** The emit lab: performs emits on request, proves who received them, and keeps /lab observers informed. */
export function registerLab(
  io: ChatServer,
  events: ClientEvents<ChatSocket>,
  queue = new SettleQueue(LAB_EMITS_IN_FLIGHT_MAX, LAB_EMITS_QUEUED_MAX),
  classroom = new Classroom(),
  sharedEmitNumbers?: NextEmit,
): Lab {
  const observers: LabNamespace = io.of(LAB_NAMESPACE);
  let emitCount = 0;
  const nextEmit: NextEmit = sharedEmitNumbers ?? (() => ++emitCount);
  settleWhenAsked(io);

  // Observers get the whole rooms view once, then what changed: never the whole view at every join.
  feedRooms(io, observers, async () => await socketViews(io));
  io.of(OTHER_NAMESPACE).on('connection', (socket) => identify(io, socket as unknown as ChatSocket, classroom));
  /** Classroom mode: the instructor has an emit armed, and no emit has started since. */
  let questionOpen = false;
  io.on('connection', (socket) => {
    identify(io, socket, classroom);
    // A student who arrives (or reloads) during the question is asked too.
    if (questionOpen) socket.emit('lab:armed', { armed: true });
  });

  const changeRooms = (join: boolean) => (socket: ChatSocket, payload: unknown): Reply<{ rooms: string[] }> => {
    const event = join ? 'lab:join' : 'lab:leave';
    if (!isRecord(payload)) return { ok: false, error: `The ${event} event needs an object like { room: "team-a" }.` };
    // Checked before the room's spelling: a socket id has capitals, and the lesson's point is whose room it is.
    if (payload.room === socket.id) return { ok: false, error: "That is this socket's own room (its id): it is always in it." };
    if (typeof payload.room === 'string' && io.of(MAIN_NAMESPACE).sockets.has(payload.room)) return { ok: false, error: SOMEONE_ELSES_ROOM };
    const room = validateRoom(payload.room);
    if (!room.ok) return room;
    if (room.value === socket.data.room) return { ok: false, error: `${room.value} is this socket's chat room: use Join to change it.` };
    const rooms = () => [...socket.rooms].filter((name) => name !== socket.id);
    if (join && !socket.rooms.has(room.value) && rooms().length >= ROOMS_PER_SOCKET_MAX) {
      return { ok: false, error: `This socket is already in ${ROOMS_PER_SOCKET_MAX} rooms, the most the lab allows: leave one first.` };
    }
    if (join) socket.join(room.value);
    else socket.leave(room.value);
    return { ok: true, rooms: rooms() };
  };
  events.on('lab:join', classroom.instructorOnly('lab:join', changeRooms(true)));
  events.on('lab:leave', classroom.instructorOnly('lab:leave', changeRooms(false)));

  // A student's guess, kept until the next emit's result reports it beside what really happened.
  events.on('lab:predict', (socket, payload) => {
    if (!classroom.on) return { ok: false, error: PREDICTIONS_ARE_FOR_CLASSROOMS };
    const prediction = validatePrediction(payload);
    if (!prediction.ok) return prediction;
    socket.data.prediction = prediction.value.willReceive;
    return { ok: true };
  });

  // The instructor armed an emit (or no longer has one armed): every student's card asks, or stops asking.
  const arm = (_socket: ChatSocket, payload: unknown): Reply<{}> => {
    if (!classroom.on) return { ok: false, error: PREDICTIONS_ARE_FOR_CLASSROOMS };
    const notice = validateArmedNotice(payload);
    if (!notice.ok) return notice;
    questionOpen = notice.value.armed;
    // Guesses belong to the question in play: a new one, or none, starts without them.
    for (const each of io.of(MAIN_NAMESPACE).sockets.values()) delete each.data.prediction;
    io.of(MAIN_NAMESPACE).emit('lab:armed', notice.value);
    return { ok: true };
  };
  events.on('lab:arm', classroom.instructorOnly('lab:arm', arm));
  const disarm = () => {
    if (!questionOpen) return;
    questionOpen = false;
    io.of(MAIN_NAMESPACE).emit('lab:armed', { armed: false });
  };

  /** Performs the emit, then settles it: every outcome is what a socket reported, beside what the rules predict. */
  const settleEmit = async (socket: ChatSocket | undefined, request: EmitRequest, emitNow: EmitNow): Promise<EmitResult> => {
    const emit = await nextEmit();
    const senderName = socket ? (socket.data.name ?? `guest ${socket.id.slice(0, 4)}`) : `POST ${LAB_BROADCAST_ROUTE}`;
    const senderId = socket?.id ?? '';
    const labPayload: LabPayload = { emit, from: senderName };
    const code = codeLine(request, `{ emit: ${emit}, from: ${quote(senderName)} }`);
    const sockets = await socketViews(io);
    const verdicts = predictDeliveries(request, senderId, sockets);
    const copies = copiesSent(request);
    const startedAt = Date.now();
    questionOpen = false;
    observers.emit('lab:started', { emit, variant: request.variant, senderId, code });

    const expectsAnswers = waitsForAcks(request);
    const emittedAt = performance.now();
    let onAnswers: OnAnswers = () => {};
    const answered = new Promise<{ answers: unknown; error?: Error; after?: number }>((resolve) => {
      onAnswers = (answers, error) => resolve({ answers, error, after: performance.now() - emittedAt });
      if (!expectsAnswers) resolve({ answers: [] });
    });
    // A timer's emit happens later: the settle markers must follow it.
    await emitNow(labPayload, onAnswers);
    // Each node settles its own sockets: a remote socket's report crosses Redis like its delivery did.
    const [{ reports, predictions }, { answers, error, after }] = await Promise.all([settleEverywhere(io, emit), answered]);
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
      if (copies > 1 && typeof report !== 'string') outcome.copies = report.received ? (report.copies ?? 1) : 0;
      if (expectsAnswers && (received ?? verdict.receives)) outcome.ack = answeredIds.has(view.id) ? 'answered' : 'timed out';
      const prediction = predictions.get(view.id);
      if (prediction !== undefined) outcome.predictedByStudent = prediction;
      if (view.node !== undefined) outcome.node = view.node;
      return outcome;
    });
    const result: EmitResult = { emit, request, senderId, senderName, code, startedAt, outcomes };
    if (error) result.ackError = error.message;
    if (expectsAnswers) {
      result.ackAnswers = Array.isArray(answers) ? answers.length : 0;
      if (after !== undefined) result.ackAfterMs = Math.round(after * 10) / 10;
    }
    if (copies > 1) result.copiesSent = copies;
    observers.emit('lab:result', result);
    return result;
  };

  const run: Lab['run'] = async (socket, request, emitNow) => {
    let result: EmitResult | undefined;
    const ran = await queue.run(async () => {
      result = await settleEmit(socket, request, emitNow);
    });
    return ran ? result : undefined;
  };

  const performRequested = async (socket: ChatSocket, payload: unknown): Promise<Reply<{ result: EmitResult }>> => {
    const refused = classroom.refusePerform(socket);
    if (refused !== undefined) return { ok: false, error: refused };
    const request = validateEmitRequest(payload);
    if (!request.ok) return request;
    if (request.value.variant === ROUTE_VARIANT) {
      return { ok: false, error: `This emit runs from an HTTP route, not a socket's handler: POST ${LAB_BROADCAST_ROUTE}?room=general performs it.` };
    }
    const notAllowed = classroom.refuseRequest(socket, request.value);
    if (notAllowed !== undefined) return { ok: false, error: notAllowed };
    // The instructor may perform from another socket's handler, a student's say ("in Zed's connection handler").
    const senderId = request.value.senderId;
    const sender = senderId === undefined ? socket : io.of(MAIN_NAMESPACE).sockets.get(senderId);
    if (!sender) return { ok: false, error: 'That sender is no longer connected: pick another sender.' };
    // One emit per sender at a time: a script's burst cannot make every page answer a pile of markers.
    if (socket.data.settling || sender.data.settling) return { ok: false, error: 'Your previous emit is still settling: wait for its result, then try again.' };
    socket.data.settling = true;
    sender.data.settling = true;
    try {
      const result = await run(sender, request.value, (labPayload, onAnswers) => perform(io, sender, request.value, labPayload, onAnswers));
      if (!result) return { ok: false, error: 'The lab is busy with other emits right now: try again in a moment.' };
      return { ok: true, result };
    } finally {
      socket.data.settling = false;
      sender.data.settling = false;
    }
  };
  // Classroom mode: the instructor, or a student while "Students may emit" is open (classroom.refusePerform says which).
  events.on('lab:perform', performRequested);
  return { run, disarm };
}
