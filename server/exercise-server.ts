// The server an exercise is checked on: a real socket.io server on a free loopback port, wired with
// the student's handler. Each client is put in its rooms as it connects (from its handshake), and
// the handler runs when the sender emits the exercise's event.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { ChatMessage, ChatServerToClientEvents } from '../core/chat-contract.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE } from '../core/emit-rules.ts';
import { CHECK_SETTLE_EVENT, type ExerciseArgument, type ExerciseBlock } from '../core/lessons.ts';
import { at, errorSentence, handlerLine, lineInError, type ExerciseSource } from './exercise-location.ts';

/** The server and socket a student's handler is given, typed with the chat's events. */
export type ExerciseServer = Server<{}, ChatServerToClientEvents>;
export type ExerciseSocket = Socket<{}, ChatServerToClientEvents>;

/** A handler as loaded from a student's file: called with the arguments its exercise block names. */
export type ExerciseHandler = (...args: unknown[]) => unknown;

/** What a checker's client says in its handshake: who it is and which rooms to put it in. */
export interface ExerciseAuth {
  name: string;
  room?: string;
  extraRooms?: string[];
}

/** What the sender emits: the message text, for a private message the target's socket id, for a move the room it asks for. */
export interface ExercisePayload {
  text: string;
  to?: string;
  room?: string;
}

export type ExerciseReply = { ok: true } | { ok: false; error: string };

const SETTLE_TIMEOUT_MS = 2000;
/** The latency probe: a handler that keeps the event loop longer than this in one go made every other client wait (lesson 6). */
export const BLOCKING_LIMIT_MS = 100;

export interface RunningExercise {
  url: string;
  io: Server;
  /** For an exercise on disconnecting: resolves with the handler's reply once it ran for that socket and deliveries settled. */
  whenDisconnectHandled(socketId: string): Promise<ExerciseReply>;
  close(): Promise<void>;
}

/** For an exercise on several nodes: this node's adapter to the others (server/adapter.ts). */
export interface ExerciseNodeOptions {
  adapter: ServerOptions['adapter'];
}

export async function startExerciseServer(exercise: ExerciseBlock, handler: ExerciseHandler, source?: ExerciseSource, node?: ExerciseNodeOptions): Promise<RunningExercise> {
  const http = createServer();
  const io = node ? new Server(http, { adapter: node.adapter }) : new Server(http);
  const namespaces = [io.of(MAIN_NAMESPACE), io.of(OTHER_NAMESPACE)];

  const settle = async () => {
    if (node) {
      // On several nodes a marker goes out through the adapter, behind every broadcast the handler sent: a client
      // that has it has everything sent before, whichever node it is on. The checker waits for each to get it.
      for (const namespace of namespaces) namespace.emit(CHECK_SETTLE_EVENT);
      return;
    }
    await Promise.all(
      namespaces.flatMap((namespace) => [...namespace.sockets.values()]).filter((socket) => socket.connected).map((socket) =>
        socket.timeout(SETTLE_TIMEOUT_MS).emitWithAck(CHECK_SETTLE_EVENT).catch(() => undefined),
      ),
    );
  };

  for (const namespace of namespaces) {
    namespace.on('connection', (socket) => {
      const auth = (socket.handshake.auth ?? {}) as Partial<ExerciseAuth>;
      socket.data.name = auth.name;
      socket.data.room = auth.room;
      // Joined before the client hears it is connected: the checks start from a cast already in its rooms.
      socket.join([auth.room, ...(auth.extraRooms ?? [])].filter((room): room is string => typeof room === 'string'));
    });
  }

  const threw = (error: unknown) => {
    const what = `${exercise.handler} threw ${error instanceof Error ? `${error.name}: ${error.message}` : errorSentence(error)}`;
    // A rejection made inside socket.io (a timeout) has no line of the student's: their handler's line stands in.
    return source ? at(source, lineInError(error, source) ?? handlerLine(source, exercise.handler), what) : what;
  };

  /** Runs the handler as the real server would, timing how long it holds the event loop before its first await. */
  const run = async (socket: Socket, payload: Partial<ExercisePayload> | undefined): Promise<ExerciseReply> => {
    const text = typeof payload?.text === 'string' ? payload.text : '';
    const room: string | undefined = socket.data.room;
    const message: ChatMessage = { id: randomUUID(), room: room ?? '', name: socket.data.name ?? '', text, timestamp: Date.now(), system: false };
    const values: Record<ExerciseArgument, unknown> = { io, socket, room, message, text, targetId: payload?.to, newRoom: payload?.room };
    const started = performance.now();
    let reply: ExerciseReply = { ok: true };
    try {
      const returned = handler(...exercise.args.map((name) => values[name]));
      const blocked = performance.now() - started;
      await returned;
      if (blocked > BLOCKING_LIMIT_MS) {
        reply = {
          ok: false,
          error: `${exercise.handler} kept the event loop busy for ${Math.round(blocked)} ms in one go: the latency probe saw every other client wait that long (at most ${BLOCKING_LIMIT_MS} ms)`,
        };
      }
    } catch (error) {
      reply = { ok: false, error: threw(error) };
    }
    // Settled even after a failure: the check still shows who received what the handler sent before it failed.
    await settle();
    return reply;
  };

  // Whichever comes first, the server seeing the sender go or the checker asking, meets the other here.
  const disconnectHandled = new Map<string, { reply: Promise<ExerciseReply>; resolve(reply: Promise<ExerciseReply>): void }>();
  const handledFor = (socketId: string) => {
    let entry = disconnectHandled.get(socketId);
    if (!entry) {
      let resolve!: (reply: Promise<ExerciseReply>) => void;
      const reply = new Promise<ExerciseReply>((done) => (resolve = done));
      entry = { reply, resolve };
      disconnectHandled.set(socketId, entry);
    }
    return entry;
  };
  io.on('connection', (socket) => {
    if (exercise.on === 'disconnecting') {
      // Registered here so that the socket's rooms are still readable when the handler runs, as in the lesson.
      socket.on('disconnecting', () => handledFor(socket.id).resolve(run(socket, undefined)));
      return;
    }
    socket.on(exercise.on, async (payload: Partial<ExercisePayload>, ack: (reply: ExerciseReply) => void) => {
      const reply = await run(socket, payload);
      if (typeof ack === 'function') ack(reply);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    whenDisconnectHandled: (socketId) => handledFor(socketId).reply,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
