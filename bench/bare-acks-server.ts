// The classroom benchmark's baseline: the naive way to learn who got an io.emit, io.timeout(2000).emit with an ack
// from every socket, answered once all have acked. Run by the bench: node --import tsx bench/bare-acks-server.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../core/events.ts';
import type { ClientAuth, LabPayload } from '../core/lab-contract.ts';

const port = Number(process.env.PORT ?? 3001);
const host = process.env.HOST ?? '127.0.0.1';
const ACK_TIMEOUT_MS = 2000;
// The contract's `hello` ack is optional, which socket.io's timeout typing cannot decorate: this view makes it required.
type AckedHello = { hello: (payload: LabPayload, ack: (answer: unknown) => void) => void };

const http = createServer();
const io = new Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>(http);
let emitCount = 0;

io.on('connection', (socket) => {
  socket.data.name = String((socket.handshake.auth as ClientAuth).name ?? 'guest');

  socket.on('lab:perform', (request, ack) => {
    const emit = ++emitCount;
    const senderName = socket.data.name ?? '';
    const startedAt = Date.now();
    const code = 'io.timeout(2000).emit("hello", payload, (err, answers) => …)';
    (io as unknown as Server<{}, AckedHello>).timeout(ACK_TIMEOUT_MS).emit('hello', { emit, from: senderName }, (error: Error | null, answers: unknown[]) => {
      const result = { emit, request, senderId: socket.id, senderName, code, startedAt, outcomes: [], ackAnswers: answers.length };
      ack?.({ ok: true, result: error ? { ...result, ackError: error.message } : result });
    });
  });
});

http.listen(port, host, () => {
  console.log(`bare socket.io with acks: http://${host}:${(http.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => io.close(() => process.exit(0)));
