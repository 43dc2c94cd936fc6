// The page as a screen reader and a keyboard meet it, in a real Chromium against a real server: axe-core finds no
// serious or critical violation in the page's main states, an emit is announced once, and the keyboard alone drives it.
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { blockingViolations } from '../support/axe.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage();

const card = (name: string) => page.getByRole('region', { name, exact: true });
const emitResult = () => page.getByRole('status', { name: 'Emit result' });
const roomsView = () => page.getByRole('complementary', { name: 'Rooms' });
const lifecycle = () => page.getByRole('region', { name: 'Lifecycle of a connection' });
const pollingDemo = () => page.getByRole('region', { name: 'Polling versus push' });
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** The four cards are connected and in their rooms, as the server's rooms view shows them. */
async function castReady() {
  await roomsView().getByRole('list', { name: 'Guests in general' }).getByText('Bob').first().waitFor(soon);
  await roomsView().getByRole('list', { name: 'Guests in random' }).getByText('Carol').first().waitFor(soon);
}

async function expectNoBlockingViolations(alsoRules: readonly string[] = []) {
  const violations = await blockingViolations(page, alsoRules);
  expect(violations.join('\n\n'), 'axe-core found serious or critical violations').toBe('');
}

/**
 * The live regions (role status, log or alert, or an aria-live other than off) whose text contains `words`:
 * what a screen reader would announce when those words appear.
 */
function liveRegionsSaying(words: string): Promise<string[]> {
  return page.evaluate((words) => {
    const found: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot);
        const live = element.getAttribute('aria-live');
        const role = element.getAttribute('role');
        const isLive = live ? live !== 'off' : role === 'status' || role === 'log' || role === 'alert';
        if (isLive && (element.textContent ?? '').includes(words)) found.push(`${role ?? element.localName} ${element.getAttribute('aria-label') ?? ''}`.trim());
      }
    };
    visit(document);
    return found;
  }, words);
}

/** Whether no emit ran yet: every card's last emit still says "none yet". */
async function nothingFired(): Promise<boolean> {
  const shown = await Promise.all(['Alice', 'Bob', 'Carol', 'Dave'].map((name) => text(card(name).getByRole('group', { name: `${name}'s last emit` }))));
  return shown.every((line) => line.startsWith('none yet'));
}

/** Whether the element a locator finds has keyboard focus (inside its own shadow root). */
const hasFocus = (locator: Locator) => locator.evaluate((element) => element.matches(':focus'));

/** Presses Tab until the locator's element has focus, or fails naming what Tab reached on the way. */
async function tabTo(locator: Locator, most = 80): Promise<void> {
  const passed: string[] = [];
  for (let presses = 0; presses < most; presses++) {
    await page.keyboard.press('Tab');
    if (await hasFocus(locator)) return;
    passed.push(
      await page.evaluate(() => {
        let element = document.activeElement;
        while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
        const labelled = element?.id ? (element.getRootNode() as ShadowRoot).querySelector(`label[for="${element.id}"]`) : null;
        return (element?.getAttribute('aria-label') ?? labelled?.textContent ?? element?.textContent ?? '').replace(/\s+/g, ' ').trim();
      }),
    );
  }
  throw new Error(`Tab never reached ${locator}; it passed: ${passed.join(' | ')}`);
}

describe('axe-core finds no serious or critical violation', () => {
  test('on the page as it opens', async () => {
    await castReady();
    await expectNoBlockingViolations();
  });

  test("after an emit, which one live summary announces, not every card's status", async () => {
    await castReady();
    await page.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
    await expect.poll(() => text(emitResult()), soon).toBe("2 of 4 sockets received io.to('general').emit: Alice and Bob. Carol and Dave did not.");
    expect(await liveRegionsSaying("io.to('general').emit")).toEqual(['status Emit result']);
    // Each card still says whose result it shows, without speaking up.
    expect(await text(card('Carol').getByRole('group', { name: "Carol's last emit" }))).toBe('not received — Carol is not in general.');
    expect(await liveRegionsSaying('not received')).toEqual([]);
    await expectNoBlockingViolations();
  });

  test('with lesson 4 open', async () => {
    await page.goto(`${playground.url}/lessons/who-receives`);
    await page.getByRole('heading', { name: 'Who receives it', level: 2 }).waitFor(soon);
    await castReady();
    await expectNoBlockingViolations();
  });

  test('after a lifecycle replay', async () => {
    await castReady();
    await lifecycle().getByRole('combobox', { name: 'Speed' }).selectOption('fast');
    await lifecycle().getByRole('button', { name: 'Replay', exact: true }).click();
    await lifecycle().getByRole('status').getByText('Replay finished').waitFor({ timeout: 15_000 });
    await expectNoBlockingViolations();
  });
});

describe('at the sizes people teach and learn at', () => {
  test('1280x720 with the lesson shown: none as the page opens, nor after an emit', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await castReady();
    await expectNoBlockingViolations();
    await page.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
    await expect.poll(() => text(emitResult()), soon).toMatch(/^2 of 4 sockets received/);
    await expectNoBlockingViolations();
  });

  // On a phone, touch targets too: WCAG 2.2's 24 px (axe's target-size, off by default).
  test('390x844, both tabs, with touch targets of 24 px or enough space around them', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const tab = (name: string) => page.getByRole('tab', { name, exact: true });
    await expect.poll(() => tab('Lesson').getAttribute('aria-selected'), soon).toBe('true');
    await page.getByRole('tabpanel', { name: 'Lesson' }).getByRole('heading', { level: 2 }).first().waitFor(soon);
    await expectNoBlockingViolations(['target-size']);
    await tab('Playground').click();
    await castReady();
    await expectNoBlockingViolations(['target-size']);
    await page.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
    await expect.poll(() => text(emitResult()), soon).toMatch(/^2 of 4 sockets received/);
    await card('Alice').getByRole('button', { name: 'Open chat' }).click();
    await card('Alice').getByRole('button', { name: 'Close chat' }).waitFor(soon);
    await expectNoBlockingViolations(['target-size']);
  });
});

test('a chat message is not announced once per card that draws it', async () => {
  await castReady();
  await card('Alice').getByRole('button', { name: 'Open chat' }).click();
  const message = card('Alice').getByRole('textbox', { name: 'Message' });
  await message.fill('hello, screen reader');
  await message.press('Enter');
  await card('Alice').getByRole('log', { name: 'Messages' }).getByText('hello, screen reader').waitFor(soon);
  // Bob's card drew it too, chat open or not.
  await expect.poll(() => card('Bob').getByRole('log', { name: 'Messages', includeHidden: true }).textContent(), soon).toContain('hello, screen reader');
  expect(await liveRegionsSaying('hello, screen reader')).toEqual([]);
});

describe('the keyboard alone', () => {
  test('Tab and the shortcuts pick a sender and a room, fire, predict, replay the lifecycle and start the polling demo', async () => {
    await castReady();
    const skip = page.getByRole('link', { name: 'Skip to the emit lab' });
    await page.keyboard.press('Tab');
    expect(await hasFocus(skip)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await hasFocus(page.getByRole('region', { name: 'Emit lab' }))).toBe(true);

    const sender = page.getByRole('combobox', { name: 'Sender' });
    await tabTo(sender);
    await page.keyboard.type('Bob');
    await expect.poll(() => sender.inputValue(), soon).toBe('Bob');
    const room = page.getByRole('combobox', { name: 'Target room' });
    await tabTo(room);
    await page.keyboard.type('random');
    await expect.poll(() => room.inputValue(), soon).toBe('random');

    // In a select a key picks an option: the shortcuts wait until focus is on something that is not typed into.
    await page.keyboard.press('4');
    expect(await room.inputValue()).toBe('random');
    expect(await nothingFired()).toBe(true);
    const predictFirst = page.getByRole('checkbox', { name: 'Predict first' });
    await tabTo(predictFirst);
    await page.keyboard.press('4');
    await expect.poll(() => text(emitResult()), soon).toBe("1 of 4 sockets received io.to('random').emit: Carol. Alice, Bob, and Dave did not.");

    await page.keyboard.press('p');
    await expect.poll(() => predictFirst.isChecked(), soon).toBe(true);
    await page.keyboard.press('2');
    await page.getByRole('button', { name: 'Fire' }).waitFor(soon);
    await page.keyboard.press('f');
    await expect.poll(() => text(emitResult()), soon).toBe('4 of 4 sockets received io.emit: Alice, Bob, Carol, and Dave.');

    await page.keyboard.press('r');
    await lifecycle().getByRole('status').getByText(/^Replay(ing| finished)/).waitFor(soon);
    expect(await hasFocus(lifecycle())).toBe(true);
    // From the lifecycle on, Tab goes through its controls, then into the polling demo.
    await tabTo(lifecycle().getByRole('combobox', { name: 'Follow client' }));
    await tabTo(lifecycle().getByRole('button', { name: 'Replay', exact: true }));
    await tabTo(pollingDemo().getByRole('button', { name: 'Start' }));
    await page.keyboard.press('Enter');
    await pollingDemo().getByRole('button', { name: 'Stop' }).waitFor(soon);
  });

  test('? lists the shortcuts in a dialog that Escape closes, and keys typed in a field stay text', async () => {
    await castReady();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor(soon);
    await dialog.getByText('Replay the lifecycle of a connection').waitFor(soon);
    expect(await hasFocus(dialog.getByRole('button', { name: 'Close' }))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', ...soon });

    const field = pollingDemo().getByRole('textbox', { name: 'Room' });
    await field.fill('');
    await page.keyboard.type('1 2 3 4 p f r ?');
    expect(await field.inputValue()).toBe('1 2 3 4 p f r ?');
    expect(await nothingFired()).toBe(true);
    expect(await dialog.isVisible()).toBe(false);
  });

  test('the lesson title shows a focus ring when a lesson is opened from the keyboard', async () => {
    await page.goto(`${playground.url}/lessons/who-receives`);
    const next = page.getByRole('link', { name: /^Next →/ });
    await next.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hasFocus(page.locator('lesson-view h2.title')), soon).toBe(true);
    expect(await page.locator('lesson-view h2.title').evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
  });
});
