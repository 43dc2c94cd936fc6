// npm run screenshot -- [shot] [out.png] [width height]: what a student sees, for the README and for looking at a change.
// Shots: page (the opening page), emit-lab (after io.to('general').emit), lesson (lesson 4 after a Try it),
// lifecycle (the diagram stepped mid-way through a replay), emit-lab-1280, emit-lab-1920 and phone (the emit lab at
// their own sizes), presenter (presenter mode at 1920x1080), all (each to its file in docs/). PAGE=dev uses vite's dev server.
import type { Page } from 'playwright-core';
import { startPlayground, type PlaygroundOptions } from '../../server/app.ts';
import { launchChromium } from './browser.ts';

interface Shot {
  out: string;
  /** Gets the page to the moment worth showing; the page has already loaded at `path`. */
  prepare(page: Page): Promise<void>;
  path?: string;
  fullPage?: boolean;
  /** Its own viewport, e.g. a phone's, unless one is given on the command line. */
  size?: [width: number, height: number];
}

/** After io.to('general').emit, as the class sees it: no scrolling, the emit, every card's "Last emit" and what happened share the screen. */
async function afterToRoomEmit(page: Page): Promise<void> {
  await page.waitForTimeout(1500);
  // On a phone the playground is a tab beside the lesson.
  const playgroundTab = page.getByRole('tab', { name: 'Playground' });
  if (await playgroundTab.isVisible()) await playgroundTab.click();
  await page.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
  await page.locator('emit-report').getByText(/sockets received/).waitFor();
  await page.waitForTimeout(300);
}

const shots: Record<string, Shot> = {
  page: {
    out: 'docs/screenshot.png',
    prepare: (page) => page.waitForTimeout(1500),
  },
  'emit-lab': { out: 'docs/emit-lab.png', prepare: afterToRoomEmit },
  'emit-lab-1280': { out: 'docs/emit-lab-1280.png', prepare: afterToRoomEmit, size: [1280, 720] },
  'emit-lab-1920': { out: 'docs/emit-lab-1920.png', prepare: afterToRoomEmit, size: [1920, 1080] },
  phone: { out: 'docs/phone.png', prepare: afterToRoomEmit, size: [390, 844] },
  presenter: { out: 'docs/presenter.png', path: '/?presenter', prepare: afterToRoomEmit, size: [1920, 1080] },
  lesson: {
    out: 'docs/lesson.png',
    path: '/lessons/who-receives',
    async prepare(page) {
      await page.waitForTimeout(1500);
      const group = page.getByRole('group', { name: "In Alice's connection handler socket.to('general').emit('hello', message);", exact: true });
      await group.getByRole('button', { name: 'Try it', exact: true }).click();
      await group.getByRole('status').getByText(/^(✓|✗|Could not)/).waitFor({ timeout: 10_000 });
      await page.waitForTimeout(500);
    },
  },
  lifecycle: {
    out: 'docs/lifecycle.png',
    async prepare(page) {
      const panel = page.locator('lifecycle-panel');
      const step = panel.getByRole('button', { name: 'Step' });
      // Stepped to the same point every time: the bubble drawn, its step about to light up.
      for (let click = 0; click < 7; click++) {
        await page.waitForFunction((button) => !button?.hasAttribute('disabled'), await step.elementHandle());
        await step.click();
        await page.waitForTimeout(150);
      }
      await panel.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      // Half a pulse into the animation of the step in progress.
      await page.waitForTimeout(600);
    },
  },
};

const [name = 'page', out, width, height] = process.argv.slice(2);
const chosen = name === 'all' ? Object.keys(shots) : [name];
if (chosen.some((shot) => !shots[shot])) {
  console.error(`Unknown shot "${name}": use one of ${[...Object.keys(shots), 'all'].join(', ')}.`);
  process.exit(1);
}
const playground = await startPlayground({ page: (process.env.PAGE ?? 'built') as PlaygroundOptions['page'] });
const browser = await launchChromium();
try {
  for (const shotName of chosen) {
    const shot = shots[shotName]!;
    const path = (name === 'all' ? undefined : out) ?? shot.out;
    const [shotWidth, shotHeight] = width && height ? [Number(width), Number(height)] : (shot.size ?? [1600, 1000]);
    const page = await browser.newPage({ viewport: { width: shotWidth, height: shotHeight } });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${playground.url}${shot.path ?? '/'}`);
    await shot.prepare(page);
    await page.screenshot({ path, fullPage: shot.fullPage ?? false });
    console.log(`saved ${path} (${shotWidth}x${shotHeight})`);
    await page.close();
  }
} finally {
  await browser.close();
  await playground.close();
}
