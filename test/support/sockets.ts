import { io as connect, type Socket } from 'socket.io-client';
import type { ChatClientToServerEvents, ChatServerToClientEvents } from '../../core/chat-contract.ts';
import { startPlayground, type Playground, type PlaygroundOptions } from '../../server/app.ts';

export type ChatClient = Socket<ChatServerToClientEvents, ChatClientToServerEvents>;

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
