// `npm start` stopped with SIGTERM while a slow HTTP client and an idle socket.io client hang on: it tells
// the client, closes everything itself (not the backstop), and exits 0 within its deadline.
import { connect as tcpConnect } from 'node:net';
import { io as connect } from 'socket.io-client';
import { expect, test } from 'vitest';
import { SERVER_CLOSING_EVENT, type ServerClosing } from '../../core/events.ts';
import { startMainProcess } from '../support/main-process.ts';
import { waitFor } from '../support/sockets.ts';

const DEADLINE_MS = 2000;

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} closes the server with a slow HTTP client and an idle socket attached, and it exits 0 in time`, async () => {
    const { process: server, output, exited } = startMainProcess([], { PORT: '0', HOST: '127.0.0.1' });
    try {
      await expect.poll(() => /http:\/\/127\.0\.0\.1:(\d+)/.exec(output())?.[1], { timeout: 30_000 }).toBeDefined();
      const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output())![1];

      const idle = connect(`http://127.0.0.1:${port}`, { reconnection: false, forceNew: true });
      await waitFor(idle, 'connect');
      const told = waitFor<ServerClosing>(idle, SERVER_CLOSING_EVENT);
      // Half a request: headers that never end.
      const slow = tcpConnect(Number(port), '127.0.0.1');
      await waitFor(slow, 'connect');
      slow.write('GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      slow.on('error', () => {});

      const signalledAt = Date.now();
      server.kill(signal);
      expect((await told).reason).toMatch(/shutting down/);
      expect(await exited).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(DEADLINE_MS + 1000);
      expect(output()).not.toMatch(/exiting anyway/);
      idle.close();
      slow.destroy();
    } finally {
      server.kill('SIGKILL');
    }
  });
}
