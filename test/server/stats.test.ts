import { existsSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/sockets.ts';

let server: TestServer;
afterEach(() => server?.stop());

test('the server counts the sockets it holds', async () => {
  server = await startTestServer();
  await server.client();
  await server.client();
  const stats = await (await fetch(`${server.url}/api/stats`)).json();
  expect(stats).toMatchObject({ connections: 2 });
  expect(stats.heapUsedBytes).toBeGreaterThan(0);
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
