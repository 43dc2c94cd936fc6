// The baseline: a bare socket.io server with the playground's event names done the naive way, without validation or
// limits. Run by the flood benchmark: node --import tsx bench/bare-server.ts (PORT and HOST as for server/main.ts).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { systemText } from '../core/chat-contract.ts';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../core/events.ts';
import type { ClientAuth } from '../core/lab-contract.ts';

const port = Number(process.env.PORT ?? 3001);
const host = process.env.HOST ?? '127.0.0.1';

const http = createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>(http);
let emitCount = 0;

// `ack?.` only because a crashed baseline measures nothing: the client may send any of these without an ack.
io.on('connection', (socket) => {
  socket.data.name = String((socket.handshake.auth as ClientAuth).name ?? 'guest');

  socket.on('join-room', ({ room, name }, ack) => {
    socket.join(room);
    socket.data.room = room;
    socket.data.name = name;
    // The lesson's chat handler: the room hears "Bob joined", the joiner included.
    io.to(room).emit('receive-message', { id: randomUUID(), room, name, text: systemText.joined(name), timestamp: Date.now(), system: true });
    ack?.({ ok: true, room, users: [] });
  });

  socket.on('send-message', ({ text }, ack) => {
    const room = socket.data.room ?? socket.id;
    const message = { id: randomUUID(), room, name: socket.data.name ?? '', text, timestamp: Date.now(), system: false };
    io.to(room).emit('receive-message', message);
    ack?.({ ok: true, message });
  });

  socket.on('typing', ({ isTyping }, ack) => {
    socket.to(socket.data.room ?? socket.id).emit('typing', { name: socket.data.name ?? '', isTyping });
    ack?.({ ok: true });
  });

  socket.on('lab:perform', (request, ack) => {
    const emit = ++emitCount;
    const senderName = socket.data.name ?? '';
    const startedAt = Date.now();
    io.emit('hello', { emit, from: senderName });
    const code = 'io.emit("hello", payload)';
    ack?.({ ok: true, result: { emit, request, senderId: socket.id, senderName, code, startedAt, outcomes: [] } });
  });

  socket.on('lab:join', ({ room }, ack) => {
    socket.join(room);
    ack?.({ ok: true, rooms: [...socket.rooms] });
  });

  socket.on('lab:leave', ({ room }, ack) => {
    socket.leave(room);
    ack?.({ ok: true, rooms: [...socket.rooms] });
  });
});

http.listen(port, host, () => {
  console.log(`bare socket.io: http://${host}:${(http.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => io.close(() => process.exit(0)));
