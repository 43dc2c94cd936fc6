// The server an exercise is checked on: a real socket.io server on a free loopback port, wired with
// the student's handler. Each client is put in its rooms as it connects (from its handshake), and
// the handler runs when the sender emits the exercise's event.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { ChatMessage, ChatServerToClientEvents } from '../core/chat-contract.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE } from '../core/emit-rules.ts';
import { CHECK_SETTLE_EVENT, type ExerciseArgument, type ExerciseBlock } from '../core/lessons.ts';

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

/** What the sender emits: the message text, and for a private message the target's socket id. */
export interface ExercisePayload {
  text: string;
  to?: string;
}

export type ExerciseReply = { ok: true } | { ok: false; error: string };

const SETTLE_TIMEOUT_MS = 2000;

export interface RunningExercise {
  url: string;
  io: Server;
  close(): Promise<void>;
}

export async function startExerciseServer(exercise: ExerciseBlock, handler: ExerciseHandler): Promise<RunningExercise> {
  const http = createServer();
  const io = new Server(http);
  const namespaces = [io.of(MAIN_NAMESPACE), io.of(OTHER_NAMESPACE)];

  const settle = () =>
    Promise.all(
      namespaces.flatMap((namespace) => [...namespace.sockets.values()]).map((socket) =>
        socket.timeout(SETTLE_TIMEOUT_MS).emitWithAck(CHECK_SETTLE_EVENT).catch(() => undefined),
      ),
    );

  for (const namespace of namespaces) {
    namespace.on('connection', (socket) => {
      const auth = (socket.handshake.auth ?? {}) as Partial<ExerciseAuth>;
      socket.data.name = auth.name;
      socket.data.room = auth.room;
      // Joined before the client hears it is connected: the checks start from a cast already in its rooms.
      socket.join([auth.room, ...(auth.extraRooms ?? [])].filter((room): room is string => typeof room === 'string'));
    });
  }

  io.on('connection', (socket) => {
    socket.on(exercise.on, async (payload: Partial<ExercisePayload>, ack: (reply: ExerciseReply) => void) => {
      const text = String(payload?.text ?? '');
      const room: string | undefined = socket.data.room;
      const message: ChatMessage = { id: randomUUID(), room: room ?? '', name: socket.data.name ?? '', text, timestamp: Date.now(), system: false };
      const values: Record<ExerciseArgument, unknown> = { io, socket, room, message, text, targetId: payload?.to };
      try {
        await handler(...exercise.args.map((name) => values[name]));
      } catch (error) {
        return ack({ ok: false, error: `${exercise.handler} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` });
      }
      await settle();
      ack({ ok: true });
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
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
