import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { registerChat, type ChatServer } from './chat.ts';
import { registerLab } from './lab.ts';
import { registerLifecycle } from './lifecycle.ts';
import { PollingLog, pollingRouter } from './polling.ts';
import { IDLE_NAMESPACE, statsRouter } from './stats.ts';
import { servePage, type PageMode } from './page.ts';
import { RecentMessages } from '../core/polling.ts';

export interface PlaygroundOptions {
  /** 0 picks a free port; the one chosen is reported in `port` and `url`. */
  port?: number;
  host?: string;
  /** How the page is served: the built bundle, vite with hot reload, or not at all (socket-only tests). */
  page?: PageMode;
  /** How often Engine.IO pings each client, in ms (socket.io's default, 25 s, unless a test needs heartbeats sooner). */
  pingInterval?: number;
}

export interface Playground {
  io: ChatServer;
  http: HttpServer;
  port: number;
  /** A loopback URL for this server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The polls the server answered, for comparing with what the polling demo counted. */
  polling: PollingLog;
  close(): Promise<void>;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const app = express();
  let url = '';
  const http = createServer(app);
  const io: ChatServer = new Server(http, {
    // Students' own devices join from other origins on the LAN, e.g. the vite dev server.
    cors: { origin: true },
    ...(options.pingInterval === undefined ? {} : { pingInterval: options.pingInterval }),
  });
  const recentMessages = new RecentMessages();
  registerChat(io, (message) => recentMessages.add(message));
  registerLab(io);
  registerLifecycle(io);
  const polling = new PollingLog();
  app.use(pollingRouter(recentMessages, polling));
  io.of(IDLE_NAMESPACE);
  app.use(statsRouter(io, () => url));
  const closePage = await servePage(app, http, options.page ?? 'none');

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const loopback = host === '::' || host === '::1' ? '[::1]' : '127.0.0.1';
  url = `http://${loopback}:${port}`;

  return {
    io,
    http,
    port,
    url,
    polling,
    async close() {
      await closePage();
      // io.close() disconnects every socket and closes the HTTP server.
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
