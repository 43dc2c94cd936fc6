// npx tsx test/support/lifecycle-screenshot.ts [out.png [width height [steps]]]: the lifecycle diagram mid-way through a
// replay, stepped to the same point every time (the bubble drawn, its step about to light up), for docs/lifecycle.png.
import { startPlayground } from '../../server/app.ts';
import { launchChromium } from './browser.ts';

const [out = 'docs/lifecycle.png', width = '1600', height = '1000', steps = '7'] = process.argv.slice(2);
const playground = await startPlayground({ page: 'built' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  await page.goto(playground.url);
  const panel = page.locator('lifecycle-panel');
  const step = panel.getByRole('button', { name: 'Step' });
  for (let click = 0; click < Number(steps); click++) {
    await page.waitForFunction((button) => !button?.hasAttribute('disabled'), await step.elementHandle());
    await step.click();
    await page.waitForTimeout(150);
  }
  await panel.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  // Half a pulse into the animation of the step in progress.
  await page.waitForTimeout(600);
  await page.screenshot({ path: out });
  console.log(`saved ${out} (${width}x${height})`);
} finally {
  await browser.close();
  await playground.close();
}
