// Cause and effect on one screen, in a real Chromium: after each of the lesson's four emits, the button clicked,
// every default card's "Last emit" and what happened are all inside the viewport, at a projector's sizes with the
// lesson shown and on a phone, where the lesson and the playground are two tabs.
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { CAST, card, emitResult, everyEmitOnOneScreen, lastEmit, outOfView, text } from '../support/one-screen.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage();

const tab = (name: 'Lesson' | 'Playground') => page.getByRole('tab', { name, exact: true });

/** Clicks each of the four emits and, once every card has answered, checks that cause and effect share the screen. */
async function everyEmitOnTheOneScreen() {
  await expect.poll(() => text(lastEmit('Dave')), soon).toMatch(/^none yet/);
  await everyEmitOnOneScreen();
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
    await everyEmitOnTheOneScreen();
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
    await everyEmitOnTheOneScreen();
  });

  test('tapped before the sections of the playground have arrived, the Playground tab still brings its panel up under the tab bar', async () => {
    let letThrough!: () => void;
    const held = new Promise<void>((resolve) => (letThrough = resolve));
    // A slow phone: the emit bar and everything under the cards have not come yet, and the page is short.
    await page.route(/\/assets\/(emit-panel|emit-report|rooms-view|lifecycle-panel|polling-demo)-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(playground.url);
    await expect.poll(() => tab('Lesson').getAttribute('aria-selected'), soon).toBe('true');
    await tab('Playground').click();
    const gap = async () => {
      const bar = (await page.getByRole('tablist', { name: 'Lesson or playground' }).boundingBox())!;
      // Its top under the bar, to a pixel (the bar's bottom border).
      return Math.abs(Math.round((await page.getByRole('tabpanel', { name: 'Playground' }).boundingBox())!.y - (bar.y + bar.height)));
    };
    await expect.poll(gap, soon).toBeLessThanOrEqual(1);
    letThrough();
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
