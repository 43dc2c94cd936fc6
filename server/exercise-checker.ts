// Runs an exercise's checks against a student's handler: a real server wired with the handler, real
// socket.io-client clients for each check's cast, and who really received the watched event.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import type { ChatServerToClientEvents } from '../core/chat-contract.ts';
import { MAIN_NAMESPACE } from '../core/emit-rules.ts';
import { CHECK_SETTLE_EVENT, describeDelivered, describeReceivers, describeRooms, matchesClaim, type CheckBlock, type ExerciseBlock } from '../core/lessons.ts';
import type { ScenarioClient } from '../core/scenario.ts';
import { connectRedisAdapter, type RedisAdapter } from './adapter.ts';
import {
  startExerciseServer,
  type ExerciseAuth,
  type ExerciseHandler,
  type ExercisePayload,
  type ExerciseReply,
  type RunningExercise,
} from './exercise-server.ts';
import { at, errorSentence, handlerLine, lineInError, type ExerciseSource } from './exercise-location.ts';
import { startRedisServer } from './redis-server.ts';
import { runScenario, type CastMember } from './scenario-runner.ts';

/** The socket.io-client socket a student's client-side function is given (lesson 11), typed with the chat's events. */
export type ExerciseClientSocket = Socket<ChatServerToClientEvents, {}>;
/** A client-side function as loaded from a student's file: called with the arguments its exercise block's `client:` names. */
export type ExerciseClient = (...args: unknown[]) => unknown;

/** How long a handler may take before its check fails. */
export const HANDLER_TIME_LIMIT_MS = 3000;

export interface CheckResult {
  check: CheckBlock;
  passed: boolean;
  /** "Alice, Bob" or "nobody". */
  expected: string;
  /** Who really received it ("Bob", "Alice (twice)"), or what went wrong before anyone could. */
  actual: string;
  /** Set when the handler threw, hung or the check could not run. */
  problem?: string;
  /** Set when the handler did not finish within HANDLER_TIME_LIMIT_MS. */
  timedOut?: true;
}

export type LoadedHandler = { ok: true; handler: ExerciseHandler; client?: ExerciseClient } | { ok: false; error: string };

/** Imports the student's file and finds the exercise's handler in it, and its client-side function when it has one. */
export async function loadHandler(path: string, shownAs: string, exercise: ExerciseBlock): Promise<LoadedHandler> {
  if (!existsSync(path)) return { ok: false, error: `${shownAs} is missing: it should export a function ${exercise.handler}.` };
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    const source = { path, shownAs };
    return { ok: false, error: at(source, lineInError(error, source), `could not be loaded: ${errorSentence(error)}`) };
  }
  const handler = module[exercise.handler];
  if (typeof handler !== 'function') return { ok: false, error: `${shownAs} must export a function named ${exercise.handler}.` };
  if (!exercise.client) return { ok: true, handler: handler as ExerciseHandler };
  const client = module[exercise.client.handler];
  if (typeof client !== 'function') return { ok: false, error: `${shownAs} must export a function named ${exercise.client.handler}.` };
  return { ok: true, handler: handler as ExerciseHandler, client: client as ExerciseClient };
}

/** What one check runs on: the servers (one, or one per node), and the student's client-side function if any. */
interface Stage {
  nodes: RunningExercise[];
  client?: ExerciseClient;
  source?: ExerciseSource;
}

interface Member extends CastMember {
  socket: Socket;
  received: number;
  /** Settle markers received: on several nodes, the checker waits for each member's. */
  settled: number;
}

/** A reconnected client's wait between attempts: short, since the checker drops its connection on purpose. */
const RECONNECTION_DELAY_MS = 50;

const connected = (socket: Socket, name: string) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error) => reject(new Error(`${name} could not connect to the check's server: ${error.message}`)));
  });

async function join(stage: Stage, exercise: ExerciseBlock, client: ScenarioClient): Promise<Member> {
  const server = stage.nodes[(client.node ?? 1) - 1]!;
  const auth: ExerciseAuth = { name: client.name, extraRooms: client.extraRooms };
  if (client.room !== undefined) auth.room = client.room;
  const path = client.namespace === MAIN_NAMESPACE ? '' : client.namespace;
  // A reconnected client keeps its one Socket object across the drop, as a page does: its listeners with it.
  const reconnection = client.reconnected === true;
  const socket = connect(`${server.url}${path}`, { forceNew: true, autoConnect: false, reconnection, reconnectionDelay: RECONNECTION_DELAY_MS, randomizationFactor: 0, auth });
  const member: Member = {
    name: client.name,
    id: '',
    socket,
    received: 0,
    settled: 0,
    async close() {
      const serverSide = server.io.of(client.namespace).sockets.get(member.id);
      const gone = serverSide ? new Promise((resolve) => serverSide.once('disconnect', resolve)) : Promise.resolve();
      socket.disconnect();
      await gone;
    },
  };
  const showMessage = () => member.received++;
  if (stage.client && exercise.client && client.namespace === MAIN_NAMESPACE) {
    const values = { socket, showMessage };
    try {
      stage.client(...exercise.client.args.map((name) => values[name]));
    } catch (error) {
      socket.disconnect();
      const what = `${exercise.client.handler} threw ${error instanceof Error ? `${error.name}: ${error.message}` : errorSentence(error)}`;
      throw new Error(stage.source ? at(stage.source, lineInError(error, stage.source) ?? handlerLine(stage.source, exercise.client.handler), what) : what);
    }
  } else {
    socket.on(exercise.watch, (...args: unknown[]) => {
      showMessage();
      // The watched event may be sent with an acknowledgement (lesson 9): answered unless the cast says otherwise.
      const ack = args.at(-1);
      if (typeof ack === 'function' && client.answersAcks) ack({ ok: true });
    });
  }
  socket.on(CHECK_SETTLE_EVENT, (answer?: unknown) => {
    member.settled++;
    if (typeof answer === 'function') answer();
  });
  const first = connected(socket, client.name);
  socket.connect();
  await first;
  if (reconnection) {
    // The server drops the connection, as a Wi-Fi blip would: socket.io-client reconnects by itself, on the same Socket.
    const again = connected(socket, client.name);
    server.io.of(client.namespace).sockets.get(socket.id!)?.conn.close();
    await again;
  }
  member.id = socket.id!;
  return member;
}

/** On several nodes: resolves once every member got the settle marker sent after the handler ran, so that what it sent before has arrived. */
async function everySettled(members: readonly Member[]): Promise<void> {
  const deadline = Date.now() + HANDLER_TIME_LIMIT_MS;
  while (!members.every((member) => member.settled > 0)) {
    const missing = members.filter((member) => member.settled === 0).map((member) => member.name);
    if (Date.now() > deadline) throw new Error(`the check's nodes did not reach ${missing.join(', ')} within ${HANDLER_TIME_LIMIT_MS / 1000} s: is Redis still running?`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

class HandlerTimeout extends Error {}

const withinLimit = <T>(work: Promise<T>, tooLong: () => Error) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(tooLong()), HANDLER_TIME_LIMIT_MS);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

async function runCheck(stage: Stage, exercise: ExerciseBlock, check: CheckBlock): Promise<CheckResult> {
  const { source } = stage;
  const expected = describeReceivers(check.receivers) + (check.senderRooms ? `; then ${check.sender} in ${describeRooms(check.senderRooms)} only` : '');
  const tooLong = () => {
    const what = `${exercise.handler} did not finish within ${HANDLER_TIME_LIMIT_MS / 1000} s (an await that never resolves?)`;
    return new HandlerTimeout(source ? at(source, handlerLine(source, exercise.handler), what) : what);
  };
  let problem: string | undefined;
  let senderRooms: string[] = [];
  try {
    const members: Member[] = [];
    const run = await runScenario(check, async (client) => {
      const member = await join(stage, exercise, client);
      members.push(member);
      return member;
    }, async (sender, socketIdOf) => {
      const server = stage.nodes[(check.clients.find((client) => client.name === sender.name)!.node ?? 1) - 1]!;
      const payload: ExercisePayload = { text: `Hello from ${sender.name}` };
      if (check.target !== undefined) payload.to = socketIdOf(check.target);
      if (check.room !== undefined) payload.room = check.room;
      let reply: ExerciseReply;
      if (exercise.on === 'disconnecting') {
        const handled = server.whenDisconnectHandled(sender.id);
        sender.socket.disconnect();
        reply = await withinLimit(handled, tooLong);
      } else {
        try {
          reply = await sender.socket.timeout(HANDLER_TIME_LIMIT_MS).emitWithAck(exercise.on, payload);
        } catch {
          throw tooLong();
        }
      }
      if (!reply.ok) problem = reply.error;
      if (exercise.nodes !== undefined) await everySettled(members);
      // Where the sender's socket really is now, as its server keeps it: its own room (its id) is not a chat room.
      const socket = server.io.of(MAIN_NAMESPACE).sockets.get(sender.id);
      senderRooms = socket ? [...socket.rooms].filter((room) => room !== socket.id) : [];
      return { times: (member) => member.received };
    });
    const roomsRight = !check.senderRooms || describeRooms(check.senderRooms) === describeRooms(senderRooms);
    const actual = describeDelivered(run.deliveries) + (check.senderRooms ? `; then ${check.sender} in ${describeRooms(senderRooms)}` : '');
    const result: CheckResult = { check, passed: !problem && matchesClaim(check.receivers, run.deliveries) && roomsRight, expected, actual };
    if (problem) result.problem = problem;
    return result;
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    const result: CheckResult = { check, passed: false, expected, actual: 'the check could not finish', problem };
    if (error instanceof HandlerTimeout) result.timedOut = true;
    return result;
  }
}

export interface CheckOptions {
  /** The student's client-side function, for an exercise with `client:`. */
  client?: ExerciseClient;
  /** For an exercise on several nodes: a running Redis to share. Without it, the checker starts one of its own. */
  redisUrl?: string;
}

/** How long the nodes of an exercise have to hear each other through Redis before the checks start. */
const NODES_MEET_WITHIN_MS = 5000;

/**
 * Starts the exercise's nodes on one Redis, each wired with the handler, and resolves once each has heard from
 * every other: only then does a broadcast from one reach the sockets of all. A broadcast to a room nobody is in
 * goes through the stream every node reads, without reaching anyone.
 */
async function startNodes(exercise: ExerciseBlock, handler: ExerciseHandler, source: ExerciseSource | undefined, redisUrl: string, stop: (() => Promise<unknown>)[]): Promise<RunningExercise[]> {
  const nodes: RunningExercise[] = [];
  for (let index = 0; index < exercise.nodes!; index++) {
    const redis: RedisAdapter = await connectRedisAdapter(redisUrl);
    stop.push(() => redis.close());
    const node = await startExerciseServer(exercise, handler, source, { adapter: redis.adapter });
    stop.push(() => node.close());
    nodes.push(node);
  }
  const deadline = Date.now() + NODES_MEET_WITHIN_MS;
  const counts = () => Promise.all(nodes.map((node) => node.io.of(MAIN_NAMESPACE).adapter.serverCount()));
  while (!(await counts()).every((count) => count === nodes.length)) {
    if (Date.now() > deadline) throw new Error(`the exercise's ${nodes.length} nodes did not hear each other through Redis within ${NODES_MEET_WITHIN_MS / 1000} s`);
    for (const node of nodes) node.io.to('check:nodes-meet').emit(CHECK_SETTLE_EVENT);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return nodes;
}

/** Every check of the exercise, in order, on one server (or one per node) wired with the handler; each check has a fresh cast. */
export async function checkExercise(
  exercise: ExerciseBlock,
  checks: readonly CheckBlock[],
  handler: ExerciseHandler,
  source?: ExerciseSource,
  options: CheckOptions = {},
): Promise<CheckResult[]> {
  const stop: (() => Promise<unknown>)[] = [];
  const results: CheckResult[] = [];
  try {
    let nodes: RunningExercise[];
    if (exercise.nodes === undefined) {
      const server = await startExerciseServer(exercise, handler, source);
      stop.push(() => server.close());
      nodes = [server];
    } else {
      let redisUrl = options.redisUrl;
      if (redisUrl === undefined) {
        const redis = await startRedisServer();
        stop.push(() => redis.stop());
        redisUrl = redis.url;
      }
      nodes = await startNodes(exercise, handler, source, redisUrl, stop);
    }
    const stage: Stage = { nodes };
    if (options.client) stage.client = options.client;
    if (source) stage.source = source;
    for (const check of checks) {
      const hung = results.find((result) => result.timedOut);
      // A handler that never finished once would make every later check wait its limit too: they fail with it.
      results.push(hung ? { check, passed: false, expected: describeReceivers(check.receivers), actual: 'not checked', problem: hung.problem!, timedOut: true } : await runCheck(stage, exercise, check));
    }
    return results;
  } catch (error) {
    // No server, no Redis: every check says why it could not run, none passes.
    const problem = error instanceof Error ? error.message : String(error);
    return checks.map((check) => results.find((result) => result.check === check) ?? { check, passed: false, expected: describeReceivers(check.receivers), actual: 'not checked', problem });
  } finally {
    // Last started, first stopped: the nodes, then their Redis connections, then Redis.
    for (const close of stop.reverse()) await close();
  }
}
