// An exercise can never be impossible (its reference solution passes every check) nor already solved
// (the untouched file fails at least one); and `npm run check` says so, exit code included.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { exerciseFile, lessonBlocks, solutionFile, type Lesson } from '../../core/lessons.ts';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { checkExercise, loadHandler, type CheckResult } from '../../server/exercise-checker.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';
import { projectRoot, readLessons } from '../../server/lesson-files.ts';

const read = readLessons();
const withExercise: Lesson[] = read.ok ? read.lessons.filter((lesson) => lessonBlocks(lesson, 'exercise').length > 0) : [];

/** "only-carol: expected Carol, received by Bob, Carol, Dave" for each failing check. */
const failures = (results: CheckResult[]) =>
  results.filter((result) => !result.passed).map((result) => `${result.check.id}: expected ${result.expected}, received by ${result.actual}${result.problem ? ` (${result.problem})` : ''}`);

async function check(lesson: Lesson, file: string): Promise<CheckResult[]> {
  const exercise = lessonBlocks(lesson, 'exercise')[0]!;
  const loaded = await loadHandler(join(projectRoot, file), file, exercise);
  if (!loaded.ok) throw new Error(loaded.error);
  return checkExercise(exercise, lessonBlocks(lesson, 'check'), loaded.handler);
}

test('lessons 4 and 8 have an exercise', () => {
  expect(withExercise.map((lesson) => lesson.id)).toEqual(expect.arrayContaining(['who-receives', 'beyond-the-four']));
});

describe.each(withExercise.map((lesson) => [lesson.id, lesson] as const))('exercise of %s', (_id, lesson) => {
  test(`the reference solution ${solutionFile(lesson)} passes every check`, async () => {
    const results = await check(lesson, solutionFile(lesson));
    expect(failures(results)).toEqual([]);
    expect(results.length).toBe(lessonBlocks(lesson, 'check').length);
  });

  test(`the untouched ${exerciseFile(lesson)} fails a check, with who really received it`, async () => {
    const results = await check(lesson, exerciseFile(lesson));
    expect(failures(results).length).toBeGreaterThan(0);
    for (const result of results.filter((failed) => !failed.passed)) {
      expect(result.problem).toBeUndefined();
      expect(result.actual).not.toBe(result.expected);
    }
  });
});

describe('a handler that misbehaves fails its check with a sentence, and the checker carries on', () => {
  const lesson = withExercise.find((candidate) => candidate.id === 'who-receives')!;
  const exercise = lessonBlocks(lesson, 'exercise')[0]!;
  const checks = lessonBlocks(lesson, 'check');

  test('a handler that throws', async () => {
    const results = await checkExercise(exercise, checks, () => {
      throw new TypeError('room.toUpperCase is not a function');
    });
    expect(results.map((result) => result.problem)).toEqual(checks.map(() => 'relayMessage threw TypeError: room.toUpperCase is not a function'));
  });

  test('a handler that delivers twice', async () => {
    const results = await checkExercise(exercise, checks.slice(0, 1), (io, _socket, room, message) => {
      const server = io as ExerciseServer;
      server.to(room as string).emit('receive-message', message as ChatMessage);
      server.to(room as string).emit('receive-message', message as ChatMessage);
    });
    expect(results[0]).toMatchObject({ passed: false, actual: 'Alice (twice), Bob (twice)' });
  });
});

const run = promisify(execFile);
const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
const checker = join(projectRoot, 'server', 'check.ts');

async function npmRunCheck(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [checker, ...args], { cwd: projectRoot });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('npm run check', () => {
  test('on the untouched exercises: FAIL with expected and actual receivers and a hint, exit code 1', async () => {
    const { code, output } = await npmRunCheck();
    expect(code).toBe(1);
    expect(output).toContain('Lesson 4 (who-receives): lessons/exercises/who-receives.ts');
    expect(output).toMatch(/FAIL {2}sender-sees-own-message: Alice \(in general\) emits send-message\n\s+expected receive-message at: Alice, Bob\n\s+received by: +Bob\n\s+hint: /);
    expect(output).toContain('Lesson 8 (beyond-the-four): lessons/exercises/beyond-the-four.ts');
    expect(output).toContain('2 exercises: 2 failing.');
  });

  test('-- who-receives checks one lesson, and so does its number', async () => {
    for (const wanted of ['who-receives', '4']) {
      const { code, output } = await npmRunCheck(wanted);
      expect(code).toBe(1);
      expect(output).toContain('who-receives');
      expect(output).not.toContain('beyond-the-four.ts');
    }
  });

  test('-- --dir lessons/solutions: every check passes, exit code 0', async () => {
    const { code, output } = await npmRunCheck('--dir', 'lessons/solutions');
    expect(output).not.toContain('FAIL');
    expect(output).toContain('2 exercises: every check passes.');
    expect(code).toBe(0);
  });

  test('an unknown lesson is named, with the ones that have an exercise', async () => {
    const { code, output } = await npmRunCheck('no-such-lesson');
    expect(code).toBe(1);
    expect(output).toContain('No exercise for "no-such-lesson". The lessons with an exercise are: who-receives (4), beyond-the-four (8).');
  });

  test('--watch checks again when the student saves the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exercises-'));
    const student = join(dir, 'who-receives.ts');
    copyFileSync(join(projectRoot, exerciseFile({ id: 'who-receives' })), student);
    const watcher = spawn(tsx, [checker, 'who-receives', '--watch', '--dir', dir], { cwd: projectRoot });
    let output = '';
    watcher.stdout.on('data', (chunk) => (output += chunk));
    watcher.stderr.on('data', (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('1 exercise: 1 failing.');
      await expect.poll(() => output, { timeout: 5_000 }).toContain('save to check again');
      writeFileSync(student, readFileSync(join(projectRoot, solutionFile({ id: 'who-receives' })), 'utf8'));
      await expect.poll(() => output, { timeout: 20_000 }).toContain('1 exercise: every check passes.');
      expect(output).toContain('who-receives.ts changed: checking again.');
    } finally {
      watcher.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
