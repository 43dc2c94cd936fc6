// Lesson 6 beside the server's live figures (GET /api/stats), in a real Chromium against a real server.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, expect, test } from 'vitest';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage({ goto: false });

const extra: Socket[] = [];
afterEach(() => {
  for (const socket of extra.splice(0)) socket.disconnect();
});

const liveFigure = (name: string) =>
  page
    .getByRole('region', { name: 'This server now' })
    .locator('div')
    .filter({ has: page.getByRole('term').filter({ hasText: name }) })
    .getByRole('definition');

test('lesson 6 shows the server live: two more clients connect and its socket count follows', async () => {
  await page.goto(`${playground.url}/lessons/why-node`);
  // The page's four cards, in general and random.
  const sockets = async () => [await liveFigure('Sockets connected').textContent(), await liveFigure('Rooms in use').textContent()];
  await expect.poll(sockets, { timeout: 10_000 }).toEqual(['4', '2']);
  expect(await liveFigure('JavaScript heap').textContent()).toMatch(/^\d+\.\d MB$/);
  expect(await liveFigure('Event loop late, p99').textContent()).toMatch(/^[\d.]+ ms$/);
  for (let client = 0; client < 2; client++) extra.push(connect(playground.url, { forceNew: true, reconnection: false, transports: ['websocket'] }));
  await expect.poll(() => liveFigure('Sockets connected').textContent(), soon).toBe('6');
});
