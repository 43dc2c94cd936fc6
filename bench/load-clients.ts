// A client process of the table benchmark (forked by bench/load.ts): holds its share of the sockets, each group of
// SOCKETS_PER_ADDRESS from a loopback address of its own, as students' devices would be, and does what it is asked.
import { DeliveryLog } from '../core/delivery-log.ts';
import { clientSocket, connected, type BenchSocket } from './client-sockets.ts';
import { FANOUT_PREFIX, READY_ID, wallClock, type Connected, type Joined, type LoadReply, type LoadRequest, type Sent } from './load-contract.ts';
import { loadAddress } from './load-addresses.ts';

const [processIndexText = '0'] = process.argv.slice(2);
const processIndex = Number(processIndexText);
/** Handshakes in flight at once: the ramp adds connections at a steady pace rather than in one burst. */
const CONNECTING_AT_ONCE = 50;
const ACK_TIMEOUT_MS = 120_000;

const sockets: BenchSocket[] = [];
let opened = 0;
let listening: { latencyMs: number[]; lastReceivedAt: number } | undefined;

function name(index: number): string {
  return `Load ${processIndex}-${index}`;
}

async function connect({ url, count, lab }: Extract<LoadRequest, { type: 'connect' }>): Promise<Connected> {
  const result: Connected = { connected: 0, failed: 0 };
  let next = 0;
  const openOne = async () => {
    const index = opened++;
    const socket = clientSocket(url, { name: name(index), ...(lab ? { lab: true } : {}) }, loadAddress(processIndex, index));
    if (lab) {
      const log = new DeliveryLog();
      socket.on('hello', (payload, ack) => {
        log.received(payload);
        if (typeof ack === 'function') ack({ socketId: socket.id ?? '', name: name(index) });
      });
      socket.on('lab:settle', (marker, report) => report(log.settled(marker)));
    }
    socket.on('receive-message', (message) => {
      if (!listening || !message.text.startsWith(FANOUT_PREFIX)) return;
      const now = wallClock();
      listening.latencyMs.push(now - Number(message.text.slice(FANOUT_PREFIX.length)));
      listening.lastReceivedAt = Math.max(listening.lastReceivedAt, now);
    });
    try {
      await connected(socket);
      sockets.push(socket);
      result.connected++;
    } catch (error) {
      socket.disconnect();
      result.failed++;
      result.firstError ??= (error as Error).message;
    }
  };
  const worker = async () => {
    while (next < count) {
      next++;
      await openOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECTING_AT_ONCE, count) }, worker));
  return result;
}

async function join({ room }: Extract<LoadRequest, { type: 'join' }>): Promise<Joined> {
  const result: Joined = { ackMs: [], refused: 0 };
  const startedAt = performance.now();
  await Promise.all(
    sockets.map(async (socket, index) => {
      try {
        const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join-room', { room, name: name(index) });
        result.ackMs.push(performance.now() - startedAt);
        if (!reply.ok) {
          result.refused++;
          result.firstError ??= reply.error;
        }
      } catch (error) {
        result.refused++;
        result.firstError ??= (error as Error).message;
      }
    }),
  );
  return result;
}

async function send({ senders, messages }: Extract<LoadRequest, { type: 'send' }>): Promise<Sent> {
  const result: Sent = { accepted: 0, refused: 0, firstSentAt: wallClock() };
  const acks: Promise<void>[] = [];
  for (let message = 0; message < messages; message++) {
    for (const socket of sockets.slice(0, senders)) {
      acks.push(
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('send-message', { text: `${FANOUT_PREFIX}${wallClock()}` })
          .then(
            (reply) => {
              if (reply.ok) result.accepted++;
              else {
                result.refused++;
                result.firstError ??= reply.error;
              }
            },
            (error: Error) => {
              result.refused++;
              result.firstError ??= error.message;
            },
          ),
      );
    }
  }
  await Promise.all(acks);
  return result;
}

async function answer(request: LoadRequest): Promise<Omit<LoadReply, 'id'>> {
  switch (request.type) {
    case 'connect':
      return connect(request);
    case 'join':
      return join(request);
    case 'send':
      return send(request);
    case 'listen':
      listening = { latencyMs: [], lastReceivedAt: 0 };
      return {};
    case 'received':
      return { count: listening?.latencyMs.length ?? 0, lastReceivedAt: listening?.lastReceivedAt ?? 0 };
    case 'latencies':
      return { latencyMs: listening?.latencyMs ?? [] };
  }
}

process.on('message', (message: LoadRequest & { id: number }) => {
  answer(message).then(
    (reply) => process.send?.({ id: message.id, ...reply } satisfies LoadReply),
    (error: Error) => process.send?.({ id: message.id, error: error.message } satisfies LoadReply),
  );
});
process.send?.({ id: READY_ID } satisfies LoadReply);
// The bench gone (IPC closed): nothing is left to report to.
process.on('disconnect', () => {
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
