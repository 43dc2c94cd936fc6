import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Router } from 'express';
import {
  EVENT_LOOP_WINDOW_SECONDS,
  IDLE_CONNECTIONS_MAX,
  IDLE_CONNECTIONS_PATH,
  STATS_PATH,
  type EventLoopDelay,
  type IdleConnectionsFigure,
  type LiveStats,
} from '../core/stats-contract.ts';
import type { ChatServer } from './chat.ts';

/** Where the measured idle connections connect: apart from /, so that no lesson's emit reaches them. */
export const IDLE_NAMESPACE = '/idle';

/** The measuring child's connections carry this, so that the cap on connections per address does not count them. */
const MEASURE_TOKEN = randomUUID();

/** True for a handshake of the server's own measuring clients. */
export function isIdleMeasurement(request: IncomingMessage): boolean {
  return new URL(request.url ?? '/', 'http://localhost').searchParams.get('measure') === MEASURE_TOKEN;
}

// A full garbage collection before each reading, so the figure is what the connections hold, not garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function heapBytes(): { js: number; resident: number } {
  collectGarbage();
  const memory = process.memoryUsage();
  // `external` already counts `arrayBuffers` (every Buffer): adding both would count buffers twice.
  return { js: memory.heapUsed + memory.external, resident: memory.rss };
}

/** The threads of this process (the JavaScript thread, V8's helpers, libuv's pool…), where the OS reports them (Linux's /proc). */
function processThreads(): number | undefined {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // No /proc on this system (macOS, Windows): the figure is left out rather than guessed.
    return undefined;
  }
  const threads = /^Threads:\s*(\d+)\s*$/m.exec(status)?.[1];
  return threads === undefined ? undefined : Number(threads);
}

/** `{ processThreads: N }`, or nothing where the OS does not report it. */
function threadsFigure(): { processThreads?: number } {
  const threads = processThreads();
  return threads === undefined ? {} : { processThreads: threads };
}

const idleClients = fileURLToPath(new URL('./idle-clients.ts', import.meta.url));

/** Opens `count` idle connections from a child process and measures what they cost this server. */
export async function measureIdleConnections(url: string, count: number): Promise<IdleConnectionsFigure> {
  const before = heapBytes();
  const child = fork(idleClients, [`${url}${IDLE_NAMESPACE}`, String(count), MEASURE_TOKEN], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  try {
    const ready = await new Promise<{ ready: boolean; error?: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { ready: boolean; error?: string }));
      child.once('exit', (code) => reject(new Error(`The idle clients stopped early (exit code ${code}).`)));
    });
    if (!ready.ready) throw new Error(`The idle clients could not connect: ${ready.error}`);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    delay.disable();
    const after = heapBytes();
    return {
      connections: count,
      bytesPerConnection: Math.round((after.js - before.js) / count),
      residentBytesPerConnection: Math.round((after.resident - before.resident) / count),
      eventLoopDelayMaxMs: Math.round(delay.max / 1e5) / 10,
      ...threadsFigure(),
      measuredAt: Date.now(),
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send('close');
    else child.kill();
    await exited;
  }
}

/** How often the loop's timer fires: a delay shorter than this is not seen; its own period is taken off every figure. */
const LOOP_RESOLUTION_MS = 10;

/** The event loop's delay over windows of EVENT_LOOP_WINDOW_SECONDS, rolled over when read: no timer of its own. */
class EventLoopWatch {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  #windowStart = performance.now();
  #lastWindow: EventLoopDelay | undefined;

  constructor() {
    this.#histogram.enable();
  }

  read(): EventLoopDelay {
    const seconds = (performance.now() - this.#windowStart) / 1000;
    if (seconds < EVENT_LOOP_WINDOW_SECONDS) return this.#lastWindow ?? this.#figure(seconds);
    this.#lastWindow = this.#figure(seconds);
    this.#histogram.reset();
    this.#windowStart = performance.now();
    return this.#lastWindow;
  }

  stop(): void {
    this.#histogram.disable();
  }

  #figure(seconds: number): EventLoopDelay {
    // The histogram holds each timer's whole interval: the delay is what came on top of the resolution.
    const late = (nanoseconds: number) => Math.round(Math.max(0, nanoseconds / 1e6 - LOOP_RESOLUTION_MS) * 10) / 10;
    const sampled = this.#histogram.count > 0;
    return {
      p50Ms: sampled ? late(this.#histogram.percentile(50)) : 0,
      p99Ms: sampled ? late(this.#histogram.percentile(99)) : 0,
      maxMs: sampled ? late(this.#histogram.max) : 0,
      windowSeconds: Math.round(seconds * 10) / 10,
    };
  }
}

/** GET /api/stats: what this server holds now; POST /api/stats/idle-connections {count}: measure idle connections. */
export function statsRouter(io: ChatServer, url: () => string): Router {
  const router = Router();
  let measuring = false;
  const loop = new EventLoopWatch();
  io.httpServer?.once('close', () => loop.stop());

  router.get(STATS_PATH, (_request, response) => {
    const memory = process.memoryUsage();
    const main = io.of('/');
    let rooms = 0;
    for (const room of main.adapter.rooms.keys()) if (!main.sockets.has(room)) rooms++;
    const stats: LiveStats = {
      connections: main.sockets.size,
      rooms,
      heapUsedBytes: memory.heapUsed,
      residentBytes: memory.rss,
      eventLoopDelay: loop.read(),
      uptimeSeconds: Math.round(process.uptime()),
      ...threadsFigure(),
      measuredAt: Date.now(),
    };
    response.json(stats);
  });

  router.post(IDLE_CONNECTIONS_PATH, async (request, response) => {
    const count = Number(request.query.count ?? 500);
    if (!Number.isInteger(count) || count < 1 || count > IDLE_CONNECTIONS_MAX) {
      response.status(400).json({ error: `count must be a whole number from 1 to ${IDLE_CONNECTIONS_MAX}.` });
      return;
    }
    if (measuring) {
      response.status(409).json({ error: 'A measurement is already running: try again in a few seconds.' });
      return;
    }
    measuring = true;
    try {
      response.json(await measureIdleConnections(url(), count));
    } catch (error) {
      response.status(500).json({ error: (error as Error).message });
    } finally {
      measuring = false;
    }
  });
  return router;
}
