// `npm run bench -- size`: the page's first load beside the floor (lit and socket.io-client alone), both built in
// this run, every chunk of the page, and how long a cold load takes until the four cards are connected.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlayground } from '../server/app.ts';
import { launchChromium } from '../test/support/browser.ts';
import { buildFloor, buildPage, kB, type BuildSize } from './page-size.ts';

export const SIZE_USAGE = 'size  the first load of the page (min+gzip) beside lit and socket.io-client alone, every chunk, and the time to four connected cards';

/** The goals of issue 11: a first load within 1.5 times the floor, four cards connected within a second. */
export const FIRST_LOAD_MAX_RATIO = 1.5;
/**
 * What npm test holds the first load to: the goal itself, met since the first load went to 1.50x (27.1 kB against
 * a floor of 18.1 kB). Something new for the first load has to make room for itself: lazy chunks are free.
 */
export const FIRST_LOAD_BUDGET_RATIO = FIRST_LOAD_MAX_RATIO;
const CONNECTED_GOAL_MS = 1000;
const COLD_LOADS = 3;

/**
 * Resolves with performance.now() (milliseconds since navigation) once the page shows four cards, all "connected".
 * A string, so that what runs in the page is exactly this and not tsx's rewrite of it.
 */
export const ALL_CARDS_CONNECTED = `new Promise((resolve) => {
  const check = () => {
    const cards = [...(document.querySelector('emit-playground')?.shadowRoot?.querySelectorAll('chat-client-card') ?? [])];
    const connected = cards.filter((card) => card.shadowRoot?.querySelector('.connection')?.textContent?.trim() === 'connected');
    if (cards.length === 4 && connected.length === 4) resolve(performance.now());
    else requestAnimationFrame(check);
  };
  check();
})`;

/** Milliseconds from navigation to all four cards saying "connected", in a fresh browser context (nothing cached). */
async function timeToConnected(): Promise<number[]> {
  const playground = await startPlayground({ port: 0, page: 'built' });
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    for (let load = 0; load < COLD_LOADS; load++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(playground.url, { waitUntil: 'commit' });
      times.push(await page.evaluate<number>(ALL_CARDS_CONNECTED));
      await context.close();
    }
    return times;
  } finally {
    await browser.close();
    await playground.close();
  }
}

function chunkTable(page: BuildSize): string {
  return page.chunks
    .map((chunk) => `  ${chunk.firstLoad ? 'first load' : 'lazy      '}  ${kB(chunk.gzipped).padStart(9)}  ${kB(chunk.minified).padStart(9)}  ${chunk.file}`)
    .join('\n');
}

export async function sizeBenchmark(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error(`size takes no options, not "${args.join(' ')}".`);
  const outDir = await mkdtemp(join(tmpdir(), 'emit-playground-size-'));
  try {
    const floor = await buildFloor(join(outDir, 'floor'));
    const page = await buildPage(join(outDir, 'page'));
    const ratio = page.firstLoad.gzipped / floor.firstLoad.gzipped;
    console.log('First load, JavaScript (min+gzip, min):');
    console.log(`  floor (lit + socket.io-client)  ${kB(floor.firstLoad.gzipped).padStart(9)}  ${kB(floor.firstLoad.minified).padStart(9)}`);
    console.log(`  the page                        ${kB(page.firstLoad.gzipped).padStart(9)}  ${kB(page.firstLoad.minified).padStart(9)}`);
    console.log(
      `  ${ratio.toFixed(2)}x the floor; goal at most ${FIRST_LOAD_MAX_RATIO}x (${kB(floor.firstLoad.gzipped * FIRST_LOAD_MAX_RATIO)}): ${ratio <= FIRST_LOAD_MAX_RATIO ? 'met' : 'NOT met'}`,
    );
    const total = page.chunks.reduce((sum, chunk) => sum + chunk.gzipped, 0);
    console.log(`\nEvery chunk of the page (${page.chunks.length}, ${kB(total)} min+gzip in all):\n              min+gzip        min  file\n${chunkTable(page)}`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  // The cold loads use the page as npm start serves it: dist/, rebuilt if older than its sources.
  const times = await timeToConnected();
  const worst = Math.max(...times);
  console.log(
    `\nCold load to four connected cards (Chromium, ${COLD_LOADS} loads): ${times.map((ms) => `${Math.round(ms)} ms`).join(', ')}; ` +
      `goal within ${CONNECTED_GOAL_MS} ms: ${worst <= CONNECTED_GOAL_MS ? 'met' : 'NOT met'}`,
  );
}
