// Checks one exercise in a child process of its own, within a time limit: a student's file that throws,
// never returns, calls process.exit() or does not compile is reported as "file:line: what happened", and
// the check runner or the playground that asked carries on.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Lesson } from '../core/lessons.ts';
import { lessonBlocks } from '../core/lessons.ts';
import type { CheckResult } from './exercise-checker.ts';
import { at, handlerLine, type ExerciseSource } from './exercise-location.ts';
import { projectRoot } from './lesson-files.ts';
import { startRedisServer, type RedisServer } from './redis-server.ts';

/** Longer than this without a heartbeat, the child's event loop is stuck: a loop that never ends. */
export const BLOCKED_LIMIT_MS = 3000;
/** The whole exercise, from starting the child to its last check. */
export const EXERCISE_TIME_LIMIT_MS = 30_000;

export type ExerciseOutcome = { ok: true; results: CheckResult[] } | { ok: false; error: string };

/** What the child says over IPC. */
export type ChildMessage = { type: 'alive' } | { type: 'phase'; phase: 'loading' | 'checking' } | { type: 'done'; outcome: ExerciseOutcome };

const childEntry = join(projectRoot, 'server', 'exercise-child.ts');

/** Whether the outcome passes: loaded, and every check passed. */
export const passes = (outcome: ExerciseOutcome) => outcome.ok && outcome.results.every((result) => result.passed);

/** Checks the lesson's exercise against the file at source.path, in a child process. Never rejects. */
export async function checkInChildProcess(lesson: Lesson, source: ExerciseSource): Promise<ExerciseOutcome> {
  const exercise = lessonBlocks(lesson, 'exercise')[0];
  if (!exercise) return { ok: false, error: `Lesson ${lesson.id} has no exercise.` };
  if (exercise.nodes === undefined) return checkInChild(lesson, source, []);
  // Redis is started here, not in the child: a child killed for a loop that never ends cannot leave it running.
  let redis: RedisServer;
  try {
    redis = await startRedisServer();
  } catch (error) {
    const why = error instanceof Error ? error.message : 'redis-server did not start';
    return { ok: false, error: `${why}. This exercise runs on ${exercise.nodes} nodes that share one Redis, started by the check.` };
  }
  try {
    return await checkInChild(lesson, source, [redis.url]);
  } finally {
    await redis.stop();
  }
}

function checkInChild(lesson: Lesson, source: ExerciseSource, extraArgs: string[]): Promise<ExerciseOutcome> {
  const exercise = lessonBlocks(lesson, 'exercise')[0]!;
  return new Promise((resolve) => {
    // tsx compiles the student's TypeScript in the child; its stacks point at the lines of the .ts file.
    const child = fork(childEntry, [lesson.id, source.path, source.shownAs, ...extraArgs], {
      cwd: projectRoot,
      execPath: process.execPath,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);

    let phase: 'starting' | 'loading' | 'checking' = 'starting';
    let lastAlive = Date.now();
    let settled = false;
    const settle = (outcome: ExerciseOutcome) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      clearTimeout(deadline);
      child.kill('SIGKILL');
      resolve(outcome);
    };

    child.on('message', (message: ChildMessage) => {
      lastAlive = Date.now();
      if (message.type === 'phase') phase = message.phase;
      else if (message.type === 'done') settle(message.outcome);
    });
    const watchdog = setInterval(() => {
      if (phase === 'starting' || Date.now() - lastAlive <= BLOCKED_LIMIT_MS) return;
      const seconds = BLOCKED_LIMIT_MS / 1000;
      settle(
        phase === 'loading'
          ? { ok: false, error: at(source, undefined, `never finished loading: the code at the top of the file kept running for ${seconds} s (a loop that never ends?)`) }
          : {
              ok: false,
              error: at(source, handlerLine(source, exercise.handler), `${exercise.handler} never returned: it kept the server's event loop busy for ${seconds} s, so no client was served (a loop that never ends?)`),
            },
      );
    }, 250);
    const deadline = setTimeout(
      () => settle({ ok: false, error: at(source, undefined, `the checks did not finish within ${EXERCISE_TIME_LIMIT_MS / 1000} s`) }),
      EXERCISE_TIME_LIMIT_MS,
    );
    child.on('error', (error) => settle({ ok: false, error: `The check could not start: ${error.message}` }));
    child.on('exit', (code, signal) => {
      const last = output.trim().split('\n').slice(-3).join(' ');
      settle({ ok: false, error: at(source, undefined, `ended the check's process (${signal ?? `exit code ${code}`}) before the checks finished${last ? `: ${last}` : ''}`) });
    });
  });
}
