// `npm run check`: runs each lesson's exercise checks against the student's file, like rustlings.
//   npm run check                        the exercises in course order, stopping at the first one to do
//   npm run check -- --all               every exercise, done or to do
//   npm run check -- --hint              the hint of the next thing to fix
//   npm run check -- who-receives        one lesson's exercise (its id, or its number: 4)
//   npm run check -- who-receives --watch   again on every save
//   npm run check -- --dir lessons/solutions   the reference solutions instead
// Prints PASS or FAIL per check, with the expected and actual receivers and a hint; exits 1 on any failure.
// Each exercise runs in a child process of its own (server/exercise-process.ts), within a time limit.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exerciseFile, lessonBlocks, type ExerciseBlock, type Lesson } from '../core/lessons.ts';
import type { CheckResult } from './exercise-checker.ts';
import { checkInChildProcess, passes, type ExerciseOutcome } from './exercise-process.ts';
import { lessonsDir, projectRoot, readLessons } from './lesson-files.ts';

const USAGE = `Usage: npm run check [-- <lesson id or number>...] [--all] [--hint] [--watch] [--dir <directory>]

  npm run check                      checks the exercises in course order and stops at the first one to do
  npm run check -- --all             lists every exercise: done or to do
  npm run check -- --hint            prints the hint for the next thing to fix
  npm run check -- who-receives      checks one lesson's exercise (or: npm run check -- 4)
  npm run check -- 4 --watch         checks again each time you save the file
  npm run check -- --dir lessons/solutions   checks the reference solutions instead`;

interface Options {
  lessons: string[];
  watch: boolean;
  all: boolean;
  hint: boolean;
  /** Where the exercise files are read from, lessons/exercises by default. */
  dir: string;
}

type Parsed = { ok: true; options: Options } | { ok: false; error: string };

function parseArguments(args: readonly string[]): Parsed {
  const options: Options = { lessons: [], watch: false, all: false, hint: false, dir: join(projectRoot, 'lessons', 'exercises') };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--watch' || arg === '-w') options.watch = true;
    else if (arg === '--all') options.all = true;
    else if (arg === '--hint') options.hint = true;
    else if (arg === '--dir') {
      const dir = args[++index];
      if (dir === undefined) return { ok: false, error: '--dir needs a directory, like --dir lessons/solutions' };
      options.dir = resolve(dir);
    } else if (arg === '--help' || arg === '-h') return { ok: false, error: '' };
    else if (arg.startsWith('-')) return { ok: false, error: `Unknown option ${arg}.` };
    else options.lessons.push(arg);
  }
  if (!existsSync(options.dir)) return { ok: false, error: `There is no directory ${options.dir}.` };
  return { ok: true, options };
}

/** A path as the student would type it: from the project root when inside it. */
function shown(path: string): string {
  const fromRoot = relative(projectRoot, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}

const exercisePath = (options: Options, lesson: Lesson) => join(options.dir, basename(exerciseFile(lesson)));

type Selection = { ok: true; lessons: Lesson[] } | { ok: false; error: string };

function selectLessons(options: Options): Selection {
  const read = readLessons();
  if (!read.ok) return { ok: false, error: `The lessons have mistakes to fix first:\n${read.errors.map((error) => `  ${error}`).join('\n')}` };
  const withExercise = read.lessons.filter((lesson) => lessonBlocks(lesson, 'exercise').length > 0);
  if (options.lessons.length === 0) return { ok: true, lessons: withExercise };
  const chosen: Lesson[] = [];
  for (const wanted of options.lessons) {
    const lesson = withExercise.find((candidate) => candidate.id === wanted || String(candidate.order) === wanted);
    if (!lesson) {
      const known = withExercise.map((candidate) => `${candidate.id} (${candidate.order})`).join(', ');
      return { ok: false, error: `No exercise for "${wanted}". The lessons with an exercise are: ${known}.` };
    }
    if (!chosen.includes(lesson)) chosen.push(lesson);
  }
  return { ok: true, lessons: chosen };
}

function indent(text: string, spaces: number): string {
  return text.split('\n').map((line) => `${' '.repeat(spaces)}${line}`).join('\n');
}

function printResult(result: CheckResult, exercise: ExerciseBlock): void {
  const { check } = result;
  const sender = check.clients.find((client) => client.name === check.sender)!;
  const where = [sender.room === undefined ? 'in no room' : `in ${sender.room}`, ...(sender.node === undefined ? [] : [`on node ${sender.node}`]), ...(sender.reconnected ? ['reconnected'] : [])].join(', ');
  const toWhom = check.target === undefined ? '' : ` for ${check.target}`;
  const acts = exercise.on === 'disconnecting' ? 'disconnects' : `emits ${exercise.on}`;
  const toRoom = check.room === undefined ? '' : ` for ${check.room}`;
  console.log(`  ${result.passed ? 'PASS' : 'FAIL'}  ${check.id}: ${check.sender} (${where}) ${acts}${toWhom}${toRoom}`);
  if (result.passed) return;
  const label = `expected ${exercise.watch} at:`;
  console.log(`          ${label} ${result.expected}`);
  console.log(`          ${'received by:'.padEnd(label.length)} ${result.actual}`);
  if (result.problem) console.log(indent(`problem: ${result.problem}`, 10));
  console.log(indent(`hint: ${check.hint}`, 10));
}

function printOutcome(outcome: ExerciseOutcome, exercise: ExerciseBlock): void {
  if (!outcome.ok) {
    console.log(indent(`FAIL  ${outcome.error}`, 2));
    return;
  }
  for (const result of outcome.results) printResult(result, exercise);
}

/** The next thing to fix in a failing outcome, as a sentence. */
function nextHint(outcome: ExerciseOutcome): string {
  if (!outcome.ok) return `${outcome.error}\nFix that line first: the checks run once the file loads and its handler returns.`;
  const failed = outcome.results.find((result) => !result.passed)!;
  const problem = failed.problem ? `${failed.problem}\n` : '';
  return `Check ${failed.check.id}: expected ${failed.expected}, received by ${failed.actual}.\n${problem}Hint: ${failed.check.hint}`;
}

const check = (options: Options, lesson: Lesson) => {
  const path = exercisePath(options, lesson);
  return checkInChildProcess(lesson, { path, shownAs: shown(path) });
};

/** Exercises checked at once by --all: each is a process of its own, and the machine has other work. */
const CHECKS_AT_ONCE = 2;

/** `--all`: one line per exercise, done or to do, in course order. */
async function listAll(options: Options, lessons: readonly Lesson[]): Promise<number> {
  const outcomes: ExerciseOutcome[] = [];
  let next = 0;
  const checkNext = async () => {
    for (let index = next++; index < lessons.length; index = next++) outcomes[index] = await check(options, lessons[index]!);
  };
  await Promise.all(Array.from({ length: CHECKS_AT_ONCE }, checkNext));
  let todo = 0;
  for (const [index, lesson] of lessons.entries()) {
    const outcome = outcomes[index]!;
    const done = passes(outcome);
    if (!done) todo++;
    const checks = outcome.ok ? ` (${outcome.results.filter((result) => result.passed).length} of ${outcome.results.length} checks pass)` : ' (does not run)';
    console.log(`  ${done ? 'done ' : 'to do'}  Lesson ${lesson.order} (${lesson.id}): ${shown(exercisePath(options, lesson))}${done ? '' : checks}`);
  }
  console.log(`\n${lessons.length - todo} of ${lessons.length} exercises done.${todo === 0 ? '' : ' npm run check shows the next one to do.'}`);
  return todo === 0 ? 0 : 1;
}

/** Checks the chosen exercises once; resolves with the exit code. */
async function checkOnce(options: Options): Promise<number> {
  const selection = selectLessons(options);
  if (!selection.ok) {
    console.error(selection.error);
    return 1;
  }
  if (options.all) return listAll(options, selection.lessons);
  // Like rustlings: with no lesson named, the course is followed in order and the first exercise to do stops it.
  const stopAtFirst = options.lessons.length === 0;
  let failing = 0;
  let done = 0;
  for (const lesson of selection.lessons) {
    const exercise = lessonBlocks(lesson, 'exercise')[0]!;
    const path = exercisePath(options, lesson);
    const outcome = await check(options, lesson);
    if (options.hint) {
      if (passes(outcome)) continue;
      console.log(`Lesson ${lesson.order} (${lesson.id}): ${shown(path)}\n${nextHint(outcome)}`);
      return 1;
    }
    if (stopAtFirst && passes(outcome)) {
      done++;
      console.log(`  done   Lesson ${lesson.order} (${lesson.id}): ${shown(path)}`);
      continue;
    }
    console.log(`\nLesson ${lesson.order} (${lesson.id}): ${shown(path)}`);
    const onNodes = exercise.nodes === undefined ? '' : ` on the sender's node (${exercise.nodes} nodes sharing one Redis)`;
    console.log(`  ${exercise.handler}(${exercise.args.join(', ')}) runs${onNodes} when ${exercise.on === 'disconnecting' ? 'the sender disconnects' : `the sender emits ${exercise.on}`}; the checks watch who receives ${exercise.watch}.`);
    if (exercise.client) console.log(`  ${exercise.client.handler}(${exercise.client.args.join(', ')}) runs on each client's socket before it connects; a client receives ${exercise.watch} when its showMessage runs.`);
    printOutcome(outcome, exercise);
    if (passes(outcome)) continue;
    failing++;
    if (stopAtFirst) {
      console.log(`\n${done} of ${selection.lessons.length} exercises done. Next: open ${shown(path)}, read the comment at its top, and make every check pass.`);
      console.log(`Then run npm run check again (npm run check -- --hint for a hint, --watch to check on every save, --all for the list).`);
      return 1;
    }
  }
  if (options.hint) {
    console.log('Nothing to fix: every check passes.');
    return 0;
  }
  const total = selection.lessons.length;
  const exercises = `${total} exercise${total === 1 ? '' : 's'}`;
  if (failing === 0) {
    console.log(`\n${exercises}: every check passes.`);
    return 0;
  }
  console.log(`\n${exercises}: ${failing} failing. Edit the file, then run the check again (add --watch to re-check on every save).`);
  return 1;
}

/** Re-runs the check in a fresh process on every save: a new import of the student's file each time. */
function watchAndCheck(options: Options, args: readonly string[]): void {
  const once = args.filter((arg) => arg !== '--watch' && arg !== '-w');
  const selection = selectLessons(options);
  const files = selection.ok ? selection.lessons.map((lesson) => basename(exerciseFile(lesson))) : [];
  let child: ChildProcess | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    child?.removeAllListeners('exit');
    child?.kill();
    child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...once], { stdio: 'inherit' });
    child.once('exit', () => {
      const what = files.length === 1 ? shown(join(options.dir, files[0]!)) : `${shown(options.dir)}/`;
      console.log(`\nWatching ${what} and the lessons: save to check again, Ctrl-C to stop.`);
    });
  };
  const rerun = (changed: string) => {
    clearTimeout(pending);
    // An editor's save is often several file events: check once they settle.
    pending = setTimeout(() => {
      console.log(`\n${changed} changed: checking again.`);
      run();
    }, 150);
  };
  watch(options.dir, (_event, name) => {
    if (name && name.endsWith('.ts') && (files.length === 0 || files.includes(name))) rerun(shown(join(options.dir, name)));
  });
  watch(lessonsDir, (_event, name) => {
    if (name && name.endsWith('.md')) rerun(shown(join(lessonsDir, name)));
  });
  process.once('SIGTERM', () => {
    child?.kill();
    process.exit(143);
  });
  run();
}

const args = process.argv.slice(2);
const parsed = parseArguments(args);
if (!parsed.ok) {
  if (parsed.error) console.error(parsed.error);
  console.error(USAGE);
  process.exit(parsed.error ? 2 : 0);
} else if (parsed.options.watch) {
  watchAndCheck(parsed.options, args);
} else {
  process.exitCode = await checkOnce(parsed.options);
}
