// The one way in for client events, on a real socket.io server with real clients: whatever a handler
// does wrong, the sender gets a sentence and the server keeps serving.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, expect, test, vi } from 'vitest';
import { FLOOD_REFUSALS_MAX } from '../../core/limits.ts';
import { ClientEvents, type RateLimits } from '../../server/client-events.ts';
import { waitFor } from '../support/sockets.ts';

let io: Server | undefined;
const clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
  io = undefined;
  vi.restoreAllMocks();
});

const limits: RateLimits = { echo: { burst: 3, perSecond: 0.001 }, unknown: { burst: 2, perSecond: 0.001 } };

/** A server whose / namespace takes `echo` (answers its payload), `throws` and `rejects`. */
async function serverWithHandlers(): Promise<string> {
  const http = createServer();
  io = new Server(http);
  new ClientEvents(io.of('/'), limits)
    .on('echo', (_socket, payload) => ({ ok: true, payload }))
    .on('throws', () => {
      throw new TypeError('Cannot convert object to primitive value');
    })
    .on('rejects', async () => {
      throw new RangeError('Maximum call stack size exceeded');
    });
  new ClientEvents(io.of('/watch'), limits);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

async function client(url: string): Promise<Socket> {
  const socket = connect(url, { forceNew: true, reconnection: false });
  clients.push(socket);
  await waitFor(socket, 'connect');
  return socket;
}

test('a handler that throws answers the sender with a sentence, logs once with the event name, and the server keeps serving', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const alice = await client(await serverWithHandlers());
  expect(await alice.emitWithAck('throws', {})).toEqual({ ok: false, error: 'The server could not handle this "throws" request. It has been logged; try again.' });
  expect(logged).toHaveBeenCalledTimes(1);
  expect(String(logged.mock.calls[0]?.[0])).toMatch(/"throws" on \/ from .* failed: TypeError: Cannot convert object/);
  expect(await alice.emitWithAck('echo', 'still here')).toEqual({ ok: true, payload: 'still here' });
});

test('a handler whose promise rejects answers the sender without an ack through chat-error', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const alice = await client(await serverWithHandlers());
  const error = waitFor(alice, 'chat-error');
  alice.emit('rejects', { deep: [] });
  expect(await error).toEqual({ event: 'rejects', error: 'The server could not handle this "rejects" request. It has been logged; try again.' });
  expect(alice.connected).toBe(true);
});

test('an event the namespace does not take is answered with the events it does take', async () => {
  const url = await serverWithHandlers();
  const alice = await client(url);
  expect(await alice.emitWithAck('send-mesage', { text: 'typo' })).toEqual({
    ok: false,
    error: 'The / namespace has no "send-mesage" event. It takes: echo, throws, rejects.',
  });
  const watcher = await client(`${url}/watch`);
  expect(await watcher.emitWithAck('anything')).toEqual({ ok: false, error: 'The /watch namespace only listens: it takes no "anything" event, nor any other.' });
});

test('a socket that sends an event faster than its limit is told to slow down; another socket is not', async () => {
  const url = await serverWithHandlers();
  const [alice, bob] = [await client(url), await client(url)];
  const replies = [];
  for (let n = 0; n < 5; n++) replies.push(await alice.emitWithAck('echo', n));
  expect(replies.map((reply) => reply.ok)).toEqual([true, true, true, false, false]);
  expect(replies[3].error).toMatch(/^Slow down: "echo" was sent faster than/);
  expect(await bob.emitWithAck('echo', 'fine')).toEqual({ ok: true, payload: 'fine' });
});

test('a refused event is answered once even without an ack, and its name is not echoed back whole', async () => {
  const alice = await client(await serverWithHandlers());
  const errors: { event: string }[] = [];
  alice.on('chat-error', (error) => errors.push(error));
  const longName = 'x'.repeat(5000);
  alice.emit(longName);
  await alice.emitWithAck('echo', 'after');
  expect(errors).toHaveLength(1);
  expect(errors[0]!.event).toBe('x'.repeat(40));
});

test('a socket that floods is told to slow down once, then disconnected; the others keep being served', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const url = await serverWithHandlers();
  const [mallory, bob] = [await client(url), await client(url)];
  const errors: { event: string; error: string }[] = [];
  mallory.on('chat-error', (error) => errors.push(error));
  const gone = waitFor<string>(mallory, 'disconnect');
  for (let n = 0; n < 3 + FLOOD_REFUSALS_MAX + 50; n++) mallory.emit('echo', n);
  expect(await gone).toBe('io server disconnect');
  expect(errors.map((error) => error.error.split(':')[0])).toEqual(['Slow down', 'Disconnected']);
  expect(await bob.emitWithAck('echo', 'fine')).toEqual({ ok: true, payload: 'fine' });
});
