// The bench's own clients. WebSocket from the start, so that the figures compare servers, not the polling upgrade;
// and each from its own loopback address, as each student's device has its own: the server's per-address limits
// must see the flooder as one student and the probe as others, not all of them as one address.
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../core/events.ts';
import type { ClientAuth } from '../core/lab-contract.ts';

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** 127.0.<group>.<n>: Linux answers on all of 127.0.0.0/8. */
export type ClientGroup = 'probe' | 'page' | 'flooder' | 'student';
const GROUPS: Record<ClientGroup, number> = { probe: 1, page: 2, flooder: 3, student: 4 };

export function loopbackAddress(group: ClientGroup, index: number): string {
  return `127.0.${GROUPS[group]}.${index + 1}`;
}

/** engine.io-client hands `localAddress` on to the `ws` WebSocket, though its types do not list it. */
export type BenchSocketOptions = Partial<ManagerOptions & SocketOptions> & { localAddress: string };

const CONNECT_TIMEOUT_MS = 10_000;

/** A socket that is not connected yet: attach its listeners, then await connected(). */
export function clientSocket(url: string, auth: ClientAuth, localAddress: string): BenchSocket {
  const options: BenchSocketOptions = { transports: ['websocket'], forceNew: true, reconnection: false, auth, localAddress };
  return connect(url, options);
}

export function connected(socket: Socket, ms = CONNECT_TIMEOUT_MS): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no connection within ${ms} ms`)), ms);
    const onConnect = () => finish();
    const onError = (error: Error) => finish(new Error(`could not connect: ${error.message}`));
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (error) reject(error);
      else resolve();
    };
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
}
