// Several nodes on one real Redis (test/support/redis.ts): what a student does on one node reaches the
// sockets of the others exactly as on a single server, and the lab's result proves it for each socket.
import { createServer, connect as connectTcp, type Server as TcpServer, type Socket as TcpSocket } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { OTHER_NAMESPACE, ROUTE_VARIANT, VARIANTS, type EmitRequest, type VariantId } from '../../core/emit-rules.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/events.ts';
import type { EmitResult } from '../../core/lab-contract.ts';
import { broadcastFromRoute, labClient, type LabClient, type LabClientOptions } from '../support/lab-client.ts';
import { startRedis, type RedisServer } from '../support/redis.ts';
import { UNLIMITED_RATES, record, startTestServer, waitFor, type TestServer } from '../support/sockets.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

/** Every node a test started; stopped after it, whichever are still up. */
let nodes: TestServer[] = [];
const stopped = new Set<TestServer>();
afterEach(async () => {
  await Promise.all(nodes.filter((node) => !stopped.has(node)).map((node) => node.stop()));
  nodes = [];
  stopped.clear();
});

/** `count` playgrounds on the test's Redis, named node-1, node-2, …; or one in memory, as `npm start` runs. */
async function startNodes(count: number, { onRedis = true } = {}): Promise<TestServer[]> {
  const started = await Promise.all(Array.from({ length: count }, (_, index) => startTestServer({
    rateLimits: UNLIMITED_RATES,
    nodeName: `node-${index + 1}`,
    ...(onRedis ? { redisUrl: redis.url } : {}),
  })));
  nodes.push(...started);
  return started;
}

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function joinRoom(socket: ChatSocket, room: string, name: string): Promise<string[]> {
  const reply = await socket.emitWithAck('join-room', { room, name });
  if (!reply.ok) throw new Error(`${name} could not join ${room}: ${reply.error}`);
  return reply.users;
}

describe('two nodes on one Redis', () => {
  test("Alice's chat message on node 1 reaches Bob on node 2 with the same server timestamp, and each sees the other online", async () => {
    const [first, second] = await startNodes(2);
    const alice = await first!.client();
    const bob = await second!.client();
    await joinRoom(alice, 'general', 'Alice');
    // fetchSockets asks every node: Bob's join on node 2 lists Alice, who is on node 1.
    expect(await joinRoom(bob, 'general', 'Bob')).toEqual(expect.arrayContaining(['Alice', 'Bob']));
    const bobGets = record<ChatMessage>(bob, 'receive-message');
    const reply = await alice.emitWithAck('send-message', { text: 'hello from node 1' });
    if (!reply.ok) throw new Error(reply.error);
    await expect.poll(() => bobGets.find((message) => message.text === 'hello from node 1')).toEqual(reply.message);
  });
});

/** Where each client of the cast connects, by node index: the sender, its room-mate and its private target on different nodes. */
const CAST: (LabClientOptions & { node: number })[] = [
  { name: 'Alice', room: 'general', node: 0 },
  { name: 'Bob', room: 'general', node: 1 },
  { name: 'Carol', room: 'random', node: 2 },
  { name: 'Dave', node: 1 },
  { name: 'Erin', room: 'general', node: 2 },
  { name: 'Olivia', namespace: OTHER_NAMESPACE, node: 2 },
];

/** The request for a variant, with what it needs: general, random, Bob's socket id, a timeout, a burst. */
function requestFor(variant: VariantId, bob: LabClient): EmitRequest {
  const { needs } = VARIANTS.find((candidate) => candidate.id === variant)!;
  const request: EmitRequest = { variant };
  if (needs.room) request.room = 'general';
  if (needs.secondRoom) request.secondRoom = 'random';
  if (needs.targetSocket) request.targetSocketId = bob.id;
  if (needs.timeout) request.timeoutMs = 1000;
  if (needs.burst) request.burst = 3;
  return request;
}

/** The cast connected to `servers` (all on one server when it is one), and a way to fire each variant from Alice. */
async function castOn(servers: TestServer[]) {
  const clients = await Promise.all(CAST.map(({ node, ...options }) => labClient(servers[node % servers.length]!, options)));
  const byName = (name: string) => clients.find((client) => client.name === name)!;
  return {
    clients,
    async fire(variant: VariantId): Promise<EmitResult> {
      const request = requestFor(variant, byName('Bob'));
      const reply = variant === ROUTE_VARIANT ? (await broadcastFromRoute(servers[0]!.url, request.room!)).body : await byName('Alice').perform(request);
      if (!reply.ok) throw new Error(`the lab refused ${variant}: ${reply.error}`);
      return reply.result;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

/** What each client really got, beside what the result reported for it: they must agree. */
function seen(result: EmitResult, clients: LabClient[]) {
  return clients.map((client) => {
    const outcome = result.outcomes.find((candidate) => candidate.socketId === client.id);
    return { name: client.name, received: client.received(result.emit), reported: outcome?.received, ack: outcome?.ack };
  });
}

describe('three nodes on one Redis', () => {
  test('every lab variant reaches the same sockets on three nodes as on one, and the result reports each remote socket truly', async () => {
    const [single] = await startNodes(1, { onRedis: false });
    const cluster = await startNodes(3);
    const alone = await castOn([single!]);
    const spread = await castOn(cluster);
    try {
      const compared = [];
      for (const { id: variant } of VARIANTS) {
        const onOne = seen(await alone.fire(variant), alone.clients);
        const result = await spread.fire(variant);
        const onThree = seen(result, spread.clients);
        compared.push({ variant, onOne, onThree });
        // Each socket says which node it is on, and the result says where each card's report came from.
        expect(result.outcomes.filter((outcome) => outcome.namespace === '/').map((outcome) => [outcome.name, outcome.node])).toEqual(
          expect.arrayContaining([['Alice', 'node-1'], ['Bob', 'node-2'], ['Carol', 'node-3'], ['Dave', 'node-2'], ['Erin', 'node-3']]),
        );
      }
      for (const { variant, onOne, onThree } of compared) {
        expect(onThree.map(({ name, received }) => ({ name, received })), variant).toEqual(onOne.map(({ name, received }) => ({ name, received })));
        expect(onThree.map(({ name, received }) => ({ name, received })), `${variant}: reported`).toEqual(onThree.map(({ name, reported }) => ({ name, received: reported })));
      }
      const acked = compared.find(({ variant }) => variant === 'io.timeout(ms).emit')!;
      expect(acked.onThree.filter(({ ack }) => ack !== undefined)).toEqual(acked.onOne.filter(({ ack }) => ack !== undefined).map((row) => ({ ...row, ack: 'answered' })));
    } finally {
      await Promise.all([alone.close(), spread.close()]);
    }
  });
});

/**
 * A load balancer as a deployment puts in front of the nodes: each new TCP connection goes to the next node
 * that accepts it. Without sticky sessions, only WebSocket works through it: one connection is one session.
 */
async function loadBalancer(ports: number[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const open = new Set<TcpSocket>();
  const track = (socket: TcpSocket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const balancer: TcpServer = createServer((client) => {
    track(client);
    const tryNode = (attempts: number) => {
      if (attempts === ports.length) return void client.destroy();
      const node = connectTcp(ports[next++ % ports.length]!, '127.0.0.1');
      node.once('error', () => tryNode(attempts + 1));
      node.once('connect', () => {
        track(node);
        node.on('error', () => client.destroy());
        client.on('error', () => node.destroy());
        node.once('close', () => client.destroy());
        client.once('close', () => node.destroy());
        client.pipe(node).pipe(client);
      });
    };
    tryNode(0);
  });
  await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
  const address = balancer.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => balancer.close(resolve));
    },
  };
}

describe('a node going away mid-demo', () => {
  test('its sockets reconnect through the load balancer to another node, with their id and their rooms', async () => {
    const cluster = await startNodes(3);
    const balancer = await loadBalancer(cluster.map((node) => node.port));
    const sockets: ChatSocket[] = [];
    try {
      for (const name of ['Alice', 'Bob', 'Carol']) {
        const socket: ChatSocket = connect(balancer.url, { forceNew: true, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 200 });
        sockets.push(socket);
        await waitFor(socket, 'connect');
        await joinRoom(socket, 'general', name);
      }
      const [alice, bob, carol] = sockets as [ChatSocket, ChatSocket, ChatSocket];
      // Round robin: Carol is on node 3.
      expect(cluster[2]!.io.of('/').sockets.has(carol.id!)).toBe(true);
      // A message in the room gives each client an offset in the Redis stream, which recovery resumes from.
      const carolGets = record<ChatMessage>(carol, 'receive-message');
      const hello = await alice.emitWithAck('send-message', { text: 'before' });
      if (!hello.ok) throw new Error(hello.error);
      await expect.poll(() => carolGets.some((message) => message.text === 'before')).toBe(true);
      const carolId = carol.id!;

      const reconnected = waitFor(carol, 'connect', 10_000);
      stopped.add(cluster[2]!);
      await cluster[2]!.stop();
      await reconnected;

      expect(carol.recovered).toBe(true);
      expect(carol.id).toBe(carolId);
      const [survivor] = cluster;
      const seenFromNode1 = async () => (await survivor!.io.in('general').fetchSockets()).map((socket) => [socket.id, socket.data.node]);
      await expect.poll(seenFromNode1).toEqual(expect.arrayContaining([[carolId, expect.stringMatching(/^node-[12]$/)]]));
      const after = await bob.emitWithAck('send-message', { text: 'after' });
      if (!after.ok) throw new Error(after.error);
      await expect.poll(() => carolGets.some((message) => message.text === 'after')).toBe(true);
    } finally {
      for (const socket of sockets) socket.disconnect();
      await balancer.close();
    }
  });
});
