// The polling demo in a real Chromium against a real server: its counters are measured, and match what the server served.
import { expect, test } from 'vitest';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';


const INTERVAL_S = 2;

usePlaygroundPage();

const demo = () => page.locator('polling-demo');
/** What one side's message list shows. */
const side = (name: 'polling' | 'push') =>
  demo().getByRole('group', { name: `What the ${name} client shows` }).getByRole('log', { name: 'Messages' });
/** A figure of the table, e.g. cell('Requests made', 'Polling'), as a number of bytes, milliseconds or requests. */
async function figure(row: string, column: 'Polling' | 'Push'): Promise<number> {
  const cell = demo().getByRole('row', { name: new RegExp(`^${row}`) }).getByRole('cell').nth(column === 'Polling' ? 0 : 1);
  const text = (await cell.textContent())!;
  const match = /^\s*([\d,.]+)\s*(ms|s|B)?/.exec(text);
  if (!match) throw new Error(`${row} / ${column} is not a figure: "${text}"`);
  const value = Number(match[1]!.replaceAll(',', ''));
  return match[2] === 's' ? value * 1000 : value;
}

async function start({ forcePolling = false } = {}) {
  await demo().getByRole('spinbutton', { name: 'Poll every (seconds)' }).fill(String(INTERVAL_S));
  await demo().getByRole('spinbutton', { name: 'Poll every (seconds)' }).press('Tab');
  if (forcePolling) await demo().getByRole('switch', { name: 'Force long-polling' }).check();
  await demo().getByRole('button', { name: 'Start' }).click();
  await demo().getByText('one socket, ', { exact: false }).filter({ hasText: forcePolling ? 'polling' : 'websocket' }).waitFor(soon);
}

async function send(text: string) {
  await demo().getByRole('textbox', { name: 'Message' }).fill(text);
  await demo().getByRole('button', { name: 'Send as Push client' }).click();
}

test('the requests and bytes the page counts are the ones the server logged; push is told sooner than the poll interval', async () => {
  await start();
  await send('pushed or polled?');
  await side('push').getByText('pushed or polled?').waitFor(soon);
  await side('polling').getByText('pushed or polled?').waitFor({ timeout: (INTERVAL_S + 3) * 1000 });
  // A few more polls that bring nothing new.
  await expect.poll(() => figure('Requests made', 'Polling'), { timeout: (INTERVAL_S * 3 + 3) * 1000 }).toBeGreaterThanOrEqual(4);
  await demo().getByRole('button', { name: 'Stop' }).click();

  // Once stopped, the page's figures settle on exactly what the server served.
  await expect.poll(async () => (await figure('Requests made', 'Polling')) === playground.polling.requests, soon).toBe(true);
  expect(await figure('Bytes moved', 'Polling')).toBe(playground.polling.bytes);
  expect(playground.polling.recent.every((served) => served.room === 'news' && served.status === 200)).toBe(true);

  const pushDelay = await figure('Delay, last message', 'Push');
  const pollDelay = await figure('Delay, last message', 'Polling');
  expect(pushDelay).toBeLessThan(INTERVAL_S * 1000);
  expect(pollDelay).toBeGreaterThanOrEqual(pushDelay);
  expect(pollDelay).toBeLessThan((INTERVAL_S + 1) * 1000);
  // Both counted the same new messages: "Push client joined" and the one sent.
  expect(await figure('Messages seen', 'Polling')).toBe(2);
  expect(await figure('Messages seen', 'Push')).toBe(2);
});

test('Force long-polling connects the push client with polling only: its wire shows no upgrade', async () => {
  await start({ forcePolling: true });
  await send('over long-polling');
  await side('push').getByText('over long-polling').waitFor(soon);
  await demo().getByText('Wire of the push client').click();
  const frames = demo().getByRole('list', { name: 'Frames of Push client' }).getByRole('listitem').filter({ has: page.locator('code.raw') });
  await expect.poll(() => frames.filter({ hasText: 'over long-polling' }).count(), soon).toBeGreaterThan(0);
  const transports = await frames.evaluateAll((items) => items.map((item) => item.getAttribute('data-transport')));
  expect(new Set(transports)).toEqual(new Set(['polling']));
  expect(await frames.filter({ has: page.locator('code.raw', { hasText: /^(2probe|5)$/ }) }).count()).toBe(0);

  // Switched off, a new socket upgrades to a WebSocket.
  await demo().getByRole('switch', { name: 'Force long-polling' }).uncheck();
  await expect.poll(() => frames.filter({ has: page.locator('code.raw', { hasText: /^5$/ }) }).count(), soon).toBe(1);
});

test('a bad room name is refused with the chat’s own sentence', async () => {
  await demo().getByRole('textbox', { name: 'Room' }).fill('Bad Room!');
  await demo().getByRole('button', { name: 'Start' }).click();
  expect(await demo().getByRole('alert').textContent()).toBe('A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".');
  expect(playground.polling.requests).toBe(0);
});
