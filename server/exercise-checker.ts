// Runs an exercise's checks against a student's handler: a real server wired with the handler, real
// socket.io-client clients for each check's cast, and who really received the watched event.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { MAIN_NAMESPACE } from '../core/emit-rules.ts';
import { CHECK_SETTLE_EVENT, describeDelivered, describeReceivers, matchesClaim, type CheckBlock, type ExerciseBlock } from '../core/lessons.ts';
import type { ScenarioClient } from '../core/scenario.ts';
import {
  startExerciseServer,
  type ExerciseAuth,
  type ExerciseHandler,
  type ExercisePayload,
  type ExerciseReply,
  type RunningExercise,
} from './exercise-server.ts';
import { runScenario, type CastMember } from './scenario-runner.ts';

/** How long a handler may take before its check fails. */
export const HANDLER_TIME_LIMIT_MS = 5000;

export interface CheckResult {
  check: CheckBlock;
  passed: boolean;
  /** "Alice, Bob" or "nobody". */
  expected: string;
  /** Who really received it ("Bob", "Alice (twice)"), or what went wrong before anyone could. */
  actual: string;
  /** Set when the handler threw, hung or the check could not run. */
  problem?: string;
}

export type LoadedHandler = { ok: true; handler: ExerciseHandler } | { ok: false; error: string };

/** Imports the student's file and finds the exercise's handler in it. */
export async function loadHandler(path: string, shownAs: string, exercise: ExerciseBlock): Promise<LoadedHandler> {
  if (!existsSync(path)) return { ok: false, error: `${shownAs} is missing: it should export a function ${exercise.handler}.` };
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    return { ok: false, error: `${shownAs} could not be loaded: ${error instanceof Error ? error.message : String(error)}` };
  }
  const handler = module[exercise.handler];
  if (typeof handler !== 'function') return { ok: false, error: `${shownAs} must export a function named ${exercise.handler}.` };
  return { ok: true, handler: handler as ExerciseHandler };
}

interface Member extends CastMember {
  socket: Socket;
  received: number;
}

async function join(server: RunningExercise, exercise: ExerciseBlock, client: ScenarioClient): Promise<Member> {
  const auth: ExerciseAuth = { name: client.name, extraRooms: client.extraRooms };
  if (client.room !== undefined) auth.room = client.room;
  const path = client.namespace === MAIN_NAMESPACE ? '' : client.namespace;
  const socket = connect(`${server.url}${path}`, { forceNew: true, reconnection: false, auth });
  const member: Member = {
    name: client.name,
    id: '',
    socket,
    received: 0,
    async close() {
      const serverSide = server.io.of(client.namespace).sockets.get(member.id);
      const gone = serverSide ? new Promise((resolve) => serverSide.once('disconnect', resolve)) : Promise.resolve();
      socket.disconnect();
      await gone;
    },
  };
  socket.on(exercise.watch, () => member.received++);
  socket.on(CHECK_SETTLE_EVENT, (answer: () => void) => answer());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error) => reject(new Error(`${client.name} could not connect to the check's server: ${error.message}`)));
  });
  member.id = socket.id!;
  return member;
}

async function runCheck(server: RunningExercise, exercise: ExerciseBlock, check: CheckBlock): Promise<CheckResult> {
  const expected = describeReceivers(check.receivers);
  try {
    const run = await runScenario(check, (client) => join(server, exercise, client), async (sender, socketIdOf) => {
      const payload: ExercisePayload = { text: `Hello from ${sender.name}` };
      if (check.target !== undefined) payload.to = socketIdOf(check.target);
      let reply: ExerciseReply;
      try {
        reply = await sender.socket.timeout(HANDLER_TIME_LIMIT_MS).emitWithAck(exercise.on, payload);
      } catch {
        throw new Error(`${exercise.handler} did not finish within ${HANDLER_TIME_LIMIT_MS / 1000} s`);
      }
      if (!reply.ok) throw new Error(reply.error);
      return { times: (member) => member.received };
    });
    return { check, passed: matchesClaim(check.receivers, run.deliveries), expected, actual: describeDelivered(run.deliveries) };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { check, passed: false, expected, actual: 'the check could not finish', problem };
  }
}

/** Every check of the exercise, in order, on one server wired with the handler; each check has a fresh cast. */
export async function checkExercise(exercise: ExerciseBlock, checks: readonly CheckBlock[], handler: ExerciseHandler): Promise<CheckResult[]> {
  const server = await startExerciseServer(exercise, handler);
  try {
    const results: CheckResult[] = [];
    for (const check of checks) results.push(await runCheck(server, exercise, check));
    return results;
  } finally {
    await server.close();
  }
}
