// npx tsx test/support/lesson-screenshot.ts [out.png [width height [lesson-id [scenario]]]]: a lesson beside the playground
// after one of its "Try it" (by the scenario's group name), for docs/lesson.png; PAGE=dev shows the vite dev server instead.
import { startPlayground, type PlaygroundOptions } from '../../server/app.ts';
import { launchChromium } from './browser.ts';

const [
  out = 'docs/lesson.png',
  width = '1600',
  height = '1000',
  lesson = 'who-receives',
  scenario = "In Alice's connection handler socket.to('general').emit('hello', message);",
] = process.argv.slice(2);
const playground = await startPlayground({ page: (process.env.PAGE ?? 'built') as PlaygroundOptions['page'] });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${playground.url}/lessons/${lesson}`);
  await page.waitForTimeout(1500);
  const group = page.getByRole('group', { name: scenario, exact: true });
  await group.getByRole('button', { name: 'Try it', exact: true }).click();
  await group.getByRole('status').getByText(/^(✓|✗|Could not)/).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`saved ${out} (${width}x${height})`);
} finally {
  await browser.close();
  await playground.close();
}
