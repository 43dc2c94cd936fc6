// npm run screenshot [-- out.png [width height [button]]]: the page as a student sees it, for the README and for looking at
// changes; with a button's name (e.g. "io.to(room).emit"), after clicking it.
import { startPlayground } from '../../server/app.ts';
import { launchChromium } from './browser.ts';

const [out = 'docs/screenshot.png', width = '1600', height = '1000', button] = process.argv.slice(2);
const playground = await startPlayground({ page: 'built' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  await page.goto(playground.url);
  await page.waitForTimeout(1500);
  if (button) {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForTimeout(1000);
  }
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out} (${width}x${height})`);
} finally {
  await browser.close();
  await playground.close();
}
