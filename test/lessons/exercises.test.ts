// Every lesson has an exercise, and none can be impossible (its reference solution passes every check) nor
// already solved (the untouched file fails at least one, with a hint). A file that throws, never returns or
// does not compile is reported with its file and line, and the runner carries on. `npm run check` follows
// the course like rustlings, and the lesson shows the same check live, from the server.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXERCISE_ROUTE, exerciseFile, lessonBlocks, solutionFile, type Lesson } from '../../core/lessons.ts';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { INSTRUCTOR_KEY_HEADER } from '../../core/classroom.ts';
import { checkExercise, loadHandler, type CheckResult } from '../../server/exercise-checker.ts';
import { BLOCKED_LIMIT_MS, checkInChildProcess } from '../../server/exercise-process.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';
import { projectRoot, readLessons } from '../../server/lesson-files.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';
import { startTestServer, type TestServer } from '../support/sockets.ts';

const read = readLessons();
const lessons: Lesson[] = read.ok ? read.lessons : [];
const withExercise = lessons.filter((lesson) => lessonBlocks(lesson, 'exercise').length > 0);
const lessonById = (id: string) => lessons.find((lesson) => lesson.id === id)!;

/** "only-carol: expected Carol, received by Bob, Carol, Dave" for each failing check. */
const failures = (results: CheckResult[]) =>
  results.filter((result) => !result.passed).map((result) => `${result.check.id}: expected ${result.expected}, received by ${result.actual}${result.problem ? ` (${result.problem})` : ''}`);

async function check(lesson: Lesson, file: string): Promise<CheckResult[]> {
  const exercise = lessonBlocks(lesson, 'exercise')[0]!;
  const path = join(projectRoot, file);
  const loaded = await loadHandler(path, file, exercise);
  if (!loaded.ok) throw new Error(loaded.error);
  return checkExercise(exercise, lessonBlocks(lesson, 'check'), loaded.handler, { path, shownAs: file }, loaded.client ? { client: loaded.client } : {});
}

test('every lesson of the course has an exercise, in course order, the one on two nodes last', () => {
  expect(lessons.length).toBeGreaterThanOrEqual(12);
  expect(lessons.filter((lesson) => !withExercise.includes(lesson)).map((lesson) => lesson.id)).toEqual([]);
  expect(withExercise.at(-1)!.id).toBe('more-than-one-server');
});

describe.each(withExercise.map((lesson) => [lesson.id, lesson] as const))('exercise of %s', (_id, lesson) => {
  test(`the reference solution ${solutionFile(lesson)} passes every check`, async () => {
    const results = await check(lesson, solutionFile(lesson));
    expect(failures(results)).toEqual([]);
    expect(results.length).toBe(lessonBlocks(lesson, 'check').length);
  });

  test(`the untouched ${exerciseFile(lesson)} fails a check, saying what really happened and giving a hint`, async () => {
    const results = await check(lesson, exerciseFile(lesson));
    const failed = results.filter((result) => !result.passed);
    expect(failed.length).toBeGreaterThan(0);
    for (const result of failed) {
      expect(result.check.hint.length).toBeGreaterThan(20);
      // Either the wrong sockets received it, or the handler misbehaved and the problem says how.
      if (result.problem === undefined) expect(result.actual).not.toBe(result.expected);
      else expect(result.problem).toContain(lessonBlocks(lesson, 'exercise')[0]!.handler);
    }
  });
});

describe('a handler that misbehaves fails its check with a sentence, and the checker carries on', () => {
  const lesson = lessonById('who-receives');
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

describe('lesson 3: a move must really take the socket off its old floor', () => {
  const lesson = lessonById('rooms');
  const exercise = lessonBlocks(lesson, 'exercise')[0]!;
  const checks = lessonBlocks(lesson, 'check');

  test('announcing "left" with socket.to(room) but never leaving: everyone hears right, and the check still fails, saying where Bob is', async () => {
    const results = await checkExercise(exercise, checks, (io, socket, room, newRoom, message) => {
      const server = io as ExerciseServer;
      const chat = message as ChatMessage;
      const mover = socket as ExerciseSocket;
      mover.to(room as string).emit('receive-message', { ...chat, room: room as string, text: `${chat.name} left`, system: true });
      void mover.join(newRoom as string);
      server.to(newRoom as string).emit('receive-message', { ...chat, room: newRoom as string, text: `${chat.name} joined`, system: true });
    });
    expect(failures(results)).toEqual(['both-floors-hear: expected Alice, Bob, Carol; then Bob in random only, received by Alice, Bob, Carol; then Bob in general and random']);
  });
});

describe('lesson 11: the page\'s listeners must survive a reconnect', () => {
  test('with the server part solved, a listener registered inside connect shows "Bob is back" twice to the reconnected Bob', async () => {
    const lesson = lessonById('reconnection');
    const solved = await loadHandler(join(projectRoot, solutionFile(lesson)), solutionFile(lesson), lessonBlocks(lesson, 'exercise')[0]!);
    const untouched = await loadHandler(join(projectRoot, exerciseFile(lesson)), exerciseFile(lesson), lessonBlocks(lesson, 'exercise')[0]!);
    if (!solved.ok || !untouched.ok) expect.fail('the reconnection files do not load');
    const results = await checkExercise(lessonBlocks(lesson, 'exercise')[0]!, lessonBlocks(lesson, 'check'), solved.handler, undefined, { client: untouched.client! });
    expect(failures(results)).toEqual(['shown-once-after-a-reconnect: expected Alice, Bob, received by Alice, Bob (twice)']);
  });
});

describe('lesson 12: the exercise on two nodes', () => {
  test('without redis-server, the check says what to install and passes nothing', async () => {
    const lesson = lessonById('more-than-one-server');
    const before = process.env.REDIS_SERVER_PATH;
    process.env.REDIS_SERVER_PATH = join(tmpdir(), 'no-redis-server-here');
    try {
      const outcome = await checkInChildProcess(lesson, { path: join(projectRoot, solutionFile(lesson)), shownAs: solutionFile(lesson) });
      expect(outcome).toEqual({ ok: false, error: 'Install Redis: apt-get install -y redis-server. This exercise runs on 2 nodes that share one Redis, started by the check.' });
    } finally {
      if (before === undefined) delete process.env.REDIS_SERVER_PATH;
      else process.env.REDIS_SERVER_PATH = before;
    }
  });
});

describe('a broken exercise file is reported with its file and line, in its own process, within the time limit', () => {
  const lesson = lessonById('who-receives');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'broken-exercise-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Checks a student's who-receives.ts whose body is `lines`, as the check runner and the page do. */
  async function checkFile(name: string, lines: string[]) {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n'));
    return checkInChildProcess(lesson, { path, shownAs: `lessons/exercises/${name}` });
  }

  test('one that throws: the line of the throw, in every check', async () => {
    const outcome = await checkFile('throws.ts', [
      'export function relayMessage(io: any, socket: any, room: string, message: unknown): void {',
      '  const target: string = room;',
      '  socket.to(target).emitt("receive-message", message);',
      '}',
    ]);
    if (!outcome.ok) expect.fail(outcome.error);
    for (const result of outcome.results) expect(result.problem).toBe('lessons/exercises/throws.ts:3: relayMessage threw TypeError: socket.to(...).emitt is not a function');
  });

  test('one that never returns: the handler is named, with its line, and the server was not taken down with it', async () => {
    const outcome = await checkFile('loops.ts', [
      '// A loop that never ends.',
      'export function relayMessage(io: any, socket: any, room: string, message: unknown): void {',
      '  while (room) {}',
      '}',
    ]);
    expect(outcome).toEqual({
      ok: false,
      error: `lessons/exercises/loops.ts:2: relayMessage never returned: it kept the server's event loop busy for ${BLOCKED_LIMIT_MS / 1000} s, so no client was served (a loop that never ends?)`,
    });
  });

  test('one whose await never resolves: the handler is named, with its line', async () => {
    const outcome = await checkFile('hangs.ts', ['export async function relayMessage(): Promise<void> {', '  await new Promise(() => {});', '}']);
    if (!outcome.ok) expect.fail(outcome.error);
    // The later checks are not waited for: they fail with the same problem.
    expect(outcome.results.map((result) => result.problem)).toEqual(
      outcome.results.map(() => 'lessons/exercises/hangs.ts:1: relayMessage did not finish within 3 s (an await that never resolves?)'),
    );
  });

  test("one whose client-side function throws (lesson 11): its line, in the check", async () => {
    const path = join(dir, 'client-throws.ts');
    writeFileSync(path, [
      readFileSync(join(projectRoot, solutionFile({ id: 'reconnection' })), 'utf8').split('export function listenForMessages')[0],
      'export function listenForMessages(socket: any): void {',
      '  socket.onn("receive-message", () => {});',
      '}',
    ].join('\n'));
    const line = readFileSync(path, 'utf8').split('\n').indexOf('  socket.onn("receive-message", () => {});') + 1;
    const outcome = await checkInChildProcess(lessonById('reconnection'), { path, shownAs: 'lessons/exercises/client-throws.ts' });
    if (!outcome.ok) expect.fail(outcome.error);
    expect(outcome.results[0]!.problem).toBe(`lessons/exercises/client-throws.ts:${line}: listenForMessages threw TypeError: socket.onn is not a function`);
  });

  test('one that does not compile: the line and what the compiler expected', async () => {
    const outcome = await checkFile('syntax.ts', [
      'export function relayMessage(io: any, socket: any, room: string, message: unknown): void {',
      '  io.to(room).emit("receive-message", message;',
      '}',
    ]);
    expect(outcome).toEqual({ ok: false, error: 'lessons/exercises/syntax.ts:2: could not be loaded: does not compile: Expected ")" but found ";"' });
  });

  test('one that throws as it loads, or exits the process: said so, and the next check still runs', async () => {
    expect(await checkFile('top.ts', ['const rooms: string[] = [];', 'throw new RangeError(`no room in ${rooms.length}`);'])).toEqual({
      ok: false,
      error: 'lessons/exercises/top.ts:2: could not be loaded: RangeError: no room in 0',
    });
    const exits = await checkFile('exits.ts', ['export function relayMessage(): void {', '  process.exit(3);', '}']);
    expect(exits).toMatchObject({ ok: false, error: expect.stringContaining("lessons/exercises/exits.ts: ended the check's process (exit code 3)") });
    const next = await checkInChildProcess(lesson, { path: join(projectRoot, solutionFile(lesson)), shownAs: solutionFile(lesson) });
    expect(next.ok && next.results.every((result) => result.passed)).toBe(true);
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
  // A student one exercise into the course: lesson 1 solved, the rest untouched.
  let student: string;
  beforeAll(() => {
    student = mkdtempSync(join(tmpdir(), 'student-'));
    for (const lesson of withExercise) {
      const solved = lesson.order === 1;
      copyFileSync(join(projectRoot, solved ? solutionFile(lesson) : exerciseFile(lesson)), join(student, `${lesson.id}.ts`));
    }
  });
  afterAll(() => rmSync(student, { recursive: true, force: true }));

  test('on a fresh clone: stops at the first exercise and says what to do next, exit code 1', async () => {
    const { code, output } = await npmRunCheck();
    expect(code).toBe(1);
    expect(output).toContain('Lesson 1 (http-vs-websocket): lessons/exercises/http-vs-websocket.ts');
    expect(output).toMatch(/FAIL {2}everyone-at-once: Bob \(in general\) emits send-message\n\s+expected receive-message at: Alice, Bob, Carol, Dave\n\s+received by: +nobody\n\s+hint: /);
    expect(output).toContain(`0 of ${withExercise.length} exercises done. Next: open lessons/exercises/http-vs-websocket.ts`);
    expect(output).toContain('npm run check -- --hint');
    expect(output).not.toContain('Lesson 2 (events)');
  });

  test('one exercise in: the done one is listed, and it stops at the second', async () => {
    const { code, output } = await npmRunCheck('--dir', student);
    expect(code).toBe(1);
    expect(output).toMatch(/done {3}Lesson 1 \(http-vs-websocket\)/);
    expect(output).toContain('FAIL  bob-gets-an-answer: Bob (in general) emits hello');
    expect(output).toContain(`1 of ${withExercise.length} exercises done. Next: open `);
    expect(output).not.toContain('Lesson 3 (rooms)');
  });

  // Every exercise in a process of its own, two at a time: the slowest test of the file.
  test('--all lists every exercise, done or to do', { timeout: 120_000 }, async () => {
    const { code, output } = await npmRunCheck('--all', '--dir', student);
    expect(code).toBe(1);
    const lines = output.split('\n').filter((line) => /^ {2}(done |to do) {2}Lesson/.test(line));
    expect(lines.map((line) => line.slice(2, 7))).toEqual(withExercise.map((lesson) => (lesson.order === 1 ? 'done ' : 'to do')));
    expect(output).toContain('Lesson 4 (who-receives): ');
    expect(output).toContain(`1 of ${withExercise.length} exercises done.`);
  });

  test('--hint prints the hint of the next thing to fix, and nothing else', async () => {
    const { code, output } = await npmRunCheck('--hint', '--dir', student);
    expect(code).toBe(1);
    expect(output).toContain('Lesson 2 (events)');
    expect(output).toContain(`Hint: ${lessonBlocks(lessonById('events'), 'check')[0]!.hint}`);
    expect(output).not.toContain('FAIL');
  });

  test('-- 4 checks lesson 4 alone, every check of it', async () => {
    const { code, output } = await npmRunCheck('4');
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL {2}sender-sees-own-message: Alice \(in general\) emits send-message\n\s+expected receive-message at: Alice, Bob\n\s+received by: +Bob\n\s+hint: /);
    expect(output).toContain('FAIL  only-the-senders-room');
    expect(output).not.toContain('beyond-the-four.ts');
  });

  test('-- 4 5 --dir lessons/solutions: every check passes, exit code 0', async () => {
    const { code, output } = await npmRunCheck('4', '5', '--dir', 'lessons/solutions');
    expect(output).not.toContain('FAIL');
    expect(output).toContain('PASS  every-room-it-was-in: Bob (in general) disconnects');
    expect(output).toContain('2 exercises: every check passes.');
    expect(code).toBe(0);
  });

  test('an unknown lesson is named, with the ones that have an exercise', async () => {
    const { code, output } = await npmRunCheck('no-such-lesson');
    expect(code).toBe(1);
    expect(output).toContain('No exercise for "no-such-lesson". The lessons with an exercise are: http-vs-websocket (1), events (2), rooms (3), who-receives (4),');
  });

  test('--watch checks again when the student saves the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exercises-'));
    const file = join(dir, 'who-receives.ts');
    copyFileSync(join(projectRoot, exerciseFile({ id: 'who-receives' })), file);
    const watcher = spawn(tsx, [checker, 'who-receives', '--watch', '--dir', dir], { cwd: projectRoot });
    let output = '';
    watcher.stdout.on('data', (chunk) => (output += chunk));
    watcher.stderr.on('data', (chunk) => (output += chunk));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('1 exercise: 1 failing.');
      await expect.poll(() => output, { timeout: 5_000 }).toContain('save to check again');
      writeFileSync(file, readFileSync(join(projectRoot, solutionFile({ id: 'who-receives' })), 'utf8'));
      await expect.poll(() => output, { timeout: 20_000 }).toContain('1 exercise: every check passes.');
      expect(output).toContain('who-receives.ts changed: checking again.');
    } finally {
      watcher.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(`GET ${EXERCISE_ROUTE}/<lesson>: the live check beside the lesson`, () => {
  let server: TestServer | undefined;
  afterAll(() => server?.stop());

  test('answers whether the student file passes now, with the first failing check and its hint', async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}${EXERCISE_ROUTE}/who-receives`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, status: { file: 'lessons/exercises/who-receives.ts', passes: false } });
    expect(body.status.checks[0]).toMatchObject({ id: 'sender-sees-own-message', passed: false, expected: 'Alice, Bob', actual: 'Bob', hint: expect.stringContaining('socket.to(room)') });
    const unknown = await fetch(`${server.url}${EXERCISE_ROUTE}/..%2Fserver%2Fapp`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toContain('There is no exercise by that name');
    await server.stop();
    server = undefined;
  });

  test('in classroom mode a student cannot make the server run checks; the instructor can', async () => {
    server = await startTestServer({ classroom: { instructorKey: 'the-key' } });
    const student = await fetch(`${server.url}${EXERCISE_ROUTE}/events`);
    expect(student.status).toBe(403);
    expect((await student.json()).error).toContain('only the instructor checks exercises');
    const instructor = await fetch(`${server.url}${EXERCISE_ROUTE}/events`, { headers: { [INSTRUCTOR_KEY_HEADER]: 'the-key' } });
    expect(instructor.status).toBe(200);
  });
});

describe('the lesson shows its exercise, the command, and whether the file passes now', () => {
  usePlaygroundPage({ goto: false });

  test('scrolled to, the exercise says "to do" with the hint, and "Check again" checks again', async () => {
    await page.goto(`${playground.url}/lessons/rooms`);
    const exercise = page.locator('lesson-exercise');
    await expect.poll(() => exercise.getByText('npm run check -- rooms').count(), { timeout: 20_000 }).toBe(1);
    // Checked once the reader reaches the exercise, not as the lesson opens.
    await exercise.scrollIntoViewIfNeeded();
    const status = exercise.getByRole('status');
    const said = async () => ((await status.textContent()) ?? '').replace(/\s+/g, ' ');
    // The server runs the checks in a process of its own: seconds, not milliseconds, on a loaded machine.
    const checked = { timeout: 20_000 };
    await expect.poll(said, checked).toContain('To do: 0 of 2 checks pass. Check both-floors-hear: expected Alice, Bob, Carol; then Bob in random only, received by Bob, Carol; then Bob in general and random.');
    expect(await said()).toContain('Hint: Alice stays in general');
    await exercise.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(said, soon).toContain('Checking lessons/exercises/rooms.ts');
    await expect.poll(said, checked).toContain('To do: 0 of 2 checks pass.');
  });

  test('an exercise with a client side names that function too, and one on several nodes says so', async () => {
    const intro = async (lesson: string) => {
      await page.goto(`${playground.url}/lessons/${lesson}`);
      const exercise = page.locator('lesson-exercise');
      await expect.poll(() => exercise.getByText(`npm run check -- ${lesson}`).count(), { timeout: 20_000 }).toBe(1);
      return ((await exercise.locator('p').nth(1).textContent()) ?? '').replace(/\s+/g, ' ');
    };
    expect(await intro('reconnection')).toContain("Its client side is listenForMessages(socket, showMessage), which each client's socket runs before it connects.");
    expect(await intro('more-than-one-server')).toContain('It runs on 2 servers sharing one Redis.');
  });
});
