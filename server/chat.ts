import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import type { ChatMessage } from '../core/chat-contract.ts';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../core/events.ts';
import { isRecord, validateJoinRoom, validateSendMessage, validateTyping } from '../core/validation.ts';
import { Classroom } from './classroom.ts';
import { contained, type ClientEvents } from './client-events.ts';
import { RoomPresence } from './presence.ts';

// Typed with the whole contract of /, since the lab shares the chat's sockets.
export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;

/** Called with every message the server stamps, e.g. to keep a room's recent history. */
export type MessageListener = (message: ChatMessage) => void;

const NOT_IN_A_ROOM = 'Join a room first: this socket is not in any chat room yet.';
export const SOMEONE_ELSES_ROOM = 'That room name is the private room of another socket: pick another name.';

/** Names of the sockets in a room, sorted; asks the adapter, so it also counts sockets on other servers. */
export async function onlineUsers(io: ChatServer, room: string): Promise<string[]> {
  const sockets = await io.in(room).fetchSockets();
  return sockets
    .map((socket) => socket.data.name)
    .filter((name): name is string => typeof name === 'string')
    .sort((a, b) => a.localeCompare(b));
}

/** The chat's join move, for whoever else puts a socket in a room as join-room does (the instructor's class controls). */
export interface ChatRooms {
  /** Moves `socket` into `room` under `name`: the old room hears it leave, the new one hears it join, and both rooms' online users follow. */
  moveToRoom(socket: ChatSocket, room: string, name: string): Promise<string[]>;
}

/** The chat as the server holds it: its rooms, and the stop a closing server calls before its adapter goes. */
export interface Chat extends ChatRooms {
  /** Tells the rooms what changed now, then emits nothing more. */
  stop(): void;
}

/** Wires the lesson's chat: join-room, send-message, typing, and the cleanup on disconnect. */
export function registerChat(io: ChatServer, events: ClientEvents<ChatSocket>, onMessage: MessageListener = () => {}, classroom = new Classroom()): Chat {
  const stamp = (room: string, name: string, text: string, system: boolean): ChatMessage => {
    const message = { id: randomUUID(), room, name, text, timestamp: Date.now(), system };
    onMessage(message);
    return message;
  };

  // The room hears who joined or left at once; its members get what changed in the online users, the newcomer the whole list.
  const presence = new RoomPresence(io, (room, name, text) => stamp(room, name, text, true), (room) => onlineUsers(io, room));

  const stopTyping = (socket: ChatSocket, room: string) => {
    if (!socket.data.isTyping) return;
    socket.data.isTyping = false;
    socket.to(room).emit('typing', { name: socket.data.name ?? '', isTyping: false });
  };

  const moveToRoom: ChatRooms['moveToRoom'] = async (socket, room, name) => {
    const previousRoom = socket.data.room;
    const previousName = socket.data.name;
    if (previousRoom === room && previousName === name) {
      // Already there (a recovered connection re-joining, say): who is online is news to this socket alone.
      return presence.welcome(socket, room);
    }
    // Move the socket before any await: the next event it sent may already be waiting, and must find it in the new room.
    if (previousRoom !== undefined) {
      stopTyping(socket, previousRoom);
      socket.leave(previousRoom);
      presence.left(previousRoom, previousName ?? name);
    }
    socket.data.name = name;
    socket.data.room = room;
    socket.join(room);
    return presence.joined(socket, room, name);
  };

  events.on('join-room', async (socket, payload) => {
    // Checked before the room's spelling: a socket id has capitals, and the lesson's point is whose room it is.
    if (isRecord(payload) && typeof payload.room === 'string' && payload.room !== socket.id && io.of('/').sockets.has(payload.room)) {
      return { ok: false, error: SOMEONE_ELSES_ROOM };
    }
    const request = validateJoinRoom(payload);
    if (!request.ok) return request;
    const { room } = request.value;
    const name = classroom.nameFor(io, socket, request.value.name);
    // Classroom mode tells the page the name the socket really got ("Zed 2").
    const named = classroom.on ? { name } : {};
    const users = await moveToRoom(socket, room, name);
    return { ok: true, room, users, ...named };
  });

  events.on('send-message', (socket, payload) => {
    const request = validateSendMessage(payload);
    if (!request.ok) return request;
    const { room, name } = socket.data;
    if (room === undefined || name === undefined) return { ok: false, error: NOT_IN_A_ROOM };
    const message = stamp(room, name, request.value.text, false);
    io.to(room).emit('receive-message', message);
    return { ok: true, message };
  });

  events.on('typing', (socket, payload) => {
    const request = validateTyping(payload);
    if (!request.ok) return request;
    const { room, name } = socket.data;
    if (room === undefined || name === undefined) return { ok: false, error: NOT_IN_A_ROOM };
    socket.data.isTyping = request.value.isTyping;
    socket.to(room).emit('typing', { name, isTyping: request.value.isTyping });
    return { ok: true };
  });

  io.on('connection', (socket: ChatSocket) => {
    const { room, name } = socket.data;
    if (socket.recovered && room !== undefined && name !== undefined) contained(`the welcome back of ${socket.id}`, () => presence.back(socket, room, name));
    socket.on('disconnect', () =>
      contained(`the chat's cleanup of ${socket.id}`, () => {
        const { room, name } = socket.data;
        if (room === undefined || name === undefined) return;
        stopTyping(socket, room);
        presence.left(room, name);
      }),
    );
  });
  return { moveToRoom, stop: () => presence.stop() };
}
