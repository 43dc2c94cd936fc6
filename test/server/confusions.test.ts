// What students get wrong about emits, shown with real sockets: volatile bursts, broadcasts from outside a
// connection handler, a broadcast's ack without a timeout, rooms named like socket ids, and two tabs of one user.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, expect, test } from 'vitest';
import type { EmitRequest } from '../../core/emit-rules.ts';
import type { EmitResult } from '../../core/lab-contract.ts';
import { SOMEONE_ELSES_ROOM } from '../../server/chat.ts';
import { broadcastFromRoute, labClient, type LabClient } from '../support/lab-client.ts';
import { record, startTestServer, waitFor, type TestServer } from '../support/sockets.ts';

let server: TestServer;
afterEach(() => server?.stop());

async function perform(sender: LabClient, request: EmitRequest): Promise<EmitResult> {
  const reply = await sender.perform(request);
  if (!reply.ok) throw new Error(`the lab refused ${request.variant}: ${reply.error}`);
  return reply.result;
}

const outcomeOf = (result: EmitResult, client: LabClient) => result.outcomes.find((outcome) => outcome.socketId === client.id)!;

test('ten socket.volatile.emit in a row: fewer than ten arrive, and the card counts how many', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  for (let round = 0; round < 3; round++) {
    const result = await perform(alice, { variant: 'socket.volatile.emit × n', burst: 10 });
    const got = alice.hellos.filter((hello) => hello.emit === result.emit);
    expect(got.length).toBeLessThan(10);
    expect(result.copiesSent).toBe(10);
    expect(outcomeOf(result, alice).copies).toBe(got.length);
    // The transport takes the first write; the next nine find it still writing (engine.io's websocket `writable`).
    expect(got.map((hello) => hello.seq)).toEqual([1]);
  }
});

test('socket.emit then socket.volatile.emit: the normal one arrives, the volatile one right after it is dropped', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice' });
  const result = await perform(alice, { variant: 'socket.emit + socket.volatile.emit' });
  expect(alice.hellos.filter((hello) => hello.emit === result.emit).map((hello) => hello.seq)).toEqual([1]);
  expect(outcomeOf(result, alice).copies).toBe(1);
});

// broadcast-operator.js emit() arms setTimeout(…, this.flags.timeout): without .timeout() that is undefined, which Node runs after 1 ms.
test('io.emit with a callback but no timeout: the callback runs after about a millisecond with an error, not when the answers come', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  // Bob never answers, so the callback cannot be the one that completes with every answer: only the timer can run it.
  const bob = await labClient(server, { name: 'Bob', room: 'general', answersAcks: false });
  const untimed = await perform(alice, { variant: 'io.emit(…, ack) without timeout' });
  expect([alice.received(untimed.emit), bob.received(untimed.emit)]).toEqual([true, true]);
  expect(untimed.ackError).toBe('operation has timed out');
  expect(untimed.ackAfterMs).toBeLessThan(50);
  expect(untimed.ackAnswers).toBeLessThanOrEqual(1);
  expect(outcomeOf(untimed, bob).ack).toBe('timed out');

  const timed = await perform(alice, { variant: 'io.timeout(ms).emit', timeoutMs: 500 });
  expect(timed.ackError).toBe('operation has timed out');
  expect(timed.ackAfterMs).toBeGreaterThanOrEqual(499);
  expect(timed.ackAnswers).toBe(1);
  expect([outcomeOf(timed, alice).ack, outcomeOf(timed, bob).ack]).toEqual(['answered', 'timed out']);
});

test('io.to(general) from a timer, after the handler returned, reaches the sender too when it is in general', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const carol = await labClient(server, { name: 'Carol', room: 'random' });
  const result = await perform(alice, { variant: 'setTimeout(() => io.to(room).emit)', room: 'general' });
  expect([alice.received(result.emit), carol.received(result.emit)]).toEqual([true, false]);
  expect(result.code).toMatch(/^setTimeout\(\(\) => io\.to\('general'\)\.emit\('hello', \{ emit: \d+, from: 'Alice' \}\), 0\);$/);
});

test('POST /api/lab/broadcast has no socket: io.to(general) reaches everyone in general, and the route answers errors in JSON', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const bob = await labClient(server, { name: 'Bob', room: 'general' });
  const carol = await labClient(server, { name: 'Carol', room: 'random' });

  const { status, body } = await broadcastFromRoute(server.url, 'general');
  expect(status).toBe(200);
  if (!body.ok) throw new Error(body.error);
  expect([alice, bob, carol].map((client) => client.received(body.result.emit))).toEqual([true, true, false]);
  expect(body.result.senderName).toBe('POST /api/lab/broadcast');
  expect(body.result.code).toContain("io.to('general').emit('hello'");

  expect(await broadcastFromRoute(server.url, 'Not A Room!')).toEqual({
    status: 400,
    body: { ok: false, error: 'A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".' },
  });
  const both = await Promise.all([broadcastFromRoute(server.url, 'general'), broadcastFromRoute(server.url, 'general')]);
  expect(both.map((answer) => answer.status).sort()).toEqual([200, 429]);
  expect(await alice.perform({ variant: 'POST /api/lab/broadcast → io.to(room).emit', room: 'general' })).toMatchObject({ ok: false });
});

test("the lab refuses to join a room named like another socket's id, and a socket's own id", async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const bob = await labClient(server, { name: 'Bob', room: 'general' });
  expect(await alice.socket.emitWithAck('lab:join', { room: bob.id })).toEqual({ ok: false, error: SOMEONE_ELSES_ROOM });
  expect(await alice.socket.emitWithAck('lab:join', { room: alice.id })).toMatchObject({ ok: false });
  const result = await perform(alice, { variant: 'io.to(socketId).emit', targetSocketId: bob.id });
  expect([alice.received(result.emit), bob.received(result.emit)]).toEqual([false, true]);
});

test("plain socket.io lets a socket join another socket's id room, and it then gets that socket's private messages", async () => {
  const http = createServer();
  const io = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Socket[] = [connect(url, { forceNew: true }), connect(url, { forceNew: true })];
  try {
    await Promise.all(clients.map((client) => waitFor(client, 'connect')));
    const [alice, mallory] = clients as [Socket, Socket];
    const aliceGot = record<string>(alice, 'private');
    const malloryGot = record<string>(mallory, 'private');
    io.of('/').sockets.get(mallory.id!)!.join(alice.id!);
    io.to(alice.id!).emit('private', 'for Alice only');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({ aliceGot, malloryGot }).toEqual({ aliceGot: ['for Alice only'], malloryGot: ['for Alice only'] });
  } finally {
    for (const client of clients) client.disconnect();
    await new Promise<void>((resolve) => io.close(() => resolve()));
  }
});

test('socket.to(general) from one of Alice’s tabs reaches her other tab: it leaves out a socket, not a user', async () => {
  server = await startTestServer();
  const laptop = await labClient(server, { name: 'Alice', room: 'general' });
  const phone = await labClient(server, { name: 'Alice', room: 'general' });
  const bob = await labClient(server, { name: 'Bob', room: 'general' });
  const result = await perform(laptop, { variant: 'socket.to(room).emit', room: 'general' });
  expect([laptop, phone, bob].map((client) => client.received(result.emit))).toEqual([false, true, true]);
});
