// The live check beside a lesson: `GET /api/exercises/rooms` checks lessons/exercises/rooms.ts now, in a
// child process within the checker's time limit, as `npm run check -- rooms` would. Each run costs a
// process and a second of CPU, so it is rate-limited, one or two at a time, and in classroom mode only
// the instructor may ask: thirty phones must not keep the projector's laptop busy. In solo mode the server
// listens on this machine only, unless HOST opens it to devices the student trusts.
import { join } from 'node:path';
import { Router } from 'express';
import { EXERCISE_ROUTE, exerciseFile, lessonBlocks, type ExerciseStatus } from '../core/lessons.ts';
import type { Reply } from '../core/chat-contract.ts';
import type { RateLimit } from '../core/limits.ts';
import { TokenBucket, tooFast } from '../core/rate-limit.ts';
import type { Classroom } from './classroom.ts';
import { checkInChildProcess, passes, type ExerciseOutcome } from './exercise-process.ts';
import { projectRoot, readLessons } from './lesson-files.ts';

/** Per address: a few "Check again" clicks at once, then one every 4 s. */
export const EXERCISE_CHECK_LIMIT: RateLimit = { burst: 5, perSecond: 0.25 };
/** Checks running at once, server-wide: the machine also serves the playground. */
export const EXERCISE_CHECKS_AT_ONCE = 2;

export const EXERCISE_CHECKS_ARE_THE_INSTRUCTORS =
  'In classroom mode only the instructor checks exercises here: run npm run check in a terminal on your own copy of the project.';

const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function statusOf(file: string, outcome: ExerciseOutcome): ExerciseStatus {
  if (!outcome.ok) return { file, passes: false, error: outcome.error, checks: [] };
  return {
    file,
    passes: passes(outcome),
    checks: outcome.results.map(({ check, passed, expected, actual, problem }) => ({
      id: check.id,
      passed,
      expected,
      actual,
      hint: check.hint,
      ...(problem === undefined ? {} : { problem }),
    })),
  };
}

export function exerciseRouter(classroom: Classroom): Router {
  const router = Router();
  const buckets = new Map<string, TokenBucket>();
  let running = 0;
  router.get(`${EXERCISE_ROUTE}/:id`, async (request, response) => {
    const answer = (status: number, reply: Reply<{ status: ExerciseStatus }>) => response.status(status).json(reply);
    const route = `GET ${EXERCISE_ROUTE}`;
    const address = request.socket.remoteAddress ?? '';
    const bucket = buckets.get(address) ?? new TokenBucket(EXERCISE_CHECK_LIMIT, Date.now());
    buckets.set(address, bucket);
    if (!bucket.take(Date.now())) return answer(429, { ok: false, error: tooFast(route, EXERCISE_CHECK_LIMIT) });
    if (!classroom.isInstructorRequest(request)) return answer(403, { ok: false, error: EXERCISE_CHECKS_ARE_THE_INSTRUCTORS });
    const id = request.params.id;
    const read = readLessons();
    if (!read.ok) return answer(500, { ok: false, error: 'The lessons have mistakes to fix first: run npm run check in a terminal to see them.' });
    const lesson = typeof id === 'string' && LESSON_ID.test(id) ? read.lessons.find((candidate) => candidate.id === id) : undefined;
    if (!lesson || lessonBlocks(lesson, 'exercise').length === 0) {
      return answer(404, { ok: false, error: 'There is no exercise by that name: open a lesson with an exercise and check it from there.' });
    }
    if (running >= EXERCISE_CHECKS_AT_ONCE) return answer(429, { ok: false, error: 'Other checks are running on this server right now: try again in a few seconds.' });
    running++;
    try {
      const file = exerciseFile(lesson);
      const outcome = await checkInChildProcess(lesson, { path: join(projectRoot, file), shownAs: file });
      return answer(200, { ok: true, status: statusOf(file, outcome) });
    } finally {
      running--;
    }
  });
  return router;
}
