// `npm run bench -- classroom [--emits N] [--page]`: the instructor's io.emit, from request to settled result, with 30
// students connected, beside a bare socket.io io.timeout(2000).emit with acks to as many sockets, in the same run.
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Reply } from '../core/chat-contract.ts';
import { DeliveryLog } from '../core/delivery-log.ts';
import type { ClientAuth, EmitResult } from '../core/lab-contract.ts';
import { ensurePageBuilt } from '../server/page.ts';
import { launchChromium } from '../test/support/browser.ts';
import { clientSocket, connected, loopbackAddress, type BenchSocket } from './client-sockets.ts';
import { percentile } from './round-trips.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

export const CLASSROOM_USAGE =
  'classroom [--emits N] [--page]  the instructor times N io.emit round trips (default 20) with 30 students connected, beside a bare ' +
  'io.timeout(2000).emit with acks; --page also times clicks on the instructor\'s page in Chromium';

const STUDENTS = 30;
const STUDENT_ROOMS = ['general', 'random'];
const DEFAULT_EMITS = 20;
const PAGE_CLICKS = 5;
/** The goal of issue 12: the instructor sees one io.emit's result within a second. */
const RESULT_GOAL_MS = 1000;
const REPLY_TIMEOUT_MS = 10_000;

/** A socket that runs the lab's code, as a student's page does: answers each hello's ack and every settle marker. */
async function labSocket(url: string, auth: ClientAuth, localAddress: string): Promise<BenchSocket> {
  const socket = clientSocket(url, { ...auth, lab: true }, localAddress);
  const log = new DeliveryLog();
  socket.on('hello', (payload, ack) => {
    log.received(payload);
    if (typeof ack === 'function') ack({ socketId: socket.id ?? '', name: auth.name ?? '' });
  });
  socket.on('lab:settle', (marker, report) => report(log.settled(marker)));
  await connected(socket);
  return socket;
}

/** The class: each student from an address of its own, in general or random by turns. */
function openStudents(url: string, joinRooms: boolean): Promise<BenchSocket[]> {
  return Promise.all(
    Array.from({ length: STUDENTS }, async (_, index) => {
      const name = `Student ${index + 1}`;
      const socket = await labSocket(url, { name }, loopbackAddress('student', index));
      if (joinRooms) {
        const room = STUDENT_ROOMS[index % STUDENT_ROOMS.length]!;
        const reply = await socket.emitWithAck('join-room', { room, name });
        if (!reply.ok) throw new Error(`${name} could not join ${room}: ${reply.error}`);
      }
      return socket;
    }),
  );
}

interface Timed {
  ms: number[];
  /** Sockets that got the last emit, of how many. */
  received: string;
}

/** N io.emit requests in turn from `sender`, each timed from the request to its result. */
async function timeEmits(sender: BenchSocket, emits: number, received: (result: EmitResult) => string): Promise<Timed> {
  const ms: number[] = [];
  let last: EmitResult | undefined;
  for (let emit = 0; emit < emits; emit++) {
    const startedAt = performance.now();
    const reply: Reply<{ result: EmitResult }> = await sender.timeout(REPLY_TIMEOUT_MS).emitWithAck('lab:perform', { variant: 'io.emit' });
    ms.push(performance.now() - startedAt);
    if (!reply.ok) throw new Error(`io.emit was refused: ${reply.error}`);
    last = reply.result;
  }
  return { ms, received: last ? received(last) : 'none' };
}

/**
 * Clicks the page's io.emit button and resolves with the milliseconds until "What happened" shows its result:
 * the summary's aria-busy goes to true and back to false. A string, so that what runs in the page is exactly this.
 */
const CLICK_IO_EMIT = `new Promise((resolve, reject) => {
  const find = (root, match) => {
    for (const element of root.querySelectorAll('*')) {
      if (match(element)) return element;
      const inside = element.shadowRoot && find(element.shadowRoot, match);
      if (inside) return inside;
    }
    return null;
  };
  const words = (element) => (element.textContent ?? '').replace(/\\s+/g, ' ').trim();
  const button = find(document, (element) => element.localName === 'button' && words(element) === 'io.emit');
  const summary = find(document, (element) => element.getAttribute('aria-label') === 'Emit result');
  if (!button || !summary) return reject(new Error('no io.emit button or no Emit result on the page'));
  let busyChanges = 0;
  const startedAt = performance.now();
  new MutationObserver((records, observer) => {
    busyChanges += records.filter((record) => record.attributeName === 'aria-busy').length;
    if (busyChanges >= 2 && summary.getAttribute('aria-busy') === 'false' && words(summary).includes('received io.emit')) {
      observer.disconnect();
      resolve(performance.now() - startedAt);
    }
  }).observe(summary, { attributes: true, attributeFilter: ['aria-busy'], subtree: true, childList: true, characterData: true });
  button.click();
})`;

/** The instructor's real page: click io.emit, wait for "What happened" to say who received it. */
async function timePageClicks(url: string, key: string): Promise<number[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${url}/?key=${encodeURIComponent(key)}`);
    await page.getByRole('button', { name: 'io.emit', exact: true }).waitFor({ timeout: REPLY_TIMEOUT_MS });
    const ms: number[] = [];
    for (let click = 0; click < PAGE_CLICKS; click++) ms.push(await page.evaluate<number>(CLICK_IO_EMIT));
    return ms;
  } finally {
    await browser.close();
  }
}

function row(label: string, ms: number[], received: string): string {
  const ascending = [...ms].sort((a, b) => a - b);
  const figure = (value: number) => `${Math.round(value)}`.padStart(6);
  return `  ${label.padEnd(40)}${figure(percentile(ascending, 0.5))}${figure(percentile(ascending, 0.95))}${figure(ascending.at(-1) ?? Number.NaN)}  ${received}`;
}

export async function classroomBenchmark(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { emits: { type: 'string' }, page: { type: 'boolean' } }, strict: true });
  const emits = Number(values.emits ?? DEFAULT_EMITS);
  if (!(Number.isInteger(emits) && emits >= 1 && emits <= 1000)) throw new Error(`--emits must be a whole number from 1 to 1000, not "${values.emits}".`);
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  // Built here, not by the playground's process: vite would otherwise stay in the server's memory.
  await ensurePageBuilt((line) => console.error(line));
  const key = randomBytes(9).toString('base64url');
  const servers: ServerProcess[] = [];
  const sockets: BenchSocket[] = [];
  try {
    const classroom = await startServerProcess('emit playground (classroom mode)', 'server/main.ts', { args: ['--classroom'], env: { INSTRUCTOR_KEY: key } });
    servers.push(classroom);
    const bare = await startServerProcess('bare socket.io with acks', 'bench/bare-acks-server.ts');
    servers.push(bare);

    console.error(`classroom: ${STUDENTS} students and the instructor connect`);
    sockets.push(...(await openStudents(classroom.url, true)));
    const instructor = await labSocket(classroom.url, { key, name: 'Instructor' }, loopbackAddress('probe', 0));
    sockets.push(instructor);
    console.error(`classroom: ${emits} io.emit from the instructor`);
    const lab = await timeEmits(instructor, emits, (result) => {
      const got = result.outcomes.filter((outcome) => outcome.received === true).length;
      return `${got} of ${result.outcomes.length} sockets received the last one`;
    });
    const page = values.page ? await timePageClicks(classroom.url, key) : undefined;

    console.error(`bare: ${STUDENTS} clients and the sender connect`);
    sockets.push(...(await openStudents(bare.url, false)));
    const sender = await labSocket(bare.url, { name: 'Instructor' }, loopbackAddress('probe', 1));
    sockets.push(sender);
    console.error(`bare: ${emits} io.timeout(2000).emit with acks`);
    const baseline = await timeEmits(sender, emits, (result) =>
      `${result.ackAnswers ?? 0} of ${STUDENTS + 1} sockets acked the last one${result.ackError ? ` (${result.ackError})` : ''}`,
    );

    const worst = Math.max(...lab.ms, ...(page ?? []));
    console.log(`\nclassroom benchmark: ${STUDENTS} students (lab sockets, half in general, half in random) and the instructor, all on loopback`);
    console.log(`  machine  ${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end\n`);
    console.log(`  io.emit, request to result (ms)            p50   p95   max`);
    console.log(row(`playground, lab:perform (${emits})`, lab.ms, lab.received));
    if (page) console.log(row(`playground, the instructor's page (${page.length})`, page, 'click to "What happened"; + the page\'s 4 cards'));
    console.log(row(`bare io.timeout(2000).emit (${emits})`, baseline.ms, baseline.received));
    console.log(`\ngoal: one io.emit's result within ${RESULT_GOAL_MS} ms: ${worst <= RESULT_GOAL_MS ? 'met' : 'NOT met'} (worst ${Math.round(worst)} ms)`);
    console.log(`took ${Math.round((performance.now() - startedAt) / 1000)} s`);
  } finally {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(servers.map((server) => server.stop()));
  }
}
