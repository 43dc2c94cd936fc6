// The figures of `npm run bench -- table`: each measured on one fresh server process, ours or the bare one, with the
// client load in processes of its own (bench/load.ts). Each returns one or more metrics; the table runs it per round.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply } from '../core/chat-contract.ts';
import type { EmitResult } from '../core/lab-contract.ts';
import { DeliveryLog } from '../core/delivery-log.ts';
import { clientSocket, connected, loopbackAddress, type BenchSocket } from './client-sockets.ts';
import { LoadClients } from './load.ts';
import { RoundTripProbe } from './probe.ts';
import { percentile, summarize } from './round-trips.ts';
import type { MeterReply } from './server-meter.ts';
import type { ServerProcess } from './server-process.ts';

export interface Sizes {
  idleSockets: number;
  fanoutRoom: number;
  /** Senders in each client process, each sending fanoutMessages at once (send-message's burst is 10). */
  fanoutSenders: number;
  fanoutMessages: number;
  chatPeers: number;
  chatSeconds: number;
  rampTo: number;
  rampStep: number;
  stormSockets: number;
  labSockets: number[];
  labEmits: number;
}

export const FULL_SIZES: Sizes = {
  idleSockets: 2000,
  fanoutRoom: 1000,
  fanoutSenders: 4,
  fanoutMessages: 10,
  chatPeers: 1000,
  chatSeconds: 3,
  rampTo: 20_000,
  rampStep: 1000,
  stormSockets: 1000,
  labSockets: [4, 100, 1000],
  labEmits: 5,
};

/** For development and the test: every figure, small. */
export const QUICK_SIZES: Sizes = {
  idleSockets: 200,
  fanoutRoom: 100,
  fanoutSenders: 2,
  fanoutMessages: 5,
  chatPeers: 100,
  chatSeconds: 1,
  rampTo: 1000,
  rampStep: 250,
  stormSockets: 100,
  labSockets: [4, 20, 100],
  labEmits: 3,
};

/** The goal the ramp holds connections to: the event loop's p99 under this. */
export const LOOP_P99_GOAL_MS = 50;
/** Descriptors the server keeps for itself (listening socket, files, pipes) besides one per connection. */
const DESCRIPTORS_KEPT = 256;
const SETTLE_MS = 1000;
/** How long each step of the ramp is held while the loop is read: heartbeats come every 25 s, spread over the sockets. */
const HOLD_MS = 2000;
const FANOUT_QUIET_MS = 10_000;
const REPLY_TIMEOUT_MS = 30_000;

export interface Metric {
  id: string;
  label: string;
  unit: 'KB' | 'ms' | '/s' | 'sockets' | 'kB';
  better: 'lower' | 'higher';
  value: number;
  /** What the figure alone cannot say: what stopped a ramp, refusals, losses. */
  note?: string;
}

export interface RunContext {
  sizes: Sizes;
  /** `ulimit -n` of this shell, inherited by every server and client process. */
  descriptorLimit: number;
}

export interface Figure {
  id: string;
  /** What a row is about, for --only and the progress lines. */
  title: string;
  /** The baseline's script: the bare chat server, or the bare server that learns deliveries with acks. */
  bareScript: string;
  measure(server: ServerProcess, context: RunContext): Promise<Metric[]>;
}

const BARE_CHAT = 'bench/bare-server.ts';
const BARE_ACKS = 'bench/bare-acks-server.ts';

async function withLoad<T>(mostSockets: number, run: (load: LoadClients) => Promise<T>): Promise<T> {
  const load = new LoadClients(mostSockets);
  try {
    return await run(load);
  } finally {
    await load.close();
  }
}

function mustConnect(result: { connected: number; failed: number; firstError?: string }, wanted: number): void {
  if (result.failed > 0) throw new Error(`${result.failed} of ${wanted} sockets could not connect: ${result.firstError}`);
}

const idleHeap: Figure = {
  id: 'idle-heap',
  title: 'idle heap per connection',
  bareScript: BARE_CHAT,
  measure: (server, { sizes }) =>
    withLoad(sizes.idleSockets, async (load) => {
      // A server just started is still settling (its first requests, lazy code): the baseline is read once it is quiet.
      await sleep(SETTLE_MS * 2);
      const before = await server.meter('heap');
      mustConnect(await load.connect(server.url, sizes.idleSockets), sizes.idleSockets);
      await sleep(SETTLE_MS);
      const after = await server.meter('heap');
      const perConnection = (after.heapBytes! - before.heapBytes!) / sizes.idleSockets / 1024;
      return [{ id: 'idle-heap', label: `idle heap per connection (${sizes.idleSockets} sockets)`, unit: 'KB', better: 'lower', value: perConnection }];
    }),
};

const fanout: Figure = {
  id: 'fanout',
  title: 'fan-out to one room',
  bareScript: BARE_CHAT,
  measure: (server, { sizes }) =>
    withLoad(sizes.fanoutRoom, async (load) => {
      const room = sizes.fanoutRoom;
      mustConnect(await load.connect(server.url, room), room);
      const joined = await load.join('fanout');
      if (joined.refused > 0) throw new Error(`${joined.refused} of ${room} sockets could not join the room: ${joined.firstError}`);
      await sleep(SETTLE_MS);
      await load.listen();
      const sent = await load.send(sizes.fanoutSenders, sizes.fanoutMessages);
      const expected = sent.accepted * room;
      // Wait until every delivery is in, or until none has come for a while (a lost one must not hang the bench).
      let received = await load.received();
      let progressAt = performance.now();
      while (received.count < expected && performance.now() - progressAt < FANOUT_QUIET_MS) {
        await sleep(200);
        const now = await load.received();
        if (now.count > received.count) progressAt = performance.now();
        received = now;
      }
      const latencies = (await load.latencies()).sort((a, b) => a - b);
      const seconds = (received.lastReceivedAt - sent.firstSentAt) / 1000;
      const messages = sent.accepted + sent.refused;
      const lost = expected - received.count;
      const notes = [
        sent.refused > 0 ? `${sent.refused} of ${messages} messages refused ("${sent.firstError}")` : '',
        lost > 0 ? `${lost} of ${expected} deliveries never arrived` : '',
      ].filter(Boolean);
      const note = notes.length > 0 ? notes.join('; ') : undefined;
      const about = `${messages} messages at once to a room of ${room}`;
      return [
        { id: 'fanout-rate', label: `fan-out deliveries/s (${about})`, unit: '/s', better: 'higher', value: received.count / seconds, ...(note ? { note } : {}) },
        { id: 'fanout-p50', label: `fan-out latency p50 (${about})`, unit: 'ms', better: 'lower', value: percentile(latencies, 0.5) },
        { id: 'fanout-p99', label: `fan-out latency p99 (${about})`, unit: 'ms', better: 'lower', value: percentile(latencies, 0.99) },
      ] satisfies Metric[];
    }),
};

const chatWithIdlePeers: Figure = {
  id: 'chat-p99',
  title: 'chat round trip beside idle peers',
  bareScript: BARE_CHAT,
  measure: (server, { sizes }) =>
    withLoad(sizes.chatPeers, async (load) => {
      mustConnect(await load.connect(server.url, sizes.chatPeers), sizes.chatPeers);
      await sleep(SETTLE_MS);
      const probe = await RoundTripProbe.open(server.url);
      try {
        probe.start();
        await sleep(sizes.chatSeconds * 1000);
        const trips = summarize(await probe.stop());
        const note = trips.failed > 0 ? `${trips.failed} of ${trips.count} round trips refused or unanswered` : undefined;
        return [
          { id: 'chat-p99', label: `chat round trip p99 (${sizes.chatPeers} idle peers)`, unit: 'ms', better: 'lower', value: trips.p99, ...(note ? { note } : {}) },
        ] satisfies Metric[];
      } finally {
        probe.close();
      }
    }),
};

/** The loop's delay over HOLD_MS, read inside the server. */
async function heldLoopDelay(server: ServerProcess): Promise<MeterReply> {
  await server.meter('loop-reset');
  await sleep(HOLD_MS);
  return server.meter('loop');
}

const connectionsHeld: Figure = {
  id: 'connections',
  title: `connections held with the loop's p99 under ${LOOP_P99_GOAL_MS} ms`,
  bareScript: BARE_CHAT,
  measure: (server, { sizes, descriptorLimit }) => {
    const target = Math.min(sizes.rampTo, descriptorLimit - DESCRIPTORS_KEPT);
    return withLoad(target, async (load) => {
      let held = 0;
      let stoppedBy =
        target < sizes.rampTo ? `stopped at ${target}: ulimit -n is ${descriptorLimit}, one descriptor per connection` : `reached the ramp's end, ${target}`;
      let worstP99 = 0;
      // The ramp reads the loop while connections are held; how fast handshakes arrive is the client's pace, not the server's.
      while (held < target) {
        const step = Math.min(sizes.rampStep, target - held);
        const result = await load.connect(server.url, step);
        if (result.failed > 0) {
          stoppedBy = `connections failed past ${held + result.connected}: ${result.firstError}`;
          break;
        }
        // Held, not connecting: the loop is read once the step's handshakes are over, as the server holds them all.
        await sleep(SETTLE_MS / 2);
        let loop = await heldLoopDelay(server);
        // Another process on a shared machine can hold the CPU for a moment: a step fails on two readings in a row.
        if (loop.loopP99Ms! > LOOP_P99_GOAL_MS) loop = await heldLoopDelay(server);
        worstP99 = Math.max(worstP99, loop.loopP99Ms!);
        if (loop.loopP99Ms! > LOOP_P99_GOAL_MS) {
          stoppedBy = `loop p99 ${loop.loopP99Ms!.toFixed(0)} ms holding ${held + result.connected}`;
          break;
        }
        held += result.connected;
      }
      return [
        {
          id: 'connections-held',
          label: `connections held, loop p99 < ${LOOP_P99_GOAL_MS} ms (ramp to ${sizes.rampTo}, +${sizes.rampStep} a step)`,
          unit: 'sockets',
          better: 'higher',
          value: held,
          note: `${stoppedBy}; worst step p99 ${worstP99.toFixed(1)} ms`,
        },
      ] satisfies Metric[];
    });
  },
};

const joinStorm: Figure = {
  id: 'join-storm',
  title: 'join storm into one room',
  bareScript: BARE_CHAT,
  measure: (server, { sizes }) =>
    withLoad(sizes.stormSockets, async (load) => {
      mustConnect(await load.connect(server.url, sizes.stormSockets), sizes.stormSockets);
      await sleep(SETTLE_MS);
      const joined = await load.join('storm');
      const ascending = joined.ackMs.sort((a, b) => a - b);
      const note = joined.refused > 0 ? `${joined.refused} joins refused or unanswered ("${joined.firstError}")` : undefined;
      return [
        {
          id: 'join-storm',
          label: `join storm: ${sizes.stormSockets} join-room at once, last ack`,
          unit: 'ms',
          better: 'lower',
          value: ascending.at(-1) ?? Number.NaN,
          ...(note ? { note } : {}),
        },
      ] satisfies Metric[];
    }),
};

/** A lab socket in this process, as the page's sender card: answers its own hello and settle markers. */
async function labSender(url: string): Promise<BenchSocket> {
  const socket = clientSocket(url, { name: 'Sender', lab: true }, loopbackAddress('probe', 0));
  const log = new DeliveryLog();
  socket.on('hello', (payload, ack) => {
    log.received(payload);
    if (typeof ack === 'function') ack({ socketId: socket.id ?? '', name: 'Sender' });
  });
  socket.on('lab:settle', (marker, report) => report(log.settled(marker)));
  await connected(socket);
  return socket;
}

const labPerform: Figure = {
  id: 'lab-perform',
  title: 'lab:perform io.emit, request to result',
  bareScript: BARE_ACKS,
  measure: (server, { sizes }) =>
    withLoad(Math.max(...sizes.labSockets), async (load) => {
      const sender = await labSender(server.url);
      const metrics: Metric[] = [];
      try {
        // One uncounted emit first: a cold server's first emit times its compiler, not its lab.
        await sender.timeout(REPLY_TIMEOUT_MS).emitWithAck('lab:perform', { variant: 'io.emit' });
        let labSockets = 1;
        for (const size of sizes.labSockets) {
          mustConnect(await load.connect(server.url, size - labSockets, true), size - labSockets);
          labSockets = size;
          await sleep(SETTLE_MS);
          const ms: number[] = [];
          for (let emit = 0; emit < sizes.labEmits; emit++) {
            const startedAt = performance.now();
            const reply: Reply<{ result: EmitResult }> = await sender.timeout(REPLY_TIMEOUT_MS).emitWithAck('lab:perform', { variant: 'io.emit' });
            ms.push(performance.now() - startedAt);
            if (!reply.ok) throw new Error(`lab:perform was refused: ${reply.error}`);
          }
          metrics.push({
            id: `lab-perform-${size}`,
            label: `lab:perform io.emit to result, ${size} lab sockets (median of ${sizes.labEmits})`,
            unit: 'ms',
            better: 'lower',
            value: percentile(ms.sort((a, b) => a - b), 0.5),
          });
        }
      } finally {
        sender.disconnect();
      }
      return metrics;
    }),
};

export const FIGURES: readonly Figure[] = [idleHeap, fanout, chatWithIdlePeers, connectionsHeld, joinStorm, labPerform];
