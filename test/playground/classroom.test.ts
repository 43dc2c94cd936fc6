// Classroom mode in real Chromiums against one real server: the instructor's page on the projector, and each
// student's device, a browser context of its own, showing one card: theirs.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { startPlayground, type Playground } from '../../server/app.ts';
import { blockingViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { pageReady, soon } from '../support/page-fixture.ts';

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
async function device(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  await page.goto(`${playground.url}${path}`);
  return page;
}

const card = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const lastEmit = (page: Page, name: string) => card(page, name).getByRole('group', { name: `${name}'s last emit` });
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const shownBy = (status: string) => /^(not received|received|pending)\b/.exec(status)?.[1] ?? status;
const roomsOf = (name: string) =>
  [...playground.io.of('/').sockets.values()].filter((socket) => socket.data.name === name).map((socket) => [...socket.rooms].filter((room) => room !== socket.id));

/** The instructor's page: the solo page's four cards, connected and in their rooms. */
async function instructor(): Promise<Page> {
  const page = await device(`/?key=${INSTRUCTOR_KEY}`);
  await page.getByRole('complementary', { name: 'Rooms' }).getByRole('list', { name: 'Guests in general' }).getByText('Bob').waitFor(pageReady);
  return page;
}

/** A student's device: they type their name, join the class, then join `room` from their card. */
async function student(name: string, room?: string): Promise<Page> {
  const page = await device('/', { width: 390, height: 844 });
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Join the class' }).click();
  if (room !== undefined) await joinRoom(page, name, room);
  return page;
}

async function joinRoom(page: Page, name: string, room: string) {
  await card(page, name).getByRole('combobox', { name: 'Room' }).fill(room);
  await card(page, name).getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => text(card(page, name).locator('.where')), soon).toContain(room);
}

test("the instructor's key leaves the address bar, and the projector shows the solo page's cards and emits", async () => {
  const projector = await instructor();
  expect(projector.url()).not.toContain('key');
  expect(projector.url()).not.toContain(INSTRUCTOR_KEY);
  await expect.poll(() => projector.locator('chat-client-card').count(), soon).toBe(4);
  await projector.getByRole('button', { name: 'io.to(room).emit', exact: true }).waitFor();
});

test("each student's device shows exactly one card, named after them, and no emit panel", async () => {
  const pages = await Promise.all([student('Ann', 'general'), student('Ben', 'general'), student('Cat', 'random')]);
  for (const [page, name] of [[pages[0], 'Ann'], [pages[1], 'Ben'], [pages[2], 'Cat']] as const) {
    expect(await page.locator('chat-client-card').count()).toBe(1);
    await card(page, name).waitFor();
    expect(await page.getByRole('button', { name: /emit/ }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Emit lab' }).count()).toBe(0);
  }
  expect(roomsOf('Ann')).toEqual([['general']]);
  expect(roomsOf('Cat')).toEqual([['random']]);
});

test("io.to('general').emit from the projector: exactly the students in general see received", async () => {
  const [projector, ann, ben, cat] = await Promise.all([instructor(), student('Ann', 'general'), student('Ben', 'general'), student('Cat', 'random')]);
  await projector.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
  await expect.poll(() => text(projector.getByRole('status', { name: 'Emit result' })), soon).toContain("sockets received io.to('general').emit:");
  const shown = async () => ({
    Ann: shownBy(await text(lastEmit(ann!, 'Ann'))),
    Ben: shownBy(await text(lastEmit(ben!, 'Ben'))),
    Cat: shownBy(await text(lastEmit(cat!, 'Cat'))),
  });
  await expect.poll(shown, soon).toEqual({ Ann: 'received', Ben: 'received', Cat: 'not received' });
});

test('predict together: the instructor arms io.to(room).emit, each student answers on their own device, and learns, after Fire, whether they were right', async () => {
  const [projector, ann, ben, cat] = await Promise.all([instructor(), student('Ann', 'general'), student('Ben', 'random'), student('Cat', 'general')]);
  const question = (page: Page) => page.getByRole('region', { name: "Predict the instructor's emit" });
  await projector.getByRole('checkbox', { name: 'Predict first' }).check();
  await projector.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
  await projector.getByRole('button', { name: 'Fire', exact: true }).waitFor();

  for (const page of [ann, ben, cat]) await question(page!).getByText('Will you receive it?').waitFor(soon);
  // Ann in general says yes (right), Ben in random says yes (wrong); Cat does not answer.
  await question(ann!).getByRole('button', { name: 'Yes' }).click();
  await question(ben!).getByRole('button', { name: 'Yes' }).click();
  await expect.poll(() => question(ann!).getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed'), soon).toBe('true');
  await expect.poll(() => question(ben!).getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed'), soon).toBe('true');

  await projector.getByRole('button', { name: 'Fire', exact: true }).click();
  const verdict = (page: Page) => text(page.getByRole('status', { name: 'Your prediction' }));
  await expect.poll(() => verdict(ann!), soon).toBe('You predicted you would receive it, and you did: right.');
  await expect.poll(() => verdict(ben!), soon).toBe('You predicted you would receive it, and you did not: wrong.');
  // Cat did not answer: no verdict is shown at all.
  expect(await cat!.getByRole('status', { name: 'Your prediction' }).count()).toBe(0);
  for (const page of [ann, ben, cat]) expect(await question(page!).count()).toBe(0);
  await expect.poll(() => text(projector.getByText(/^The class: /)), soon).toBe('The class: 1 of 2 predicted right.');
});

test('a name already taken: the card goes by the name the server used, and says so', async () => {
  await student('Zed', 'general');
  const second = await student('Zed');
  await card(second, 'Zed').getByRole('combobox', { name: 'Room' }).fill('general');
  await card(second, 'Zed').getByRole('button', { name: 'Join', exact: true }).click();
  await card(second, 'Zed 2').waitFor(soon);
  expect(await text(second.getByRole('status').filter({ hasText: 'taken' }))).toBe('Zed 2: that name was taken.');
  expect(roomsOf('Zed 2')).toEqual([['general']]);
});

test("a reload keeps the student's card: the same name, back in its room", async () => {
  const page = await student('Ann', 'random');
  await page.reload();
  await expect.poll(() => text(card(page, 'Ann').locator('.where')), soon).toContain('random');
  expect(await page.locator('chat-client-card').count()).toBe(1);
  expect(await page.getByRole('textbox', { name: 'Your name' }).count()).toBe(0);
  await expect.poll(() => roomsOf('Ann'), soon).toEqual([['random']]);
});

test("a dropped connection (the phone's Wi-Fi): the student's card comes back in its room", async () => {
  const page = await student('Ann', 'general');
  const [socket] = [...playground.io.of('/').sockets.values()].filter((candidate) => candidate.data.name === 'Ann');
  // The transport closes under the socket, as when the Wi-Fi drops: not a disconnect the student asked for.
  socket!.conn.close();
  await expect.poll(() => socket!.disconnected, soon).toBe(true);
  await expect.poll(() => text(card(page, 'Ann').locator('.connection')), soon).toBe('connected');
  await expect.poll(() => roomsOf('Ann'), soon).toEqual([['general']]);
  expect(await text(card(page, 'Ann').locator('.where'))).toContain('general');
});

test("the student's page, before and after joining, has no serious or critical axe-core violation", async () => {
  const page = await device('/', { width: 390, height: 844 });
  await page.getByRole('textbox', { name: 'Your name' }).waitFor();
  expect((await blockingViolations(page)).join('\n\n'), 'axe-core found serious or critical violations').toBe('');
  await page.getByRole('textbox', { name: 'Your name' }).fill('Ann');
  await page.getByRole('button', { name: 'Join the class' }).click();
  await joinRoom(page, 'Ann', 'general');
  expect((await blockingViolations(page)).join('\n\n'), 'axe-core found serious or critical violations').toBe('');
});

test("the instructor's page, with two students joined, has no serious or critical axe-core violation before or after io.emit", async () => {
  await Promise.all([student('Ann', 'general'), student('Ben', 'random')]);
  const projector = await device(`/?key=${INSTRUCTOR_KEY}`);
  const rooms = projector.getByRole('complementary', { name: 'Rooms' });
  await rooms.getByRole('list', { name: 'Guests in general' }).getByText('Ann').waitFor(soon);
  await rooms.getByRole('list', { name: 'Guests in random' }).getByText('Ben').waitFor(soon);
  await classPanel(projector).getByRole('checkbox', { name: /^Ben\b/ }).waitFor(soon);
  expect((await blockingViolations(projector)).join('\n\n'), 'axe-core found serious or critical violations').toBe('');

  await projector.getByRole('button', { name: 'io.emit', exact: true }).click();
  await expect.poll(() => text(projector.getByRole('status', { name: 'Emit result' })), soon).toMatch(/^6 of 6 sockets received io\.emit:/);
  expect((await blockingViolations(projector)).join('\n\n'), 'axe-core found serious or critical violations').toBe('');
});

const classPanel = (page: Page) => page.getByRole('region', { name: 'Class', exact: true });

test("the instructor ticks Ann in the Class panel and moves her to team-a: Ann's phone shows her card there, then Reset brings her back", async () => {
  const [projector, ann] = await Promise.all([instructor(), student('Ann', 'general'), student('Ben', 'random')]);
  const panel = classPanel(projector);
  await panel.getByRole('checkbox', { name: /^Ann\b/ }).check(soon);
  await panel.getByRole('combobox', { name: 'Room' }).fill('team-a');
  await panel.getByRole('button', { name: 'Move to room' }).click();
  await expect.poll(() => text(panel.getByRole('status')), soon).toBe('Moved 1 student to team-a.');
  await expect.poll(() => text(card(ann!, 'Ann').locator('.where')), soon).toContain('team-a');
  expect(roomsOf('Ann')).toEqual([['team-a']]);
  await expect.poll(() => text(panel.getByRole('listitem').filter({ hasText: 'Ann' })), soon).toBe('Ann team-a');

  await panel.getByRole('button', { name: 'Reset the class' }).click();
  await expect.poll(() => text(card(ann!, 'Ann').locator('.where')), soon).toContain('general');
  await expect.poll(() => roomsOf('Ben'), soon).toEqual([['general']]);
});

test("the instructor picks Ann as the sender: socket.emit runs in Ann's handler, and only Ann's phone receives it", async () => {
  const [projector, ann, ben] = await Promise.all([instructor(), student('Ann', 'general'), student('Ben', 'general')]);
  await projector.getByRole('combobox', { name: 'Sender' }).locator('option', { hasText: 'Ann' }).waitFor({ state: 'attached', ...soon });
  await projector.getByRole('combobox', { name: 'Sender' }).selectOption({ label: 'Ann' });
  await projector.getByRole('button', { name: 'socket.emit', exact: true }).click();
  await expect.poll(() => text(projector.getByRole('status', { name: 'Emit result' })), soon).toMatch(/^1 of \d+ sockets received socket\.emit: Ann\./);
  await expect.poll(() => text(projector.getByRole('figure')), soon).toContain("in Ann's connection handler");
  await expect.poll(async () => shownBy(await text(lastEmit(ann!, 'Ann'))), soon).toBe('received');
  await expect.poll(async () => shownBy(await text(lastEmit(ben!, 'Ben'))), soon).toBe('not received');
  await expect.poll(() => text(classPanel(projector).getByText(/^Last emit: /)), soon).toBe('Last emit: 1 of 2 students received it.');
});

test("with Students may emit on, Ann's phone shows the four emits: her socket.to('general').emit reaches Ben, not her", async () => {
  const [projector, ann, ben] = await Promise.all([instructor(), student('Ann', 'general'), student('Ben', 'general')]);
  const emits = (page: Page) => page.getByRole('region', { name: 'Your emits' });
  expect(await emits(ann!).count()).toBe(0);
  await classPanel(projector).getByRole('switch', { name: 'Students may emit' }).check();
  await emits(ann!).getByRole('button', { name: "socket.to('general').emit" }).click(soon);
  await expect.poll(async () => shownBy(await text(lastEmit(ben!, 'Ben'))), soon).toBe('received');
  expect(shownBy(await text(lastEmit(ann!, 'Ann')))).toBe('not received');
  expect((await blockingViolations(ann!)).join('\n\n'), 'axe-core found serious or critical violations').toBe('');

  await classPanel(projector).getByRole('switch', { name: 'Students may emit' }).uncheck();
  await expect.poll(() => emits(ann!).count(), soon).toBe(0);
});

test("the instructor's Add client skips the names students already go by, so the projector never shows two Erins", async () => {
  const projector = await instructor();
  await student('Erin', 'general');
  const guests = projector.getByRole('complementary', { name: 'Rooms' }).getByRole('list', { name: 'Guests in general' });
  await guests.getByText('Erin').waitFor(soon);
  await projector.getByRole('button', { name: 'Add client', exact: true }).click();
  await card(projector, 'Frank').waitFor(soon);
  expect(await card(projector, 'Erin').count()).toBe(0);
});
