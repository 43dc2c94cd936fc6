import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { connectRedisAdapter } from './adapter.ts';
import { registerChat, type ChatServer, type ChatSocket } from './chat.ts';
import { stopRoomsFeed } from './rooms-feed.ts';
import { registerClassControls } from './class-controls.ts';
import { Classroom, type ClassroomOptions } from './classroom.ts';
import { ClientEvents, type RateLimits } from './client-events.ts';
import { ConnectionLimit } from './connection-limit.ts';
import { answerApiErrors, guardRequests } from './http-guard.ts';
import { registerLab } from './lab.ts';
import { labRouter } from './lab-route.ts';
import { exerciseRouter } from './exercise-route.ts';
import { registerLifecycle } from './lifecycle.ts';
import { PollingLog, pollingRouter } from './polling.ts';
import { IDLE_NAMESPACE, isIdleMeasurement, statsRouter } from './stats.ts';
import { servePage, type PageMode } from './page.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE } from '../core/emit-rules.ts';
import { SERVER_CLOSING_EVENT } from '../core/events.ts';
import { LAB_NAMESPACE } from '../core/lab-contract.ts';
import { LIFECYCLE_NAMESPACE } from '../core/lifecycle.ts';
import { CONNECTIONS_PER_ADDRESS_MAX, EVENT_RATE_LIMITS, MAX_PACKET_BYTES } from '../core/limits.ts';
import { RecentMessages } from '../core/polling.ts';

/** Connection state recovery keeps a dropped socket's id and rooms this long (socket.io's own example value). */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;
/** The node a single server is, when no name is given. */
export const DEFAULT_NODE_NAME = 'node-1';
/** How long close() lets open HTTP requests finish before it ends their connections. */
export const CLOSE_DEADLINE_MS = 1500;

export interface PlaygroundOptions {
  /** 0 picks a free port; the one chosen is reported in `port` and `url`. */
  port?: number;
  host?: string;
  /** How the page is served: the built bundle, vite with hot reload, or not at all (socket-only tests). */
  page?: PageMode;
  /** How often Engine.IO pings each client, in ms (socket.io's default, 25 s, unless a test needs heartbeats sooner). */
  pingInterval?: number;
  /** Per-socket token buckets by event name (core/limits.ts unless a test needs others). */
  rateLimits?: RateLimits;
  /** Engine.IO connections one address may hold at once. */
  connectionsPerAddress?: number;
  /** Classroom mode: only the socket or request with `instructorKey` drives the lab. Without it, solo mode: everyone may. */
  classroom?: ClassroomOptions;
  /** Where other devices open the page (main.ts: STUDENTS_URL, or this machine's address on the room's network). */
  studentsUrl?: string;
  /** Several nodes: every node started with the same Redis URL reaches the others' sockets. Without it, one node in memory. */
  redisUrl?: string;
  /** The name each socket shows as the node it is on, e.g. node-2. */
  nodeName?: string;
}

export interface Playground {
  io: ChatServer;
  http: HttpServer;
  port: number;
  /** A loopback URL for this server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** This node's name, shown beside each of its sockets. */
  node: string;
  /** The polls the server answered, for comparing with what the polling demo counted. */
  polling: PollingLog;
  close(): Promise<void>;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const app = express();
  let url = '';
  const http = createServer(app);
  const node = options.nodeName ?? DEFAULT_NODE_NAME;
  const redis = options.redisUrl === undefined ? undefined : await connectRedisAdapter(options.redisUrl);
  const connections = new ConnectionLimit(options.connectionsPerAddress ?? CONNECTIONS_PER_ADDRESS_MAX, isIdleMeasurement);
  const io: ChatServer = new Server(http, {
    // Students' own devices join from other origins on the LAN, e.g. the vite dev server.
    cors: { origin: true },
    maxHttpBufferSize: MAX_PACKET_BYTES,
    allowRequest: connections.allowRequest,
    // A Wi-Fi blip keeps a card's id and rooms; a deliberate disconnect or a restart still starts afresh.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS },
    ...(options.pingInterval === undefined ? {} : { pingInterval: options.pingInterval }),
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  connections.track(io);
  const classroom = new Classroom(options.classroom, options.studentsUrl);
  // Sockets act on / and /other; /lab observers only watch, so they need no key.
  for (const name of [MAIN_NAMESPACE, OTHER_NAMESPACE]) classroom.admit(io.of(name));
  // A connection handler, not a middleware: it also runs for a socket recovered from another node, whose restored data names the node it left.
  for (const name of [MAIN_NAMESPACE, OTHER_NAMESPACE]) io.of(name).on('connection', (socket) => { socket.data.node = node; });
  // Every namespace takes client events the one safe way; those that only observe answer every event with an error.
  const rateLimits = options.rateLimits ?? EVENT_RATE_LIMITS;
  const namespaces = [MAIN_NAMESPACE, OTHER_NAMESPACE, LAB_NAMESPACE, LIFECYCLE_NAMESPACE, IDLE_NAMESPACE];
  const [mainEvents] = namespaces.map((name) => new ClientEvents<ChatSocket>(io.of(name), rateLimits));
  const recentMessages = new RecentMessages();
  const chat = registerChat(io, mainEvents!, (message) => recentMessages.add(message), classroom);
  const lab = registerLab(io, mainEvents!, undefined, classroom, redis?.nextEmit);
  registerClassControls(io, mainEvents!, chat, classroom, lab);
  registerLifecycle(io);

  const pageMode = options.page ?? 'none';
  guardRequests(app, pageMode === 'built');
  const polling = new PollingLog();
  app.use(pollingRouter(recentMessages, polling));
  app.use(statsRouter(io, () => url));
  app.use(labRouter(io, lab, classroom));
  app.use(exerciseRouter(classroom));
  app.use(classroom.router());
  answerApiErrors(app);
  const closePage = await servePage(app, http, pageMode);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    // A port in use: the Redis connection would otherwise keep the process alive.
    await redis?.close();
    throw error;
  });
  const { port } = http.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const loopback = host === '::' || host === '::1' ? '[::1]' : '127.0.0.1';
  url = `http://${loopback}:${port}`;
  // The other nodes' emits reach this one only once Redis counts it in.
  if (redis) await Promise.all(namespaces.map((name) => redis.joined(io.of(name))));

  return {
    io,
    http,
    port,
    url,
    node,
    polling,
    async close() {
      // Told first, so that a page can say the server is going away rather than that its connection broke.
      for (const name of namespaces) io.of(name).emit(SERVER_CLOSING_EVENT, { reason: 'The server is shutting down. Your page reconnects when it is back.' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await closePage();
      // io.close() disconnects every socket and closes the HTTP server, which waits for open requests: give them a deadline.
      http.closeIdleConnections();
      const deadline = setTimeout(() => http.closeAllConnections(), CLOSE_DEADLINE_MS);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      clearTimeout(deadline);
      // The sockets' "left" went out as they closed; the rooms' last changes go now, while the adapter still reaches
      // the other nodes: after redis.close() a late window would publish through a closed client.
      chat.stop();
      stopRoomsFeed(io);
      await redis?.close();
    },
  };
}
