import { existsSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { EVENT_LOOP_WINDOW_SECONDS, STATS_PATH, type LiveStats } from '../../core/stats-contract.ts';
import { startTestServer, type TestServer } from '../support/sockets.ts';

const BLOCK_MS = 200;

let server: TestServer;
afterEach(() => server?.stop());

test('the server counts the sockets it holds and the rooms in use, not each socket\'s own room', async () => {
  server = await startTestServer();
  const alice = await server.client();
  const bob = await server.client();
  await alice.emitWithAck('join-room', { room: 'general', name: 'Alice' });
  await bob.emitWithAck('join-room', { room: 'random', name: 'Bob' });
  const stats: LiveStats = await (await fetch(`${server.url}${STATS_PATH}`)).json();
  expect(stats).toMatchObject({ connections: 2, rooms: 2 });
  expect(stats.heapUsedBytes).toBeGreaterThan(0);
  expect(stats.residentBytes).toBeGreaterThan(stats.heapUsedBytes);
});

test('a handler that blocks the event loop shows in the live stats as a late event loop', async () => {
  server = await startTestServer();
  const first: LiveStats = await (await fetch(`${server.url}${STATS_PATH}`)).json();
  expect(first.eventLoopDelay.maxMs).toBeLessThan(BLOCK_MS);
  // The server runs in this process: blocking here blocks its loop, as a slow handler would.
  // Node's loop monitor records from its second tick on: let it tick before blocking.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const until = performance.now() + BLOCK_MS;
  while (performance.now() < until);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const stats: LiveStats = await (await fetch(`${server.url}${STATS_PATH}`)).json();
  expect(stats.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(BLOCK_MS - 20);
  expect(stats.eventLoopDelay.p50Ms).toBeLessThanOrEqual(stats.eventLoopDelay.p99Ms);
  expect(stats.eventLoopDelay.windowSeconds).toBeLessThanOrEqual(EVENT_LOOP_WINDOW_SECONDS);
});

test('idle connections are measured on this machine: they are really opened, held, and closed again', async () => {
  server = await startTestServer();
  const idle = server.io.of('/idle');
  let mostHeld = 0;
  idle.on('connection', () => (mostHeld = Math.max(mostHeld, idle.sockets.size)));
  const response = await fetch(`${server.url}/api/stats/idle-connections?count=50`, { method: 'POST' });
  expect(response.status).toBe(200);
  const figure = await response.json();
  expect(mostHeld).toBe(50);
  expect(figure).toMatchObject({ connections: 50 });
  expect(figure.bytesPerConnection).toBeGreaterThan(0);
  expect(figure.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(0);
  await expect.poll(() => idle.sockets.size).toBe(0);
  // The chat never saw them: the lesson's io.emit reaches only the sockets of /.
  expect(server.io.of('/').sockets.size).toBe(0);
});

test('the process counts its real threads where the system says: more than the one that runs the JavaScript', async () => {
  server = await startTestServer();
  const stats = await (await fetch(`${server.url}/api/stats`)).json();
  const figure = await (await fetch(`${server.url}/api/stats/idle-connections?count=5`, { method: 'POST' })).json();
  if (!existsSync('/proc/self/status')) {
    // No /proc (macOS, Windows): no figure rather than a made-up one.
    expect([stats.processThreads, figure.processThreads]).toEqual([undefined, undefined]);
    return;
  }
  // libuv's pool and V8's helpers (garbage collection, compilation) run beside the JavaScript thread.
  expect(Number.isInteger(stats.processThreads)).toBe(true);
  expect(stats.processThreads).toBeGreaterThan(1);
  expect(figure.processThreads).toBeGreaterThan(1);
});

test('a count out of range is refused with a sentence', async () => {
  server = await startTestServer();
  const response = await fetch(`${server.url}/api/stats/idle-connections?count=0`, { method: 'POST' });
  expect(response.status).toBe(400);
  expect((await response.json()).error).toMatch(/^count must be a whole number from 1 to \d+\.$/);
});
