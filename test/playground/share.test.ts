// Shareable scenarios in real Chromiums against one real server: a stage set on one device, shared as a link or a
// JSON file, and opened on another device (a browser context of its own), which gets the same stage.
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { startPlayground, type Playground } from '../../server/app.ts';
import { blockingViolations } from '../support/axe.ts';
import { CHROMIUM_FLAGS, findChromium } from '../support/browser.ts';
import { soon } from '../support/page-fixture.ts';

/** A classroom's LAN address: plain http on a name that is not localhost, where a browser gives a page no clipboard. */
const LAN_HOST = 'classroom.test';

let browser: Browser;
let playground: Playground;
let contexts: BrowserContext[];
let pageProblems: string[];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`] });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  pageProblems = [];
  contexts = [];
  playground = await startPlayground({ port: 0, page: 'built' });
});
afterEach(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await playground?.close();
  expect(pageProblems).toEqual([]);
});

/** A device of its own (a browser context) with the page open at `url`. */
async function device(url: string, permissions: string[] = []): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, permissions });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  await page.goto(url);
  return page;
}

/** Closes a device, and waits until the server has let go of its sockets: the next device's cards are the only ones. */
async function leave(page: Page): Promise<void> {
  await page.context().close();
  await expect.poll(() => playground.io.of('/').sockets.size, soon).toBe(0);
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const card = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const acks = (page: Page, name: string) => card(page, name).getByRole('checkbox', { name: 'Answer acknowledgements' });
const emitResult = (page: Page) => page.getByRole('status', { name: 'Emit result' });
const serverLine = (page: Page) => page.getByRole('figure', { name: 'The line that ran on the server' });
const sharePanel = (page: Page) => page.getByRole('group', { name: 'Share this stage' });
const cardNames = (page: Page) => page.locator('chat-client-card').evaluateAll((cards) => cards.map((each) => (each as HTMLElement & { name: string }).name));
/** The rooms the server has each named socket in, apart from its own. */
const roomsOnServer = (names: string[]) =>
  Object.fromEntries(
    names.map((name) => [
      name,
      [...playground.io.of('/').sockets.values()].filter((socket) => socket.data.name === name).map((socket) => [...socket.rooms].filter((room) => room !== socket.id).sort()),
    ]),
  );

async function castReady(page: Page) {
  const rooms = page.getByRole('complementary', { name: 'Rooms' });
  await rooms.getByRole('list', { name: 'Guests in general' }).getByText('Bob').first().waitFor(soon);
  await rooms.getByRole('list', { name: 'Guests in random' }).getByText('Carol').first().waitFor(soon);
}

async function openShare(page: Page) {
  const toggle = page.getByRole('button', { name: 'Share stage' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await sharePanel(page).waitFor(soon);
}

test('Copy link: opened in another browser, the link sets the same cards, rooms, acknowledgements, sender and emit', async () => {
  const teacher = await device(`${playground.url}/lessons/who-receives`, ['clipboard-read', 'clipboard-write']);
  await castReady(teacher);
  // Bob in general and random, from a preset; then Dave removed, Carol ignoring acks, and Bob the sender.
  await teacher.locator('emit-panel summary', { hasText: /^Presets$/ }).click();
  await teacher.getByRole('button', { name: 'A socket in two targeted rooms', exact: true }).click();
  await expect.poll(() => text(emitResult(teacher)), soon).toMatch(/sockets received socket\.to\(\[/);
  await card(teacher, 'Dave').getByRole('button', { name: 'Remove' }).click();
  await acks(teacher, 'Carol').uncheck();
  await teacher.getByRole('combobox', { name: 'Sender' }).selectOption('Bob');
  const cast = ['Alice', 'Bob', 'Carol'];
  await expect.poll(() => roomsOnServer(['Dave']), soon).toEqual({ Dave: [] });
  const stage = roomsOnServer(cast);
  expect(stage).toEqual({ Alice: [['general']], Bob: [['general', 'random']], Carol: [['random']] });

  await openShare(teacher);
  await sharePanel(teacher).getByRole('button', { name: 'Copy link' }).click();
  await expect.poll(() => text(sharePanel(teacher).getByRole('status')), soon).toBe('Link copied: whoever opens it gets this stage.');
  const link = await teacher.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith(`${playground.url}/lessons/who-receives#scenario=`)).toBe(true);
  await leave(teacher);

  const student = await device(link);
  await expect.poll(() => cardNames(student), soon).toEqual(cast);
  await expect.poll(() => roomsOnServer(cast), soon).toEqual(stage);
  expect(await acks(student, 'Carol').isChecked()).toBe(false);
  expect(await acks(student, 'Bob').isChecked()).toBe(true);
  expect(await student.getByRole('combobox', { name: 'Sender' }).inputValue()).toBe('Bob');
  // Like a lesson's Try it, the link performs its emit: from Bob, to general and random.
  await expect.poll(() => text(emitResult(student)), soon).toMatch(/sockets received socket\.to\(\['general', 'random'\]\)\.emit/);
  expect(await text(serverLine(student))).toContain("in Bob's connection handler");
  await openShare(student);
  expect(await text(sharePanel(student).getByRole('status'))).toBe('The shared stage is set: Alice (general), Bob (general, random), Carol (random, does not answer acks).');
  expect(new URL(student.url()).hash).toBe('');
  expect((await blockingViolations(student)).join('\n\n')).toBe('');
});

test("on a classroom's LAN address, where the browser gives the page no clipboard, the link shows selected in a field to copy by hand", async () => {
  const lanUrl = playground.url.replace('127.0.0.1', LAN_HOST);
  const teacher = await device(`${lanUrl}/lessons/rooms`);
  await castReady(teacher);
  expect(await teacher.evaluate(() => window.isSecureContext)).toBe(false);

  await openShare(teacher);
  await sharePanel(teacher).getByRole('button', { name: 'Copy link' }).click();
  const field = sharePanel(teacher).getByRole('textbox', { name: /^Link to this stage/ });
  await field.waitFor(soon);
  const link = await field.inputValue();
  expect(link.startsWith(`${lanUrl}/lessons/rooms#scenario=`)).toBe(true);
  expect(await field.evaluate((input: HTMLInputElement) => input.matches(':focus') && input.selectionEnd! - input.selectionStart! === input.value.length)).toBe(true);
  expect(await text(sharePanel(teacher).getByRole('status'))).toMatch(/^The browser did not let the page copy/);
  await leave(teacher);

  // Nothing was fired on the stage shared: opening it sets the cards and fires nothing.
  const student = await device(link);
  await openShare(student);
  await expect.poll(() => text(sharePanel(student).getByRole('status')), soon).toBe('The shared stage is set: Alice (general), Bob (general), Carol (random), Dave (no room).');
  expect(await text(card(student, 'Dave').getByRole('group', { name: "Dave's last emit" }))).toMatch(/^none yet/);
});

test('Export JSON, then Import JSON on another device, sets that stage and opens its lesson', async () => {
  const teacher = await device(`${playground.url}/lessons/who-receives`);
  await castReady(teacher);
  await card(teacher, 'Dave').getByRole('button', { name: 'Remove' }).click();
  await acks(teacher, 'Carol').uncheck();
  await openShare(teacher);
  const [download] = await Promise.all([teacher.waitForEvent('download'), sharePanel(teacher).getByRole('button', { name: 'Export JSON' }).click()]);
  expect(download.suggestedFilename()).toBe('emit-playground-scenario.json');
  // Read before the device closes: its downloads go with it.
  const exported = await readFile(await download.path(), 'utf8');
  expect(JSON.parse(exported)).toEqual({
    version: 1,
    clients: [
      { name: 'Alice', room: 'general', extraRooms: [], namespace: '/', answersAcks: true },
      { name: 'Bob', room: 'general', extraRooms: [], namespace: '/', answersAcks: true },
      { name: 'Carol', room: 'random', extraRooms: [], namespace: '/', answersAcks: false },
    ],
    sender: 'Alice',
    room: 'general',
    secondRoom: 'random',
    lesson: 'who-receives',
  });
  expect(await text(sharePanel(teacher).getByRole('status'))).toBe('Exported emit-playground-scenario.json: Import JSON sets this stage again.');
  await leave(teacher);

  const other = await device(`${playground.url}/lessons/rooms`);
  await castReady(other);
  await openShare(other);
  await sharePanel(other).getByLabel('Import JSON').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect.poll(() => text(sharePanel(other).getByRole('status')), soon).toBe('The shared stage is set: Alice (general), Bob (general), Carol (random, does not answer acks).');
  expect(await cardNames(other)).toEqual(['Alice', 'Bob', 'Carol']);
  expect(await acks(other, 'Carol').isChecked()).toBe(false);
  expect(new URL(other.url()).pathname).toBe('/lessons/who-receives');
  await other.getByRole('heading', { name: /^socket\.emit, io\.emit, socket\.to\(room\)\.emit, io\.to\(room\)\.emit: who receives it$/ }).waitFor(soon);
});

test('a bad file, or a garbled link, is refused with a sentence, and the stage stays as it was', async () => {
  const teacher = await device(`${playground.url}/lessons/who-receives`);
  await castReady(teacher);
  await openShare(teacher);
  const importJson = sharePanel(teacher).getByLabel('Import JSON');
  const refusal = sharePanel(teacher).getByRole('alert');

  const capitals = { version: 1, clients: [{ name: 'Alice', room: 'General' }], sender: 'Alice' };
  await importJson.setInputFiles({ name: 'capitals.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(capitals)) });
  await expect.poll(() => text(refusal), soon).toBe('capitals.json was not imported: Alice\'s room: A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".');
  await importJson.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Bring the projector cable') });
  await expect.poll(() => text(refusal), soon).toBe('notes.txt was not imported: This file is not JSON: export a scenario from the playground, then import that file.');
  expect(await cardNames(teacher)).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
  expect(roomsOnServer(['Alice', 'Dave'])).toEqual({ Alice: [['general']], Dave: [[]] });
  expect(await text(card(teacher, 'Alice').getByRole('group', { name: "Alice's last emit" }))).toMatch(/^none yet/);
  expect(new URL(teacher.url()).pathname).toBe('/lessons/who-receives');
  await leave(teacher);

  const garbled = await device(`${playground.url}/lessons/who-receives#scenario=eyJ2ZXJzaW9uIjox!`);
  await expect.poll(() => text(sharePanel(garbled).getByRole('alert')), soon).toBe('This link’s scenario is cut or garbled: ask for the link again, and copy all of it.');
  await castReady(garbled);
  expect(await cardNames(garbled)).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
  expect((await blockingViolations(garbled)).join('\n\n')).toBe('');
});
