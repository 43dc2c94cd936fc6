// Several nodes, one Redis: the Redis Streams adapter forwards every broadcast, fetchSockets,
// socketsJoin and serverSideEmit between the nodes, and (unlike the Pub/Sub adapter) keeps
// connection state recovery working, since a missed packet can be read back from the stream.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, type RedisClientType } from 'redis';
import type { Namespace } from 'socket.io';

/** How long a node's stream reader blocks on Redis: also how long a closed node's reader may linger. */
const STREAM_BLOCK_MS = 1000;
/** The Redis key of the lab's emit counter, shared by every node. */
const EMIT_COUNTER_KEY = 'emit-playground:emits';
/** How long a starting node waits for Redis to count it among the nodes before giving up. */
const JOIN_DEADLINE_MS = 5000;

export interface RedisAdapter {
  /** What `new Server(http, { adapter })` takes. */
  adapter: ReturnType<typeof createAdapter>;
  /** Resolves once Redis counts this node among the nodes, so that the others' emits reach it. */
  joined(namespace: Namespace): Promise<void>;
  /** The next number of the lab's emits, from one counter in Redis: two nodes never number two emits alike. */
  nextEmit(): Promise<number>;
  /** Ends the connection to Redis; call it after io.close(), which stops the adapter. */
  close(): Promise<void>;
}

/** Connects to Redis at `url` and builds the adapter every node of the cluster uses. */
export async function connectRedisAdapter(url: string): Promise<RedisAdapter> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2000) } });
  let lastError = '';
  // A Redis that goes away is reported once per cause, not at every reconnection attempt.
  client.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    console.error(`Redis (${url}): ${error.message}`);
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(`Could not reach Redis at ${url}: ${error instanceof Error ? error.message : 'unknown error'}. Is redis-server running?`);
  }
  keepLatePublishesHandled(client);
  return {
    adapter: createAdapter(client, { blockTimeInMs: STREAM_BLOCK_MS }),
    async joined(namespace) {
      // Each node's adapter listens on a channel of its own: once Redis counts a subscriber there, this node is in.
      const ownChannel = `socket.io#${namespace.name}#${(namespace.adapter as unknown as { uid: string }).uid}#`;
      const deadline = Date.now() + JOIN_DEADLINE_MS;
      while (Number((await client.pubSubNumSub(ownChannel))[ownChannel] ?? 0) === 0) {
        if (Date.now() > deadline) throw new Error(`Redis at ${url} did not count this node among the nodes within ${JOIN_DEADLINE_MS} ms.`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    nextEmit: () => client.incr(EMIT_COUNTER_KEY),
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

/**
 * The streams adapter sends its fleeting messages (a fetchSockets request, a serverSideEmit, a broadcast with acks)
 * with a PUBLISH whose promise it drops. A socket's cleanup that asks the other nodes as this node closes (the
 * lifecycle report fetches the room's sockets) can run after the client closed: an unhandled rejection, which ends a
 * server (and fails a test run). Caught here: such a request simply gets no answer from the other nodes.
 */
function keepLatePublishesHandled(client: RedisClientType): void {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  (client as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args) =>
    publish(...args).catch((error: unknown) => {
      if (client.isOpen) console.error(`Redis: a message to the other nodes was lost: ${error instanceof Error ? error.message : 'unknown error'}`);
      return 0;
    });
}
