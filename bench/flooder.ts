// One client flooding one event at full speed, in a process of its own so that its CPU is not the probe's.
// Run by the flood benchmark: node --import tsx bench/flooder.ts <url> <flood name> <seconds>
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { io as connect, type Socket } from 'socket.io-client';
import { loopbackAddress, type BenchSocketOptions } from './client-sockets.ts';
import { FLOOD_ACK_EVERY, FLOOD_ACK_TIMEOUT_MS, FLOODS, type FloodReport, type FlooderMessage } from './floods.ts';

const EMITS_PER_TURN = 100;
const MAX_EMITS = 10_000_000;
// Past this much unsent data the flooder waits: it floods as fast as the server reads, not into its own memory.
const BUFFERED_BYTES_MAX = 1024 * 1024;

function send(message: FlooderMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

/** Bytes the WebSocket still holds for the kernel; engine.io-client keeps its `ws` to itself, hence the cast. */
function bufferedBytes(socket: Socket): number {
  const transport = socket.io.engine?.transport as unknown as { ws?: { bufferedAmount?: number } } | undefined;
  return transport?.ws?.bufferedAmount ?? 0;
}

function isRefusal(reply: unknown): reply is { ok: false; error?: unknown } {
  return typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === false;
}

async function main(): Promise<void> {
  const [url, floodName, secondsText] = process.argv.slice(2);
  const flood = FLOODS.find((candidate) => candidate.name === floodName);
  const seconds = Number(secondsText);
  if (!process.send || url === undefined || flood === undefined || !(seconds > 0)) {
    throw new Error('The flooder is started by the flood benchmark: npm run bench -- flood');
  }
  // Stops by itself: when the bench goes away, and in any case a little after its phase.
  process.once('disconnect', () => process.exit(1));
  setTimeout(() => process.exit(2), (seconds + 20) * 1000).unref();

  const report: FloodReport = { sent: 0, sampled: 0, accepted: 0, refused: 0, unanswered: 0, chatErrors: 0, disconnects: 0 };
  // Untyped on purpose: a flooder sends what it likes, unknown events included. It reconnects when thrown out.
  const options: BenchSocketOptions = {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: { name: 'Flooder' },
    localAddress: loopbackAddress('flooder', 0),
  };
  const socket: Socket = connect(url, options);
  socket.on('chat-error', (error: { error?: unknown }) => {
    report.chatErrors++;
    report.firstRefusal ??= String(error.error);
  });
  socket.on('disconnect', (reason) => {
    report.disconnects++;
    report.firstDisconnect ??= reason;
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const joinRoom = () => socket.timeout(FLOOD_ACK_TIMEOUT_MS).emitWithAck('join-room', { room: 'general', name: 'Flooder' });
  if (flood.needsRoom) {
    const joined: unknown = await joinRoom();
    if (isRefusal(joined)) throw new Error(`The flooder could not join general: ${String(joined.error)}`);
    socket.io.on('reconnect', () => void joinRoom().catch(() => undefined));
  }

  let outstanding = 0;
  const sample = (event: string, payload: unknown) => {
    report.sampled++;
    outstanding++;
    socket.timeout(FLOOD_ACK_TIMEOUT_MS).emit(event, payload, (error: Error | null, reply: unknown) => {
      outstanding--;
      if (error) report.unanswered++;
      else if (isRefusal(reply)) {
        report.refused++;
        report.firstRefusal ??= String(reply.error);
      } else report.accepted++;
    });
  };

  await send({ type: 'flooding' });
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end && report.sent < MAX_EMITS) {
    // socket.io-client would queue emits made while disconnected: a flooder only sends what can go now.
    if (!socket.connected || bufferedBytes(socket) > BUFFERED_BYTES_MAX) {
      await sleep(1);
      continue;
    }
    for (let turn = 0; turn < EMITS_PER_TURN; turn++) {
      const { event, payload } = flood.request(report.sent);
      if (report.sent % FLOOD_ACK_EVERY === 0) sample(event, payload);
      else socket.emit(event, payload);
      report.sent++;
    }
    await nextTurn();
  }
  await send({ type: 'stopped' });
  const waitUntil = performance.now() + FLOOD_ACK_TIMEOUT_MS + 500;
  while (outstanding > 0 && performance.now() < waitUntil) await sleep(20);
  socket.removeAllListeners('disconnect');
  socket.disconnect();
  await send({ type: 'report', report });
  process.exit(0);
}

main().catch((error: Error) => {
  console.error(`flooder: ${error.message}`);
  process.exit(1);
});
