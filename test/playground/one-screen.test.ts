// Cause and effect on one screen, in a real Chromium: after each of the lesson's four emits, the button clicked,
// every default card's "Last emit" and what happened are all inside the viewport, at a projector's sizes with the
// lesson shown and on a phone, where the lesson and the playground are two tabs.
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage();

const CAST = ['Alice', 'Bob', 'Carol', 'Dave'];
/** The four emits of the lesson, each with the call the report names once it ran (Alice sends to general). */
const THE_FOUR = [
  ['socket.emit', 'socket.emit'],
  ['io.emit', 'io.emit'],
  ['socket.to(room).emit', "socket.to('general').emit"],
  ['io.to(room).emit', "io.to('general').emit"],
] as const;

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const card = (name: string) => page.getByRole('region', { name, exact: true });
const lastEmit = (name: string) => card(name).getByRole('group', { name: `${name}'s last emit` });
const emitResult = () => page.getByRole('status', { name: 'Emit result' });
const emitButton = (variant: string) => page.getByRole('button', { name: variant, exact: true });
const tab = (name: 'Lesson' | 'Playground') => page.getByRole('tab', { name, exact: true });

/** What is not wholly inside the viewport, with its box: an empty list when everything is in view. */
async function outOfView(things: Record<string, Locator>): Promise<string[]> {
  const { width, height } = page.viewportSize()!;
  const out: string[] = [];
  for (const [what, locator] of Object.entries(things)) {
    const box = await locator.boundingBox();
    const inside = box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
    if (!inside) out.push(`${what} ${box ? `at y ${Math.round(box.y)}..${Math.round(box.y + box.height)} of ${height}` : 'not drawn'}`);
  }
  return out;
}

/** Clicks each of the four emits and, once every card has answered, checks that cause and effect share the screen. */
async function everyEmitOnOneScreen() {
  await expect.poll(() => text(lastEmit('Dave')), soon).toMatch(/^none yet/);
  const scrolledAt = await page.evaluate(() => window.scrollY);
  for (const [variant, call] of THE_FOUR) {
    await emitButton(variant).click();
    await expect.poll(() => text(emitResult()), soon).toContain(`sockets received ${call}:`);
    for (const name of CAST) await expect.poll(() => text(lastEmit(name)), soon).toMatch(/^(received|not received) /);
    const things: Record<string, Locator> = { [`the ${variant} button`]: emitButton(variant), 'What happened': emitResult() };
    for (const name of CAST) things[`${name}'s Last emit`] = lastEmit(name);
    expect(await outOfView(things), `after ${variant}`).toEqual([]);
    // Nothing scrolled to show them: the click and its effect were already on the same screen.
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolledAt);
  }
}

describe.each([
  [1280, 720],
  [1920, 1080],
])('at %ix%i with the lesson shown', (width, height) => {
  test('each of the four emits, every card’s Last emit and what happened are on the screen at once', async () => {
    await page.setViewportSize({ width, height });
    const lesson = page.getByRole('region', { name: 'Lesson', exact: true });
    await page.getByRole('button', { name: 'Hide the lesson' }).waitFor(soon);
    // Beside the playground, not above it.
    expect((await lesson.boundingBox())!.x + (await lesson.boundingBox())!.width).toBeLessThan((await card('Alice').boundingBox())!.x);
    await everyEmitOnOneScreen();
  });
});

test('at 1280x720, a Try it in the lesson brings the playground back into view, scrolled away as it was', async () => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${playground.url}/lessons/who-receives`);
  await page.getByRole('button', { name: 'Hide the lesson' }).waitFor(soon);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const scenario = page.getByRole('group', { name: "In Alice's connection handler socket.to('general').emit('hello', message);", exact: true });
  await scenario.getByRole('button', { name: 'Try it', exact: true }).click();

  await expect.poll(() => text(emitResult()), soon).toMatch(/ sockets received socket\.to\('general'\)\.emit: Bob\./);
  const things: Record<string, Locator> = { 'What happened': emitResult() };
  for (const name of CAST) things[`${name}'s Last emit`] = lastEmit(name);
  await expect.poll(() => outOfView(things), soon).toEqual([]);
});

describe('on a phone (390x844)', () => {
  /** The phone's layout, with its playground tab shown. */
  async function playgroundTab() {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => tab('Lesson').getAttribute('aria-selected'), soon).toBe('true');
    await tab('Playground').click();
  }

  test('the lesson and the playground are two tabs: one shown at a time, switched with a tap or the arrow keys', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => tab('Lesson').getAttribute('aria-selected'), soon).toBe('true');
    expect(await page.getByRole('tablist', { name: 'Lesson or playground' }).getByRole('tab').count()).toBe(2);
    // The lesson view arrives after the cards (it is a chunk of its own).
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Lesson' }).isVisible(), soon).toBe(true);
    expect(await card('Alice').isVisible()).toBe(false);

    await tab('Playground').click();
    expect(await tab('Playground').getAttribute('aria-selected')).toBe('true');
    expect(await tab('Lesson').getAttribute('aria-selected')).toBe('false');
    expect(await page.getByRole('tabpanel', { name: 'Lesson' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Playground' }).isVisible(), soon).toBe(true);
    await expect.poll(() => card('Alice').isVisible(), soon).toBe(true);

    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => tab('Lesson').getAttribute('aria-selected'), soon).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent?.trim())).toBe('Lesson');
  });

  test('the playground tab fits the four emits and every card’s result', async () => {
    await playgroundTab();
    await everyEmitOnOneScreen();
  });

  test('a Try it in the lesson switches to the playground tab and shows its result there', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${playground.url}/lessons/who-receives`);
    const scenario = page.getByRole('group', { name: "In Alice's connection handler socket.to('general').emit('hello', message);", exact: true });
    await scenario.getByRole('button', { name: 'Try it', exact: true }).click();

    await expect.poll(() => tab('Playground').getAttribute('aria-selected'), soon).toBe('true');
    // The sockets of the page opened before this lesson may linger on the server: the count is not the point.
    await expect.poll(() => text(emitResult()), soon).toMatch(/ sockets received socket\.to\('general'\)\.emit: Bob\./);
    // The result and the first card under it; all four cards' is the claim of the test above.
    await expect.poll(() => outOfView({ 'What happened': emitResult(), "Alice's Last emit": lastEmit('Alice') }), soon).toEqual([]);
  });
});
