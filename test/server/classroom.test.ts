// What one student's device can and cannot do to the class, on a real server with real clients.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, expect, test } from 'vitest';
import { EVENT_RATE_LIMITS, ROOMS_PER_SOCKET_MAX } from '../../core/limits.ts';
import type { EmitResult } from '../../core/lab-contract.ts';
import { labClient } from '../support/lab-client.ts';
import { startTestServer, waitFor, type TestServer } from '../support/sockets.ts';

let server: TestServer;
afterEach(() => server?.stop());

/** A page that runs the lab's code but stopped answering its settle markers (an asleep phone): it holds them instead. */
async function asleepPage(name: string) {
  const socket: Socket = connect(server.url, { forceNew: true, reconnection: false, auth: { name, lab: true } });
  const held: { emit: number; answer: (report: unknown) => void }[] = [];
  socket.on('lab:settle', (marker: { emit: number }, answer: (report: unknown) => void) => held.push({ emit: marker.emit, answer }));
  await waitFor(socket, 'connect');
  return { socket, held };
}

const outcomeOf = (result: EmitResult, name: string) => result.outcomes.find((outcome) => outcome.name === name);

test('a page that stops answering is reported as asleep or gone, and the next emits do not wait for it', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const phone = await asleepPage('Phone');

  const first = await alice.perform({ variant: 'io.emit' });
  if (!first.ok) throw new Error(first.error);
  expect(outcomeOf(first.result, 'Phone')).toMatchObject({ received: null, unreported: 'did not answer in time' });
  expect(outcomeOf(first.result, 'Alice')).toMatchObject({ received: true });

  // The phone still holds the second emit's marker, unanswered, when the result arrives: nobody waited for it.
  const second = await alice.perform({ variant: 'io.emit' });
  if (!second.ok) throw new Error(second.error);
  expect(outcomeOf(second.result, 'Phone')).toMatchObject({ received: null, unreported: 'did not answer in time' });
  expect(phone.held.map((marker) => marker.emit)).toEqual([first.result.emit, second.result.emit]);

  // It wakes up: its answer to a marker counts again from the next emit on.
  phone.held.at(-1)!.answer({ received: true, receivedAt: Date.now() });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const third = alice.perform({ variant: 'io.emit' });
  await expect.poll(() => phone.held.length).toBe(3);
  phone.held.at(-1)!.answer({ received: true, receivedAt: Date.now() });
  const woken = await third;
  if (!woken.ok) throw new Error(woken.error);
  expect(outcomeOf(woken.result, 'Phone')).toMatchObject({ received: true });
  expect(outcomeOf(woken.result, 'Phone')?.unreported).toBeUndefined();
  phone.socket.disconnect();
});

test('a page that answers a settle marker with nonsense is not believed, and nobody else is shown it', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const liar: Socket = connect(server.url, { forceNew: true, reconnection: false, auth: { name: 'Liar', lab: true } });
  liar.on('lab:settle', (_marker: unknown, answer: (report: unknown) => void) => answer({ received: 'x'.repeat(10_000), receivedAt: 'soon' }));
  await waitFor(liar, 'connect');
  const reply = await alice.perform({ variant: 'io.emit' });
  if (!reply.ok) throw new Error(reply.error);
  expect(outcomeOf(reply.result, 'Liar')).toMatchObject({ received: null, unreported: 'did not answer in time' });
  liar.disconnect();
});

test('one sender waits for its emit to settle before it may ask for another', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const phone = await asleepPage('Phone');
  // The phone makes the first emit settle slowly: Alice asks again meanwhile.
  const first = alice.perform({ variant: 'io.emit' });
  await expect.poll(() => phone.held.length).toBe(1);
  expect(await alice.perform({ variant: 'io.emit' })).toEqual({
    ok: false,
    error: 'Your previous emit is still settling: wait for its result, then try again.',
  });
  phone.held[0]!.answer({ received: true });
  expect((await first).ok).toBe(true);
  phone.socket.disconnect();
});

test(`a socket may be in at most ${ROOMS_PER_SOCKET_MAX} rooms`, async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  for (let n = 1; n < ROOMS_PER_SOCKET_MAX; n++) expect(await alice.socket.emitWithAck('lab:join', { room: `team-${n}` })).toMatchObject({ ok: true });
  expect(await alice.socket.emitWithAck('lab:join', { room: 'one-too-many' })).toEqual({
    ok: false,
    error: `This socket is already in ${ROOMS_PER_SOCKET_MAX} rooms, the most the lab allows: leave one first.`,
  });
  expect(await alice.socket.emitWithAck('lab:leave', { room: 'team-1' })).toMatchObject({ ok: true });
  expect(await alice.socket.emitWithAck('lab:join', { room: 'one-too-many' })).toMatchObject({ ok: true });
});

test('one address may hold only so many connections; closing one makes room', async () => {
  server = await startTestServer({ connectionsPerAddress: 3 });
  const open = await Promise.all([server.client(), server.client(), server.client()]);
  const refused: Socket = connect(server.url, { forceNew: true, reconnection: false });
  const error = await waitFor<Error>(refused, 'connect_error');
  expect(error.message).toMatch(/xhr poll error|Too many connections/);
  open[0]!.disconnect();
  await expect.poll(async () => {
    const retry: Socket = connect(server.url, { forceNew: true, reconnection: false });
    const connected = await waitFor(retry, 'connect', 1000).then(() => true, () => false);
    retry.disconnect();
    return connected;
  }).toBe(true);
  refused.close();
});

test('a packet bigger than the largest legal event closes only its own connection', async () => {
  server = await startTestServer();
  const [mallory, bob] = [await server.client(), await server.client()];
  await bob.emitWithAck('join-room', { room: 'general', name: 'Bob' });
  const closed = waitFor<string>(mallory, 'disconnect');
  mallory.emit('send-message', { text: 'x'.repeat(100_000) }, () => {});
  expect(await closed).toMatch(/transport (close|error)/);
  expect(await bob.emitWithAck('send-message', { text: 'still here' })).toMatchObject({ ok: true });
});

test('a Wi-Fi blip keeps the socket: same id, same room, and the room still reaches it', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const bob: Socket = connect(server.url, { forceNew: true, reconnection: true, reconnectionDelay: 50 });
  await waitFor(bob, 'connect');
  await bob.emitWithAck('join-room', { room: 'general', name: 'Bob' });
  const id = bob.id;
  // The transport drops without Bob asking to leave: what a network blip looks like to socket.io.
  bob.io.engine.close();
  await waitFor(bob, 'connect');
  expect(bob.recovered).toBe(true);
  expect(bob.id).toBe(id);
  const hello = waitFor(bob, 'hello');
  const reply = await alice.perform({ variant: 'io.to(room).emit', room: 'general' });
  expect(reply.ok && reply.result.outcomes.find((outcome) => outcome.socketId === id)?.predicted).toBe(true);
  await hello;
  bob.disconnect();
});

test('every HTTP answer carries security headers; unknown API paths and big bodies get JSON errors', async () => {
  server = await startTestServer();
  const stats = await fetch(`${server.url}/api/stats`);
  expect(stats.headers.get('x-content-type-options')).toBe('nosniff');
  expect(stats.headers.get('x-frame-options')).toBe('DENY');
  expect(stats.headers.get('x-powered-by')).toBeNull();
  const unknown = await fetch(`${server.url}/api/nothing-here`);
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({ error: 'There is no GET /api/nothing-here here.' });
  const big = await fetch(`${server.url}/api/stats`, { method: 'POST', body: 'x'.repeat(10_000) });
  expect(big.status).toBe(413);
  expect((await big.json()).error).toMatch(/no request bodies over \d+ bytes/);
});

test("the server's own idle-connection measure is not counted against the cap on connections per address", async () => {
  server = await startTestServer({ connectionsPerAddress: 3 });
  const response = await fetch(`${server.url}/api/stats/idle-connections?count=10`, { method: 'POST' });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ connections: 10 });
});

test('a script looping on the broadcast route is told to slow down, like a socket', async () => {
  server = await startTestServer();
  const statuses: number[] = [];
  for (let n = 0; n < EVENT_RATE_LIMITS['lab:perform'].burst + 3; n++) {
    statuses.push((await fetch(`${server.url}/api/lab/broadcast?room=Not!A!Room`, { method: 'POST' })).status);
  }
  expect(statuses.slice(0, EVENT_RATE_LIMITS['lab:perform'].burst).every((status) => status === 400)).toBe(true);
  const refused = await fetch(`${server.url}/api/lab/broadcast?room=general`, { method: 'POST' });
  expect(refused.status).toBe(429);
  expect((await refused.json()).error).toMatch(/^Slow down: "POST \/api\/lab\/broadcast" was sent faster than/);
});

test("joining a room named like another socket's id is refused for that reason, not for its spelling", async () => {
  server = await startTestServer();
  const [alice, bob] = [await server.client(), await server.client()];
  expect(await alice.emitWithAck('join-room', { room: bob.id!, name: 'Alice' })).toEqual({
    ok: false,
    error: 'That room name is the private room of another socket: pick another name.',
  });
});
