// The instructor's page on the projector, as a screen reader meets it, in a real Chromium against a real classroom
// server with two students' devices joined: axe-core finds no serious or critical violation, before or after io.emit.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { startPlayground, type Playground } from '../../server/app.ts';
import { blockingViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { soon } from '../support/page-fixture.ts';

const INSTRUCTOR_KEY = 'test-key';

let browser: Browser;
let playground: Playground;
/** Every device of the test: one context each, so that none shares another's session storage. */
let contexts: BrowserContext[];
let pageProblems: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  pageProblems = [];
  contexts = [];
  playground = await startPlayground({ port: 0, page: 'built', classroom: { instructorKey: INSTRUCTOR_KEY } });
});
afterEach(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await playground?.close();
  expect(pageProblems).toEqual([]);
});

/** A device of its own (a browser context) with the page open at `path`. */
async function device(path: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  await page.goto(`${playground.url}${path}`);
  return page;
}

const card = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A student's phone: they type their name, join the class, then join `room` from their card. */
async function student(name: string, room: string): Promise<Page> {
  const page = await device('/', { width: 390, height: 844 });
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Join the class' }).click();
  await card(page, name).getByRole('combobox', { name: 'Room' }).fill(room);
  await card(page, name).getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => text(card(page, name).locator('.where')), soon).toContain(room);
  return page;
}

async function expectNoBlockingViolations(page: Page) {
  expect((await blockingViolations(page)).join('\n\n'), 'axe-core found serious or critical violations').toBe('');
}

test("the instructor's page, with two students joined, has no serious or critical axe-core violation before or after io.emit", async () => {
  await Promise.all([student('Ann', 'general'), student('Ben', 'random')]);
  const projector = await device(`/?key=${INSTRUCTOR_KEY}`, { width: 1280, height: 900 });
  const rooms = projector.getByRole('complementary', { name: 'Rooms' });
  await rooms.getByRole('list', { name: 'Guests in general' }).getByText('Ann').waitFor(soon);
  await rooms.getByRole('list', { name: 'Guests in random' }).getByText('Ben').waitFor(soon);
  await expectNoBlockingViolations(projector);

  await projector.getByRole('button', { name: 'io.emit', exact: true }).click();
  await expect.poll(() => text(projector.getByRole('status', { name: 'Emit result' })), soon).toMatch(/^6 of 6 sockets received io\.emit:/);
  await expectNoBlockingViolations(projector);
});
