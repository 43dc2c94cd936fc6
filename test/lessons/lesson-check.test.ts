// Every claim a lesson makes about who receives an emit, and how many times their handlers run, is run for
// real: one playground server, real lab clients for each scenario's cast, and the lab performing the very call
// the lesson names.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { claimDifference, claimedRuns, describeDelivered, describeHandled, describeReceivers, handledDifference, lessonBlock, lessonBlocks, matchesClaim, type Lesson } from '../../core/lessons.ts';
import { readLessons } from '../../server/lesson-files.ts';
import { runLessonScenario } from '../support/run-scenario.ts';
import { startTestServer, type TestServer } from '../support/sockets.ts';

const read = readLessons();
const lessons: Lesson[] = read.ok ? read.lessons : [];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

test('every lesson parses', () => {
  expect(read.ok ? [] : read.errors).toEqual([]);
});

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name) => b.includes(name));

describe.each(lessons.map((lesson) => [lesson.file, lesson] as const))('%s', (_file, lesson) => {
  for (const scenario of lessonBlocks(lesson, 'scenario')) {
    const where = `${lesson.file}, scenario ${scenario.id} (line ${scenario.line})`;
    const handlers = scenario.handled === undefined ? '' : `, handlers run ${describeHandled(claimedRuns(scenario))}`;
    test(`${scenario.id}: ${scenario.variant} from ${scenario.sender} reaches ${describeReceivers(scenario.receivers)}${handlers}`, async () => {
      const run = await runLessonScenario(server, scenario);
      const difference = claimDifference(scenario.receivers, run.deliveries, scenario.fewerThan);
      if (difference) expect.fail(`${where}: ${difference}`);
      const handled = handledDifference(scenario, run.handled);
      if (handled) expect.fail(`${where}: ${handled}`);
      if (!sameNames(run.unanswered, scenario.unanswered)) {
        expect.fail(`${where}: claims ${describeReceivers(scenario.unanswered)} leave the acknowledgement unanswered; it timed out for ${describeReceivers(run.unanswered)}`);
      }
    });
  }

  for (const quiz of lessonBlocks(lesson, 'quiz')) {
    if (!quiz.options) continue;
    const options = quiz.options;
    test(`quiz ${quiz.id}: exactly one option is what socket.io really does`, async () => {
      const scenario = lessonBlock(lesson, 'scenario', quiz.scenario)!;
      const run = await runLessonScenario(server, scenario);
      const matching = options.filter((option) => matchesClaim(option, run.deliveries, scenario.fewerThan));
      if (matching.length !== 1) {
        expect.fail(`${lesson.file}, quiz ${quiz.id} (line ${quiz.line}): ${matching.length} options match what socket.io delivered (${describeDelivered(run.deliveries)})`);
      }
    });
  }
});
