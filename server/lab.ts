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
import {
  LAB_NAMESPACE,
  type ClientAuth,
  type EmitOutcome,
  type EmitResult,
  type HelloAnswer,
  type LabObserverEvents,
  type LabPayload,
  type SettleReport,
} from '../core/lab-contract.ts';
import { validateEmitRequest, validateName, validateRoom } from '../core/validation.ts';
import { splitRequest, type ChatServer, type ChatSocket } from './chat.ts';

/** How long a socket that runs the lab's code has to answer a settle marker before it counts as silent. */
const SETTLE_TIMEOUT_MS = 2000;

type LabNamespace = Namespace<{}, LabObserverEvents>;
// The contract's `hello` ack is optional, which socket.io's timeout typing cannot decorate: these views make it required.
type AckedHello = { hello: (payload: LabPayload, ack: (answer: HelloAnswer) => void) => void };

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
  const auth = (socket.handshake.auth ?? {}) as ClientAuth;
  const name = validateName(auth.name);
  if (name.ok) socket.data.name = name.value;
  socket.data.reportsDeliveries = auth.lab === true;
}

/** Performs the very call the student picked, from the sender's connection handler. */
function perform(io: ChatServer, socket: ChatSocket, request: EmitRequest, payload: LabPayload, onAnswers: (answers: HelloAnswer[], error?: Error) => void): void {
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
      return void (socket as unknown as Socket<{}, AckedHello>).timeout(ms).emit(LAB_EVENT, payload, (error: Error | null, answer: HelloAnswer) => {
        onAnswers(error ? [] : [answer], error ?? undefined);
      });
    case 'io.timeout(ms).emit':
      return void (io as unknown as Server<{}, AckedHello>).timeout(ms).emit(LAB_EVENT, payload, (error: Error | null, answers: HelloAnswer[]) => {
        onAnswers(answers, error ?? undefined);
      });
  }
}

/** Asks every socket, over its own connection and after the emit, whether the emit arrived. */
function settle(io: ChatServer, emit: number): Promise<Map<string, SettleReport | null>> {
  const sockets = [MAIN_NAMESPACE, OTHER_NAMESPACE].flatMap((namespace) => [...io.of(namespace).sockets.values()]);
  return new Promise((resolve) => {
    const reports = new Map<string, SettleReport | null>();
    let waiting = 0;
    const done = () => waiting === 0 && resolve(reports);
    for (const socket of sockets) {
      if (!socket.data.reportsDeliveries) {
        reports.set(socket.id, null);
        continue;
      }
      waiting++;
      socket.timeout(SETTLE_TIMEOUT_MS).emit('lab:settle', { emit }, (error: Error | null, report: SettleReport) => {
        reports.set(socket.id, error ? null : report);
        waiting--;
        done();
      });
    }
    done();
  });
}

/** The emit lab: performs emits on request, proves who received them, and keeps /lab observers informed. */
export function registerLab(io: ChatServer): void {
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

  io.on('connection', (socket) => {
    identify(socket);

    const changeRooms = (join: boolean) => (...args: unknown[]) => {
      const { payload, ack } = splitRequest(args);
      const event = join ? 'lab:join' : 'lab:leave';
      const room = typeof payload === 'object' && payload !== null
        ? validateRoom((payload as { room?: unknown }).room)
        : { ok: false as const, error: `The ${event} event needs an object like { room: "team-a" }.` };
      let reply: Reply<{ rooms: string[] }>;
      if (!room.ok) reply = room;
      else if (room.value === socket.data.room) reply = { ok: false, error: `${room.value} is this socket's chat room: use Join to change it.` };
      else if (io.of(MAIN_NAMESPACE).sockets.has(room.value)) reply = { ok: false, error: 'That room name is the private room of another socket: pick another name.' };
      else {
        if (join) socket.join(room.value);
        else socket.leave(room.value);
        reply = { ok: true, rooms: [...socket.rooms].filter((name) => name !== socket.id) };
      }
      if (typeof ack === 'function') ack(reply);
    };
    socket.on('lab:join', changeRooms(true));
    socket.on('lab:leave', changeRooms(false));

    socket.on('lab:perform', async (...args: unknown[]) => {
      const { payload, ack } = splitRequest(args);
      const reply = (result: Reply<{ result: EmitResult }>) => typeof ack === 'function' && ack(result);
      const request = validateEmitRequest(payload);
      if (!request.ok) return reply(request);
      const emit = ++emitCount;
      const senderName = socket.data.name ?? `guest ${socket.id.slice(0, 4)}`;
      const labPayload: LabPayload = { emit, from: senderName };
      const code = codeLine(request.value, `{ emit: ${emit}, from: ${quote(senderName)} }`);
      const sockets = socketViews(io);
      const verdicts = predictDeliveries(request.value, socket.id, sockets);
      const startedAt = Date.now();
      observers.emit('lab:started', { emit, variant: request.value.variant, senderId: socket.id, code });

      const expectsAnswers = request.value.timeoutMs !== undefined;
      const answered = new Promise<{ answers: HelloAnswer[]; error?: Error }>((resolve) => {
        perform(io, socket, request.value, labPayload, (answers, error) => resolve({ answers, error }));
        if (!expectsAnswers) resolve({ answers: [] });
      });
      const [reports, { answers, error }] = await Promise.all([settle(io, emit), answered]);
      const answeredIds = new Set(answers.map((answer) => answer.socketId));

      const outcomes = sockets.map((view, index): EmitOutcome => {
        const verdict = verdicts[index]!;
        const report = reports.get(view.id) ?? null;
        const received = report === null ? null : report.received;
        const outcome: EmitOutcome = {
          socketId: view.id,
          name: view.name,
          namespace: view.namespace,
          received,
          predicted: verdict.receives,
          reason: verdict.reason,
        };
        if (report?.receivedAt !== undefined) outcome.receivedAt = report.receivedAt;
        if (expectsAnswers && (received ?? verdict.receives)) outcome.ack = answeredIds.has(view.id) ? 'answered' : 'timed out';
        return outcome;
      });
      const result: EmitResult = { emit, request: request.value, senderId: socket.id, senderName, code, startedAt, outcomes };
      if (error) result.ackError = error.message;
      observers.emit('lab:result', result);
      reply({ ok: true, result });
    });
  });
}
