// The browser tests' common set-up: one Chromium per file, and per test a fresh server and page.
// The bindings below are live: a test file imports them and always sees the current test's.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startPlayground, type Playground, type PlaygroundOptions } from '../../server/app.ts';
import { launchChromium } from './browser.ts';

export let browser: Browser;
export let playground: Playground;
export let page: Page;
/** Uncaught errors and alert() dialogs of the page: any of them fails the test. */
let pageProblems: string[];

// Sockets answer in milliseconds; the margin is for a loaded CI machine, not for sleeping.
export const soon = { timeout: 5000 };
/**
 * A fresh page is ready (its lazy chunks fetched, its sockets connected, the rooms view fed): a wait for readiness
 * before a test starts, not a measure of speed, which `npm run bench -- size` times. Several browsers share two cores.
 */
export const pageReady = { timeout: 15_000 };

async function openPage(serverOptions: PlaygroundOptions, goto: boolean): Promise<void> {
  playground = await startPlayground({ port: 0, page: 'built', ...serverOptions });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // An element that never shows up fails with its locator, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  page.on('dialog', (dialog) => {
    pageProblems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  if (goto) await page.goto(playground.url);
}

async function closePage(): Promise<void> {
  await page?.close();
  await playground?.close();
}

/**
 * Registers the hooks. A server per test: the pages count every socket, and a socket that the
 * previous test dropped can linger on a server until its ping timeout.
 */
export function usePlaygroundPage(options: { goto?: boolean } = {}): void {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    pageProblems = [];
    await openPage({}, options.goto ?? true);
  });
  afterEach(async () => {
    await closePage();
    expect(pageProblems).toEqual([]);
  });
}

/** Swaps this test's server and page for ones with other server options, e.g. a short pingInterval. */
export async function restartPlayground(serverOptions: PlaygroundOptions): Promise<void> {
  await closePage();
  await openPage(serverOptions, true);
}
