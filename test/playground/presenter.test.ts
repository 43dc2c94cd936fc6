// Presenter mode in a real Chromium: larger type with the emits and every result on one projector screen, the
// students' URL and a QR code that encodes it, and the keys a presenter drives the lesson with.
import QRCode from 'qrcode';
import { describe, expect, test } from 'vitest';
import { blockingViolations } from '../support/axe.ts';
import { card, emitResult, everyEmitOnOneScreen, text } from '../support/one-screen.ts';
import { page, playground, restartPlayground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage({ goto: false });

const INSTRUCTOR_KEY = 'presenter-key';
/** The address a classroom server was started with for its students (main.ts passes the LAN address). */
const STUDENTS_URL = 'http://192.0.2.10:3000/';

const presenterButton = () => page.getByRole('button', { name: 'Presenter', exact: true });
const studentsUrl = () => page.getByRole('group', { name: 'Students join at' });
const qrCode = () => page.getByRole('button', { name: /^QR code of .*: show it larger$/ });
const rootFontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

async function castReady() {
  const rooms = page.getByRole('complementary', { name: 'Rooms' });
  await rooms.getByRole('list', { name: 'Guests in general' }).getByText('Bob').first().waitFor(soon);
  await rooms.getByRole('list', { name: 'Guests in random' }).getByText('Carol').first().waitFor(soon);
}

/** The path of the dark modules in a QR code's SVG, as the qrcode package draws it. */
const modulesOf = (svg: string) => /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];

describe.each([
  [1280, 720],
  [1920, 1080],
])('at %ix%i', (width, height) => {
  test('presenter mode makes the type larger and keeps each of the four emits, every card’s Last emit and what happened on one screen', async () => {
    await page.setViewportSize({ width, height });
    await page.goto(`${playground.url}/`);
    await castReady();
    const usual = await rootFontSize();
    await presenterButton().click();
    expect(await presenterButton().getAttribute('aria-pressed')).toBe('true');
    expect(await rootFontSize()).toBeGreaterThanOrEqual(usual * 1.15);
    await qrCode().waitFor(soon);
    // The lesson waits for presenter mode to end: the playground has the whole screen.
    expect(await page.getByRole('region', { name: 'Lesson', exact: true }).isVisible()).toBe(false);

    await everyEmitOnOneScreen({ "the students' URL": studentsUrl(), 'the QR code': qrCode() });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect((await blockingViolations(page)).join('\n\n')).toBe('');
  });
});

test("the projector shows the students' URL the server was started with, and its QR code encodes that URL", async () => {
  await restartPlayground({ classroom: { instructorKey: INSTRUCTOR_KEY, studentsUrl: STUDENTS_URL } });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${playground.url}/?key=${INSTRUCTOR_KEY}&presenter`);

  await expect.poll(() => text(studentsUrl()), soon).toBe(`Students join at ${STUDENTS_URL}`);
  // Told to the instructor's page only: a student's device asks the same route and gets no address.
  expect(await (await fetch(`${playground.url}/api/classroom`)).json()).toEqual({ mode: 'classroom', instructor: false });
  expect(await qrCode().getAttribute('aria-label')).toBe(`QR code of ${STUDENTS_URL}: show it larger`);
  const drawn = await qrCode().locator('svg').evaluate((svg) => svg.outerHTML);
  const expected = await QRCode.toString(STUDENTS_URL, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  expect(modulesOf(drawn)).toBeDefined();
  expect(modulesOf(drawn)).toBe(modulesOf(expected));

  // For the back row: a click shows the same code over most of the screen, and Escape puts it away.
  await qrCode().click();
  const large = page.getByRole('dialog', { name: `QR code of ${STUDENTS_URL}` }).getByRole('img', { name: `QR code of ${STUDENTS_URL}` });
  await large.waitFor(soon);
  expect((await large.boundingBox())!.height).toBeGreaterThan(1080 * 0.6);
  expect(modulesOf(await large.locator('svg').evaluate((svg) => svg.outerHTML))).toBe(modulesOf(expected));
  expect((await blockingViolations(page)).join('\n\n')).toBe('');
  await page.keyboard.press('Escape');
  await large.waitFor({ state: 'hidden', ...soon });
  expect(await qrCode().evaluate((button) => button.matches(':focus'))).toBe(true);

  // The key left the address bar; the presenter flag stays, so a reload is still in presenter mode.
  expect([...new URL(page.url()).searchParams.keys()]).toEqual(['presenter']);
  await page.reload();
  await expect.poll(() => text(studentsUrl()), soon).toBe(`Students join at ${STUDENTS_URL}`);
  expect((await blockingViolations(page)).join('\n\n')).toBe('');
});

test("a solo page's presenter mode shows its own address as the students' URL, and the Presenter button turns it off", async () => {
  await page.goto(`${playground.url}/lessons/who-receives?presenter`);
  await expect.poll(() => text(studentsUrl()), soon).toBe(`Students join at ${playground.url}/`);
  expect(await qrCode().getAttribute('aria-label')).toBe(`QR code of ${playground.url}/: show it larger`);

  await presenterButton().click();
  expect(await presenterButton().getAttribute('aria-pressed')).toBe('false');
  expect(await studentsUrl().count()).toBe(0);
  expect(new URL(page.url()).searchParams.has('presenter')).toBe(false);
  await page.getByRole('region', { name: 'Lesson', exact: true }).waitFor(soon);
});

test('0 resets the stage, N runs the lesson’s next Try it, and ? lists both', async () => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${playground.url}/lessons/who-receives?presenter`);
  await castReady();

  await card('Dave').getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => page.locator('chat-client-card').count(), soon).toBe(3);
  await page.keyboard.press('0');
  await expect.poll(() => page.locator('chat-client-card').count(), soon).toBe(4);
  await castReady();

  // Lesson 4's scenarios in order: socket.emit, then io.emit.
  await page.keyboard.press('n');
  await expect.poll(() => text(emitResult()), soon).toBe('1 of 4 sockets received socket.emit: Alice. Bob, Carol, and Dave did not.');
  await page.keyboard.press('n');
  await expect.poll(() => text(emitResult()), soon).toMatch(/^4 of 4 sockets received io\.emit: /);

  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.getByText('Reset: the four default cards in their rooms').waitFor(soon);
  await dialog.getByText('Next step of the lesson: its next Try it').waitFor(soon);
  for (const key of ['1', '4', 'P', 'F', '0', 'N']) expect(await dialog.getByRole('term').filter({ hasText: new RegExp(`^${key}$`) }).count(), key).toBe(1);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', ...soon });
});
