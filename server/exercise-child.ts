// The process one exercise is checked in (started by server/exercise-process.ts): the student's file is
// imported here, never in the check runner or the playground, so a throw, a loop that never ends or
// process.exit() in it ends this process at worst. It reports to its parent over IPC: a heartbeat while
// its event loop turns, then the outcome.
import { lessonBlocks } from '../core/lessons.ts';
import { checkExercise, loadHandler, type CheckOptions } from './exercise-checker.ts';
import { at, errorSentence, lineInError } from './exercise-location.ts';
import type { ChildMessage, ExerciseOutcome } from './exercise-process.ts';
import { readLessons } from './lesson-files.ts';

// The Redis to share, for an exercise on several nodes: started by the parent, which outlives this process.
const [lessonId = '', path = '', shownAs = path, redisUrl] = process.argv.slice(2);
const source = { path, shownAs };

const send = (message: ChildMessage, then?: () => void) => {
  if (process.connected) process.send!(message, undefined, {}, () => then?.());
  else then?.();
};
setInterval(() => send({ type: 'alive' }), 100);

let finished = false;
function finish(outcome: ExerciseOutcome): void {
  if (finished) return;
  finished = true;
  // Exits even if the student's code left a timer or a server running.
  send({ type: 'done', outcome }, () => process.exit(0));
}

// An error thrown later by the student's code (a timer, an event listener) fails the exercise, with its line.
const crashed = (error: unknown) => finish({ ok: false, error: at(source, lineInError(error, source), `${errorSentence(error)} (thrown outside the handler's call)`) });
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

const read = readLessons();
const lesson = read.ok ? read.lessons.find((candidate) => candidate.id === lessonId) : undefined;
const exercise = lesson ? lessonBlocks(lesson, 'exercise')[0] : undefined;
if (!lesson || !exercise) {
  finish({ ok: false, error: read.ok ? `No lesson ${lessonId} with an exercise.` : `The lessons have mistakes to fix first: ${read.errors.join('; ')}` });
} else {
  send({ type: 'phase', phase: 'loading' });
  const loaded = await loadHandler(path, shownAs, exercise);
  if (!loaded.ok) finish({ ok: false, error: loaded.error });
  else {
    send({ type: 'phase', phase: 'checking' });
    const options: CheckOptions = {};
    if (loaded.client) options.client = loaded.client;
    if (redisUrl) options.redisUrl = redisUrl;
    finish({ ok: true, results: await checkExercise(exercise, lessonBlocks(lesson, 'check'), loaded.handler, source, options) });
  }
}
