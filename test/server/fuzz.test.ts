// Hostile clients against the real server: whatever a socket.io-client script or an HTTP client sends, the
// server answers the sender (once, with an error it can read), stays up, and tells nobody else anything.
//
// Seeded, so that every run sends the same inputs. On a failure, vitest shows fast-check's message with the
// seed and the path of the shrunk counterexample, e.g. `{ seed: 20261202, path: "41:2:0" }`. Replay it with
//   FC_SEED=20261202 FC_PATH=41:2:0 npx vitest run test/server/fuzz.test.ts
// (FC_SEED alone replays the whole run, shrinking included). FC_RUNS=1000 hunts longer (~20 s).
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LAB_NAMESPACE } from '../../core/lab-contract.ts';
import { LIFECYCLE_NAMESPACE } from '../../core/lifecycle.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE } from '../../core/emit-rules.ts';
import { MAX_PACKET_BYTES } from '../../core/limits.ts';
import { IDLE_NAMESPACE } from '../../server/stats.ts';
import {
  Deep,
  NAMESPACES,
  TappedConnection,
  describeCommand,
  describeRequest,
  expectsAck,
  hostileCommands,
  hostileRequests,
  isApiPath,
  requestTarget,
  type Command,
  type HostileRequest,
  type WirePacket,
} from '../support/hostile.ts';
import { startTestServer, UNLIMITED_RATES, waitFor, type TestServer } from '../support/sockets.ts';

const settings = {
  seed: Number(process.env.FC_SEED ?? 20261202),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  // Shrinking a failure waits out missing answers: stop it in time for fast-check to print the seed before vitest's timeout.
  plugins: [fc.interruptAfterTimeLimit(40_000)],
};
const RUNS = Number(process.env.FC_RUNS ?? 200);

/** How long a hostile request may take to be answered; loopback answers take milliseconds. */
const ANSWER_MS = 2000;
/** Hostile connections the fuzz spreads its requests over, so that it mostly meets validation, not the rate limit. */
const HOSTILE_CONNECTIONS = 6;
/** Longer than the lab's 10 ms wait before it tells observers about joins and leaves. */
const SNAPSHOT_SETTLE_MS = 50;

let server: TestServer;
/** The clients that must hear nothing: a student in general, and a client of each other namespace that talks to its sockets. */
let bystanders: TappedConnection[] = [];
/** Scripts with a socket in every namespace and no chat room, sending the hostile requests. */
const hostile: TappedConnection[] = [];
let requestsSent = 0;

/** What would have stopped the server: outside a test runner, an unhandled rejection or exception exits Node. */
const crashes: string[] = [];
const recordCrash = (error: unknown) => crashes.push(error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 3).join(' ') : String(error));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  process.on('unhandledRejection', recordCrash);
  process.on('uncaughtException', recordCrash);
  // Hostile values, not rates, are what this file sends: rate limits are tested in client-events.test.ts.
  server = await startTestServer({ rateLimits: UNLIMITED_RATES });
  bystanders = await Promise.all([
    TappedConnection.open('the student in general', server.url, [MAIN_NAMESPACE]),
    TappedConnection.open('the client of /other', server.url, [OTHER_NAMESPACE]),
    TappedConnection.open('the observer of /lab', server.url, [LAB_NAMESPACE]),
    TappedConnection.open('the observer of /lifecycle', server.url, [LIFECYCLE_NAMESPACE]),
  ]);
  const joined = await bystanders[0]!.socket(MAIN_NAMESPACE).emitWithAck('join-room', { room: 'general', name: 'Bystander' });
  expect(joined).toMatchObject({ ok: true });
  for (let index = 0; index < HOSTILE_CONNECTIONS; index++) hostile.push(await openHostile(index));
});

afterAll(async () => {
  for (const connection of [...bystanders, ...hostile]) connection.close();
  await server?.stop();
  process.off('unhandledRejection', recordCrash);
  process.off('uncaughtException', recordCrash);
});

const openHostile = (index: number) => TappedConnection.open(`hostile script ${index + 1}`, server.url, NAMESPACES);

/** Waits out what connecting, joining and leaving legitimately told everyone, then forgets it. */
async function quiet(): Promise<void> {
  await sleep(SNAPSHOT_SETTLE_MS);
  const everyone = [...bystanders, ...hostile];
  await Promise.all(everyone.filter((connection) => connection.connected).map((connection) => connection.roundTrip()));
  for (const connection of everyone) connection.heard.length = 0;
  crashes.length = 0;
}

/** Closes a connection and waits until the server has seen its sockets go, so that what that tells others is not heard later. */
async function closeAndWait(connection: TappedConnection): Promise<void> {
  const sockets = [...connection.sockets].map(([namespace, socket]) => [namespace, socket.id] as const);
  connection.close();
  await until(() => sockets.every(([namespace, id]) => id === undefined || !server.io.of(namespace).sockets.has(id)), 5000);
}

/** A fresh connection in place of one that may have been closed or moved into a room, so that a failure does not leak into the next run. */
async function replaceHostile(connection: TappedConnection): Promise<void> {
  const index = hostile.indexOf(connection);
  await closeAndWait(connection);
  hostile[index] = await openHostile(index);
  await quiet();
}

/** The next hostile connection, in turn. */
async function nextHostile(): Promise<TappedConnection> {
  const index = requestsSent++ % hostile.length;
  if (!hostile[index]!.connected) await replaceHostile(hostile[index]!);
  return hostile[index]!;
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(5);
}

/** Sentences a student can read: no "[object Object]", no stack trace, no echo of a 60 KB flood. */
function isReadableSentence(error: unknown): boolean {
  return typeof error === 'string' && error.trim().length > 0 && error.length <= 500 && /[A-Za-z]/.test(error) && !error.includes('[object ') && !/\n\s*at /.test(error);
}

/** The name the server reports back: the event's own, or the start of a long one. */
function namesTheEvent(reported: unknown, event: string | number): boolean {
  const name = String(event);
  if (reported === name) return true;
  return name.length > 32 && typeof reported === 'string' && reported.length > 0 && name.startsWith(reported.replace(/…$/, ''));
}

const PACKET_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'];

function describePacket(packet: WirePacket): string {
  const data = JSON.stringify(packet.data) ?? '';
  return `${PACKET_TYPES[packet.type] ?? packet.type} on ${packet.nsp}${packet.id === undefined ? '' : ` (ack id ${packet.id})`} ${data.length > 300 ? `${data.slice(0, 300)}…` : data}`;
}

/** What is wrong with the one packet that answered `command`, if anything. */
function wrongAnswer(command: Command, answer: WirePacket): string | undefined {
  if (answer.nsp !== command.namespace) return `answered on ${answer.nsp} instead of ${command.namespace}: ${describePacket(answer)}`;
  const data = Array.isArray(answer.data) ? (answer.data as unknown[]) : [];
  if (expectsAck(command)) {
    if (answer.type !== 3 && answer.type !== 6) return `expected the acknowledgement to be called, got ${describePacket(answer)}`;
    if (command.kind === 'raw' && answer.id !== command.ackId) return `acknowledged id ${answer.id}, not ${command.ackId}`;
    const reply = data[0] as { ok?: unknown; error?: unknown } | undefined;
    if (reply?.ok !== false || !isReadableSentence(reply.error)) return `expected the ack to get { ok: false, error: <a sentence> }, got ${describePacket(answer)}`;
    return undefined;
  }
  const [event, error] = data as [unknown, { event?: unknown; error?: unknown } | undefined];
  if (answer.type !== 2 || event !== 'chat-error') return `expected a chat-error event, got ${describePacket(answer)}`;
  if (!namesTheEvent(error?.event, command.event) || !isReadableSentence(error?.error)) {
    return `expected chat-error { event: ${JSON.stringify(String(command.event)).slice(0, 60)}, error: <a sentence> }, got ${describePacket(answer)}`;
  }
  return undefined;
}

/**
 * Sends one hostile request and returns every way the server failed the contract: it must answer the sender
 * exactly once with an error, stay up, keep the sender connected, and (with `othersHearNothing`) send no other
 * socket anything, the sender's own sockets in other namespaces included.
 */
async function problemsAnswering(sender: TappedConnection, command: Command, othersHearNothing: boolean): Promise<string[]> {
  sender.send(command);
  await until(() => sender.heard.some((packet) => packet.nsp === command.namespace) || !sender.connected || crashes.length > 0, ANSWER_MS);
  const everyone = [...new Set([sender, ...bystanders, ...hostile])].filter((connection) => connection.connected);
  await Promise.all(everyone.map((connection) => connection.roundTrip()));

  const problems: string[] = [];
  if (crashes.length > 0) problems.push(`the server would have crashed: ${crashes.join('; ')}`);
  if (!sender.connected) problems.push("the server closed the sender's connection");
  const [answer, ...more] = sender.heard.filter((packet) => packet.nsp === command.namespace);
  if (answer === undefined) problems.push(crashes.length > 0 ? 'no answer' : `no answer within ${ANSWER_MS} ms`);
  else {
    const wrong = wrongAnswer(command, answer);
    if (wrong) problems.push(wrong);
    if (more.length > 0) problems.push(`answered ${more.length + 1} times; then: ${more.map(describePacket).join(' | ')}`);
  }
  if (othersHearNothing) {
    const elsewhere = sender.heard.filter((packet) => packet.nsp !== command.namespace);
    if (elsewhere.length > 0) problems.push(`the sender's other sockets heard: ${elsewhere.map(describePacket).join(' | ')}`);
    for (const other of [...bystanders, ...hostile].filter((connection) => connection !== sender)) {
      if (other.heard.length > 0) problems.push(`${other.name} heard: ${other.heard.map(describePacket).join(' | ')}`);
      if (!other.connected) problems.push(`${other.name} was disconnected`);
    }
  }
  return problems;
}

function fail(what: string, problems: string[]): void {
  if (problems.length > 0) throw new Error(`${what}:\n  - ${problems.join('\n  - ')}`);
}

/** A new student can still connect and join general, and the HTTP side still answers. */
async function expectServerUp(): Promise<void> {
  expect(crashes, 'the server would have crashed').toEqual([]);
  const probe = await TappedConnection.open('a new student', server.url, [MAIN_NAMESPACE]);
  try {
    const joined = await probe.socket(MAIN_NAMESPACE).timeout(5000).emitWithAck('join-room', { room: 'general', name: 'Probe' });
    expect(joined).toMatchObject({ ok: true, room: 'general' });
  } finally {
    await closeAndWait(probe);
  }
  const stats = await fetch(`${server.url}/api/stats`);
  expect(stats.status).toBe(200);
}

describe('hostile socket.io clients', () => {
  test('every invalid request, on any namespace, gets exactly one error back, and no other socket hears a thing', async () => {
    await quiet();
    await fc.assert(
      fc.asyncProperty(hostileCommands, async (command) => {
        const sender = await nextHostile();
        crashes.length = 0;
        const problems = await problemsAnswering(sender, command, true);
        // Whatever this run caused has arrived (problemsAnswering ended with a round trip): the next run starts clean.
        for (const connection of [...bystanders, ...hostile]) connection.heard.length = 0;
        if (problems.length > 0) await replaceHostile(sender);
        fail(describeCommand(command), problems);
      }),
      { ...settings, numRuns: RUNS },
    );
    await expectServerUp();
  }, 60_000);

  /** A socket of / or /other that goes away is news for the /lab and /lifecycle observers; one of /idle is news for nobody. */
  async function expectOnlyTheSenderDropped(send: (sender: TappedConnection) => void, what: string): Promise<void> {
    await quiet();
    const sender = await TappedConnection.open('a script with an /idle socket', server.url, [IDLE_NAMESPACE]);
    await sender.roundTrip();
    sender.heard.length = 0;
    const closed = waitFor<string>(sender.socket(IDLE_NAMESPACE), 'disconnect', 5000).catch(() => undefined);
    send(sender);
    const reason = await closed;
    await Promise.all([...bystanders, ...hostile].map((connection) => connection.roundTrip()));
    const problems: string[] = [];
    if (crashes.length > 0) problems.push(`the server would have crashed: ${crashes.join('; ')}`);
    if (reason === undefined) problems.push(`the connection stayed open; it heard: ${sender.heard.map(describePacket).join(' | ') || 'nothing'}`);
    for (const other of [...bystanders, ...hostile]) {
      if (other.heard.length > 0) problems.push(`${other.name} heard: ${other.heard.map(describePacket).join(' | ')}`);
      if (!other.connected) problems.push(`${other.name} was disconnected`);
    }
    await closeAndWait(sender);
    fail(what, problems);
  }

  /** A socket.io EVENT packet for /idle whose Engine.IO message weighs exactly `bytes`. */
  const oversizedEvent = (bytes: number) => {
    const head = '42/idle,["send-message","';
    const tail = '"]';
    return `${head.slice(1)}${'a'.repeat(bytes - head.length - tail.length)}${tail}`;
  };

  test('a packet over MAX_PACKET_BYTES closes the sender\'s own connection, and only that', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MAX_PACKET_BYTES + 1, max: 4 * MAX_PACKET_BYTES }), fc.boolean(), async (bytes, raw) => {
        await expectOnlyTheSenderDropped((sender) => {
          const packet = oversizedEvent(bytes);
          if (raw) sender.manager.engine.send(packet);
          else sender.socket(IDLE_NAMESPACE).emit('send-message', { text: 'a'.repeat(bytes) });
        }, `a ${bytes.toLocaleString('en')}-byte packet (${raw ? 'raw' : 'emitted'})`);
      }),
      { ...settings, numRuns: Math.max(3, Math.ceil(RUNS / 15)) },
    );
    await expectServerUp();
  }, 60_000);

  // Packets socket.io's parser rejects, or that break its protocol: the server closes that connection.
  test.each([
    ['invalid JSON', ['2/idle,[bad json']],
    ['an event that is not an array', ['2/idle,{"a":1}']],
    ['an event with no name', ['2/idle,[]']],
    ['an event named null', ['2/idle,[null,1]']],
    ['an event with a reserved name', ['2/idle,["disconnect"]']],
    ['an unknown packet type', ['9/idle,["x"]']],
    ['a packet that is not socket.io at all', ['hello']],
    ['an event for a namespace this connection never joined', ['2/lab,["x"]']],
    ['an event for a namespace that does not exist', ['2/nope,["x"]']],
    ['a second CONNECT to a namespace already joined', ['0/idle,{}']],
    ['a binary event with no attachment count', ['5-/idle,["x"]']],
    ['a binary event announcing too many attachments', ['5999-/idle,["x"]']],
    ['a binary event whose placeholder points past its attachments', ['51-/idle,["x",{"_placeholder":true,"num":7}]', Buffer.from([1])]],
    ['binary data nobody announced', [Buffer.from([1, 2, 3])]],
  ] as [string, (string | Buffer)[]][])('%s closes only the sender\'s connection', async (what, frames) => {
    await expectOnlyTheSenderDropped((sender) => {
      for (const frame of frames) sender.manager.engine.send(frame);
    }, what);
  });
});

describe('the lab:perform requests that used to crash the server', () => {
  /** Sends one request from a fresh connection on / and expects one error back. */
  async function expectAnError(command: Command): Promise<void> {
    await quiet();
    const sender = await TappedConnection.open('a student script', server.url, [MAIN_NAMESPACE]);
    try {
      crashes.length = 0;
      fail(describeCommand(command), await problemsAnswering(sender, command, false));
    } finally {
      await closeAndWait(sender);
    }
    await expectServerUp();
  }

  const perform = (payload: unknown, ack: boolean): Command => ({ kind: 'emit', namespace: MAIN_NAMESPACE, event: 'lab:perform', args: [payload], ack });

  test('a variant of { toString: 1 } gets an error back, and the server stays up', async () => {
    await expectAnError(perform({ variant: { toString: 1 } }, true));
  });

  test('a variant of [{ toString: 1 }] gets an error back as chat-error, and the server stays up', async () => {
    await expectAnError(perform({ variant: [{ toString: 1 }] }, false));
  });

  test("a variant of { toString: 'x', valueOf: 'y' } gets an error back, and the server stays up", async () => {
    await expectAnError(perform({ variant: { toString: 'x', valueOf: 'y' } }, true));
  });

  test('a variant nested 30,000 arrays deep (a raw packet under MAX_PACKET_BYTES) gets an error back, and the server stays up', async () => {
    await expectAnError({ kind: 'raw', namespace: MAIN_NAMESPACE, event: 'lab:perform', args: [{ variant: new Deep('arrays', 30_000) }], ackId: 7 });
  });

  test('a variant nested 100,000 arrays deep (200 KB, over MAX_PACKET_BYTES) closes only the sender\'s connection, and the server stays up', async () => {
    const deep = new Deep('arrays', 100_000);
    expect(deep.json.length).toBeGreaterThan(MAX_PACKET_BYTES);
    await quiet();
    const sender = await TappedConnection.open('a student script', server.url, [MAIN_NAMESPACE]);
    const closed = waitFor<string>(sender.socket(MAIN_NAMESPACE), 'disconnect', 5000).catch(() => undefined);
    sender.manager.engine.send(`2["lab:perform",{"variant":${deep.json}}]`);
    const reason = await closed;
    await closeAndWait(sender);
    expect(crashes, 'the server would have crashed').toEqual([]);
    expect(reason, 'the server should have closed the connection').toBeDefined();
    await expectServerUp();
  });
});

describe('hostile HTTP clients', () => {
  interface HttpAnswer {
    status: number;
    contentType: string;
    body: string;
  }

  /** node:http rather than fetch: any method, the path exactly as written, and a body on a GET. */
  function send(request: HostileRequest): Promise<HttpAnswer> {
    const { port } = new URL(server.url);
    const headers: Record<string, string | number> = {};
    // Stated, since node:http frames no body on a GET by itself: the server would read it as a second, garbled request.
    if (request.body) headers['content-length'] = request.body.bytes.length;
    if (request.body?.contentType) headers['content-type'] = request.body.contentType;
    return new Promise((resolve, reject) => {
      let answered = false;
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, method: request.method, path: requestTarget(request), agent: false, timeout: 10_000, headers },
        (response) => {
          answered = true;
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString() }));
          response.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 10 s')));
      // The server may answer and close before it read a big body: the write then fails after the answer, harmlessly.
      outgoing.on('error', (error) => {
        if (!answered) reject(error);
      });
      outgoing.end(request.body?.bytes);
    });
  }

  function problemsWith(request: HostileRequest, answer: HttpAnswer): string[] {
    const problems: string[] = [];
    if (answer.status >= 500) problems.push(`answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    if (request.method === 'POST' && /idle-connections/i.test(request.path) && answer.status < 400) {
      problems.push(`answered ${answer.status}: the invalid count should have been refused, not measured`);
    }
    if (isApiPath(request.path) && answer.status >= 400 && request.method !== 'HEAD') {
      let error: unknown;
      try {
        error = (JSON.parse(answer.body) as { error?: unknown }).error;
      } catch {
        error = undefined;
      }
      if (!answer.contentType.includes('json') || typeof error !== 'string' || error.trim().length === 0) {
        problems.push(`answered ${answer.status} with ${answer.contentType || 'no content type'} ${JSON.stringify(answer.body.slice(0, 200))}, not JSON with a string "error"`);
      }
    }
    return problems;
  }

  test('every request to /api/ gets a JSON error or an answer, never a 5xx, and the server stays up', async () => {
    await fc.assert(
      fc.asyncProperty(hostileRequests, async (request) => {
        crashes.length = 0;
        let problems: string[];
        try {
          problems = problemsWith(request, await send(request));
        } catch (error) {
          problems = [`no answer: ${(error as Error).message}`];
        }
        if (crashes.length > 0) problems.push(`the server would have crashed: ${crashes.join('; ')}`);
        fail(describeRequest(request), problems);
      }),
      { ...settings, numRuns: RUNS },
    );
    await expectServerUp();
  }, 60_000);
});
