// npx tsx test/support/classroom-screenshot.ts: classroom mode for the README. The projector (1920x1080, the
// instructor's page) and one student's phone (390x844) after io.to('general').emit, with three students joined.
import type { Browser, Page } from 'playwright-core';
import { startPlayground } from '../../server/app.ts';
import { launchChromium } from './browser.ts';

const KEY = 'screenshot-key';
const STUDENTS = [
  { name: 'Maya', room: 'general' },
  { name: 'Noah', room: 'general' },
  { name: 'Omar', room: 'random' },
] as const;

async function open(browser: Browser, url: string, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  return page;
}

async function joinClass(page: Page, name: string, room: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('button', { name: 'Join the class' }).click();
  const card = page.getByRole('region', { name, exact: true });
  await card.getByRole('combobox', { name: 'Room' }).fill(room);
  await card.getByRole('button', { name: 'Join', exact: true }).click();
  await card.locator('.where').getByText(room).waitFor();
}

const playground = await startPlayground({ page: 'built', classroom: { instructorKey: KEY } });
const browser = await launchChromium();
try {
  const projector = await open(browser, `${playground.url}/?key=${KEY}`, 1920, 1080);
  const phones = await Promise.all(STUDENTS.map(() => open(browser, playground.url, 390, 844)));
  await Promise.all(STUDENTS.map((student, index) => joinClass(phones[index]!, student.name, student.room)));
  await projector.waitForTimeout(1500);
  await projector.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
  await projector.locator('emit-report').getByText(/sockets received/).waitFor();
  await phones[0]!.getByText(/^received/).first().waitFor();
  await projector.waitForTimeout(300);
  await phones[0]!.screenshot({ path: 'docs/classroom-student.png' });
  await projector.screenshot({ path: 'docs/classroom-projector.png' });
  console.log('saved docs/classroom-student.png (390x844) and docs/classroom-projector.png (1920x1080)');
} finally {
  await browser.close();
  await playground.close();
}
