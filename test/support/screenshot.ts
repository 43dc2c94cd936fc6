// npm run screenshot [-- out.png [width height]]: the page as a student sees it, for the README and for looking at changes.
import { startPlayground } from '../../server/app.ts';
import { launchChromium } from './browser.ts';

const [out = 'docs/screenshot.png', width = '1600', height = '1000'] = process.argv.slice(2);
const playground = await startPlayground({ page: 'built' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  await page.goto(playground.url);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out} (${width}x${height})`);
} finally {
  await browser.close();
  await playground.close();
}
