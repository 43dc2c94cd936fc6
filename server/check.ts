// `npm run check`: runs each lesson's exercise checks against the student's file, like rustlings.
//   npm run check                        every exercise, on lessons/exercises/
//   npm run check -- who-receives        one lesson's exercise (its id, or its number: 4)
//   npm run check -- who-receives --watch   again on every save
//   npm run check -- --dir lessons/solutions   the reference solutions instead
// Prints PASS or FAIL per check, with the expected and actual receivers and a hint; exits 1 on any failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exerciseFile, lessonBlocks, type ExerciseBlock, type Lesson } from '../core/lessons.ts';
import { checkExercise, loadHandler, type CheckResult } from './exercise-checker.ts';
import { lessonsDir, projectRoot, readLessons } from './lesson-files.ts';

const USAGE = `Usage: npm run check [-- <lesson id or number>...] [--watch] [--dir <directory>]

  npm run check                      checks every exercise in lessons/exercises/
  npm run check -- who-receives      checks one lesson's exercise (or: npm run check -- 4)
  npm run check -- 4 --watch         checks again each time you save the file
  npm run check -- --dir lessons/solutions   checks the reference solutions instead`;

interface Options {
  lessons: string[];
  watch: boolean;
  /** Where the exercise files are read from, lessons/exercises by default. */
  dir: string;
}

type Parsed = { ok: true; options: Options } | { ok: false; error: string };

function parseArguments(args: readonly string[]): Parsed {
  const options: Options = { lessons: [], watch: false, dir: join(projectRoot, 'lessons', 'exercises') };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--watch' || arg === '-w') options.watch = true;
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
  const where = sender.room === undefined ? 'in no room' : `in ${sender.room}`;
  const toWhom = check.target === undefined ? '' : ` for ${check.target}`;
  console.log(`  ${result.passed ? 'PASS' : 'FAIL'}  ${check.id}: ${check.sender} (${where}) emits ${exercise.on}${toWhom}`);
  if (result.passed) return;
  const label = `expected ${exercise.watch} at:`;
  console.log(`          ${label} ${result.expected}`);
  console.log(`          ${'received by:'.padEnd(label.length)} ${result.actual}`);
  if (result.problem) console.log(indent(`problem: ${result.problem}`, 10));
  console.log(indent(`hint: ${check.hint}`, 10));
}

/** Checks the chosen exercises once; resolves with the exit code. */
async function checkOnce(options: Options): Promise<number> {
  const selection = selectLessons(options);
  if (!selection.ok) {
    console.error(selection.error);
    return 1;
  }
  let failing = 0;
  for (const lesson of selection.lessons) {
    const exercise = lessonBlocks(lesson, 'exercise')[0]!;
    const checks = lessonBlocks(lesson, 'check');
    const path = exercisePath(options, lesson);
    console.log(`\nLesson ${lesson.order} (${lesson.id}): ${shown(path)}`);
    console.log(`  ${exercise.handler}(${exercise.args.join(', ')}) runs when the sender emits ${exercise.on}; the checks watch who receives ${exercise.watch}.`);
    const loaded = await loadHandler(path, shown(path), exercise);
    if (!loaded.ok) {
      console.log(`  FAIL  ${loaded.error}`);
      failing++;
      continue;
    }
    const results = await checkExercise(exercise, checks, loaded.handler);
    for (const result of results) printResult(result, exercise);
    if (results.some((result) => !result.passed)) failing++;
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
