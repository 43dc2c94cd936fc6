import { io as connect, type Socket } from 'socket.io-client';
import type { ChatClientToServerEvents, ChatServerToClientEvents } from '../../core/chat-contract.ts';
import { EVENT_RATE_LIMITS } from '../../core/limits.ts';
import { startPlayground, type Playground, type PlaygroundOptions } from '../../server/app.ts';
import type { RateLimits } from '../../server/client-events.ts';

export type ChatClient = Socket<ChatServerToClientEvents, ChatClientToServerEvents>;

/** For tests about what a request says rather than how often: no event's rate is limited (core/limits.ts's are tested on their own). */
export const UNLIMITED_RATES: RateLimits = Object.fromEntries(
  Object.keys(EVENT_RATE_LIMITS).map((event) => [event, { burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER }]),
);

/** A real server on a free loopback port, and the clients a test opened on it; `stop()` closes them all. */
export interface TestServer extends Playground {
  client(options?: { transports?: ('polling' | 'websocket')[] }): Promise<ChatClient>;
  stop(): Promise<void>;
}

export async function startTestServer(options: PlaygroundOptions = {}): Promise<TestServer> {
  const playground = await startPlayground({ port: 0, host: '127.0.0.1', ...options });
  const clients: ChatClient[] = [];
  return {
    ...playground,
    async client(clientOptions = {}) {
      const socket: ChatClient = connect(playground.url, { forceNew: true, reconnection: false, ...clientOptions });
      clients.push(socket);
      await waitFor(socket, 'connect');
      return socket;
    },
    async stop() {
      for (const socket of clients) socket.disconnect();
      await playground.close();
    },
  };
}

interface Emitter {
  once(...args: any[]): unknown;
  off(...args: any[]): unknown;
}

/** The first `event` on `emitter`, or a rejection naming the event after `ms`. */
export function waitFor<T = unknown>(emitter: Emitter, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${ms} ms waiting for "${event}"`));
    }, ms);
    const listener = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    emitter.once(event, listener);
  });
}

/** Collects every `event` a socket receives, for asserting later what did and did not arrive. */
export function record<T = unknown>(socket: { on(...args: any[]): unknown }, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (value: T) => seen.push(value));
  return seen;
}
