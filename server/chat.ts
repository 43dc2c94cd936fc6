import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import type { ChatEventName, ChatMessage, Reply } from '../core/chat-contract.ts';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../core/events.ts';
import { validateJoinRoom, validateSendMessage, validateTyping } from '../core/validation.ts';

// Typed with the whole contract of /, since the lab shares the chat's sockets.
export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;

/** Called with every message the server stamps, e.g. to keep a room's recent history. */
export type MessageListener = (message: ChatMessage) => void;

const NOT_IN_A_ROOM = 'Join a room first: this socket is not in any chat room yet.';

/** socket.io hands over the client's acknowledgement as the last argument: `emit('typing', ack)` has no payload at all. */
export function splitRequest(args: unknown[]): { payload: unknown; ack: unknown } {
  const last = args.at(-1);
  if (typeof last !== 'function') return { payload: args[0], ack: undefined };
  return { payload: args.length > 1 ? args[0] : undefined, ack: last };
}

/** Names of the sockets in a room, sorted; asks the adapter, so it also counts sockets on other servers. */
export async function onlineUsers(io: ChatServer, room: string): Promise<string[]> {
  const sockets = await io.in(room).fetchSockets();
  return sockets
    .map((socket) => socket.data.name)
    .filter((name): name is string => typeof name === 'string')
    .sort((a, b) => a.localeCompare(b));
}

/** Wires the lesson's chat: join-room, send-message, typing, and the cleanup on disconnect. */
export function registerChat(io: ChatServer, onMessage: MessageListener = () => {}): void {
  const stamp = (room: string, name: string, text: string, system: boolean): ChatMessage => {
    const message = { id: randomUUID(), room, name, text, timestamp: Date.now(), system };
    onMessage(message);
    return message;
  };

  const announceUsers = async (room: string) => {
    io.to(room).emit('online-users', { room, users: await onlineUsers(io, room) });
  };

  io.on('connection', (socket: ChatSocket) => {
    // Replies through the ack when the client gave one, else as a chat-error to this socket alone.
    const answer = <T extends object>(event: ChatEventName, ack: unknown, reply: Reply<T>) => {
      if (typeof ack === 'function') ack(reply);
      else if (!reply.ok) socket.emit('chat-error', { event, error: reply.error });
    };

    const stopTyping = (room: string) => {
      if (!socket.data.isTyping) return;
      socket.data.isTyping = false;
      socket.to(room).emit('typing', { name: socket.data.name ?? '', isTyping: false });
    };

    socket.on('join-room', async (...args: unknown[]) => {
      const { payload, ack } = splitRequest(args);
      const request = validateJoinRoom(payload);
      if (!request.ok) return answer('join-room', ack, request);
      const { room, name } = request.value;
      if (room !== socket.id && io.of('/').sockets.has(room)) {
        return answer('join-room', ack, { ok: false, error: 'That room name is the private room of another socket: pick another name.' });
      }
      const previousRoom = socket.data.room;
      const previousName = socket.data.name;
      if (previousRoom === room && previousName === name) {
        return answer('join-room', ack, { ok: true, room, users: await onlineUsers(io, room) });
      }
      // Move the socket before any await: the next event it sent may already be waiting, and must find it in the new room.
      if (previousRoom !== undefined) {
        stopTyping(previousRoom);
        socket.leave(previousRoom);
        io.to(previousRoom).emit('receive-message', stamp(previousRoom, previousName ?? name, `${previousName ?? name} left`, true));
      }
      socket.data.name = name;
      socket.data.room = room;
      socket.join(room);
      io.to(room).emit('receive-message', stamp(room, name, `${name} joined`, true));
      if (previousRoom !== undefined && previousRoom !== room) await announceUsers(previousRoom);
      const users = await onlineUsers(io, room);
      io.to(room).emit('online-users', { room, users });
      answer('join-room', ack, { ok: true, room, users });
    });

    socket.on('send-message', (...args: unknown[]) => {
      const { payload, ack } = splitRequest(args);
      const request = validateSendMessage(payload);
      if (!request.ok) return answer('send-message', ack, request);
      const { room, name } = socket.data;
      if (room === undefined || name === undefined) return answer('send-message', ack, { ok: false, error: NOT_IN_A_ROOM });
      const message = stamp(room, name, request.value.text, false);
      io.to(room).emit('receive-message', message);
      answer('send-message', ack, { ok: true, message });
    });

    socket.on('typing', (...args: unknown[]) => {
      const { payload, ack } = splitRequest(args);
      const request = validateTyping(payload);
      if (!request.ok) return answer('typing', ack, request);
      const { room, name } = socket.data;
      if (room === undefined || name === undefined) return answer('typing', ack, { ok: false, error: NOT_IN_A_ROOM });
      socket.data.isTyping = request.value.isTyping;
      socket.to(room).emit('typing', { name, isTyping: request.value.isTyping });
      answer('typing', ack, { ok: true });
    });

    socket.on('disconnect', async () => {
      const { room, name } = socket.data;
      if (room === undefined || name === undefined) return;
      stopTyping(room);
      io.to(room).emit('receive-message', stamp(room, name, `${name} left`, true));
      await announceUsers(room);
    });
  });
}
