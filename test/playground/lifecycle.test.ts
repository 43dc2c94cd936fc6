// The lifecycle diagram and the wire inspector in a real Chromium against a real server: what lights up is what really happened.
import type { Locator } from 'playwright-core';
import { beforeEach, expect, test } from 'vitest';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { LIFECYCLE_STEPS } from '../../core/lifecycle.ts';
import { openChat } from '../support/cards.ts';
import { page, playground, restartPlayground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage({ goto: false });

/** When the test began: every step's time must fall after it. */
let testStartedAt: number;

beforeEach(async () => {
  testStartedAt = Date.now();
  await page.goto(playground.url);
});

const panel = () => page.locator('lifecycle-panel');
const card = (name: string) => page.getByRole('region', { name, exact: true });
const steps = (client: string) => panel().getByRole('list', { name: `Lifecycle steps of ${client}` }).locator('li.step');
const frames = (client: string) => panel().getByRole('list', { name: `Frames of ${client}` }).getByRole('listitem');

interface StepSeen {
  title: string;
  status: string;
  at: number | undefined;
}

async function stepsOf(client: string): Promise<StepSeen[]> {
  return steps(client).evaluateAll((items) =>
    items.map((item) => {
      const datetime = item.querySelector('.head time')?.getAttribute('datetime');
      return {
        title: item.querySelector('.title')?.textContent ?? '',
        status: item.getAttribute('data-status') ?? '',
        at: datetime ? Date.parse(datetime) : undefined,
      };
    }),
  );
}

const doneCount = async (client: string) => (await stepsOf(client)).filter((step) => step.status === 'done').length;

async function follow(client: string) {
  await panel().getByRole('combobox', { name: 'Follow client' }).selectOption(client);
}

/** The raw text of a frame, as the inspector shows it. */
const rawOf = (frame: Locator) => frame.locator('code.raw').textContent();

test('Erin, added and followed, lights up every step in the lesson’s order, at real times; the wire shows what crossed it', async () => {
  await page.getByRole('button', { name: 'Add client' }).click();
  await follow('Erin');
  await expect.poll(async () => (await stepsOf('Erin')).slice(0, 4).map((step) => step.status), soon).toEqual(['done', 'done', 'done', 'done']);
  expect(await panel().locator('[aria-current="step"] .title').textContent()).toBe('Join: emit join-room');

  await openChat(card('Erin'));
  await card('Erin').getByRole('combobox', { name: 'Room' }).fill('general');
  await card('Erin').getByRole('button', { name: 'Join', exact: true }).click();
  await card('Erin').getByRole('textbox', { name: 'Message' }).fill('hello from Erin');
  await card('Erin').getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect.poll(() => doneCount('Erin'), soon).toBe(9);
  // What Alice's card drew is what the server stamped: the same timestamp as the frame on Erin's wire.
  await openChat(card('Alice'));
  const aliceSaw = card('Alice').getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'hello from Erin' });
  const stamp = await aliceSaw.locator('time').getAttribute('datetime');

  // Remove is the tab closing.
  await card('Erin').getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => doneCount('Erin'), soon).toBe(10);
  const testEndedAt = Date.now();

  const seen = await stepsOf('Erin');
  expect(seen.map((step) => step.title)).toEqual(LIFECYCLE_STEPS.map((step) => step.title));
  const times = seen.map((step) => step.at!);
  expect(times.every((at) => at >= testStartedAt && at <= testEndedAt)).toBe(true);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(await panel().locator('[aria-current="step"]').count()).toBe(0);

  const disconnect = steps('Erin').last();
  expect(await disconnect.textContent()).toContain('io client disconnect');
  await disconnect.getByText('Rooms left').waitFor(soon);
  expect(await disconnect.textContent()).toContain('"Erin left", then online users: Alice, Bob');

  const openPacket = frames('Erin').filter({ has: page.locator('code.raw', { hasText: /^0\{/ }) });
  expect(await openPacket.count()).toBe(1);
  expect(await openPacket.textContent()).toContain('↓ received');
  expect(await rawOf(openPacket)).toMatch(/^0\{"sid":"[^"]+","upgrades":\["websocket"\],"pingInterval":\d+,"pingTimeout":\d+,"maxPayload":\d+\}$/);
  const upgrade = frames('Erin').filter({ hasText: '↑ sent' }).filter({ has: page.locator('code.raw', { hasText: /^5$/ }) });
  expect(await upgrade.count()).toBe(1);
  expect(await upgrade.getAttribute('data-transport')).toBe('websocket');

  const delivered = frames('Erin').filter({ hasText: 'receive-message' }).filter({ hasText: 'hello from Erin' });
  const raw = (await rawOf(delivered))!;
  expect(raw.startsWith('42["receive-message",{')).toBe(true);
  const [event, message] = JSON.parse(raw.slice(2)) as [string, ChatMessage];
  expect(event).toBe('receive-message');
  expect(message).toMatchObject({ name: 'Erin', room: 'general', text: 'hello from Erin', system: false });
  expect(new Date(message.timestamp).toISOString()).toBe(stamp);
});

test('the handshake opens up into the Engine.IO open packet, long-polling, the upgrade probe and the CONNECT with the socket id', async () => {
  await follow('Alice');
  await expect.poll(async () => (await stepsOf('Alice'))[3]?.status, soon).toBe('done');
  // The step is Engine.IO's handshake, which opens over HTTP long-polling: not a WebSocket handshake.
  const handshake = steps('Alice').filter({ has: page.locator('.title', { hasText: /^Handshake \(Engine\.IO\)$/ }) });
  expect(await handshake.locator('.note').textContent()).toBe('Opens with HTTP long-polling, then upgrades to a WebSocket when it can.');
  await handshake.getByText('What happened underneath').click();
  const socketId = [...playground.io.of('/').sockets.values()].find((socket) => socket.data.name === 'Alice')?.id;
  await expect.poll(async () => handshake.textContent(), soon).toContain('Upgrade packet');
  const text = (await handshake.textContent())!.replace(/\s+/g, ' ');
  for (const words of ['Engine.IO open packet', 'pingInterval', 'pingTimeout', 'maxPayload', 'transport=polling', '2probe', '3probe', 'Socket.IO CONNECT']) {
    expect(text).toContain(words);
  }
  expect(text).toContain(`the socket id is ${socketId}`);
});

test('the wire filters by event name, and shows heartbeats unless asked not to', async () => {
  // A server that pings every 300 ms instead of 25 s, so that heartbeats cross the wire during the test.
  await restartPlayground({ pingInterval: 300 });

  await follow('Bob');
  const heartbeats = () => frames('Bob').filter({ has: page.locator('code.raw', { hasText: /^[23]$/ }) });
  await expect.poll(() => heartbeats().count(), soon).toBeGreaterThanOrEqual(2);
  expect(await heartbeats().filter({ hasText: '↓ received' }).first().locator('code.raw').textContent()).toBe('2');
  expect(await heartbeats().filter({ hasText: '↑ sent' }).first().locator('code.raw').textContent()).toBe('3');
  await panel().getByRole('checkbox', { name: 'Show heartbeats (ping, pong)' }).uncheck();
  expect(await heartbeats().count()).toBe(0);
  expect(await frames('Bob').count()).toBeGreaterThan(0);

  await expect.poll(() => frames('Bob').filter({ hasText: 'online-users' }).count(), soon).toBeGreaterThan(0);
  await panel().getByRole('combobox', { name: 'Event' }).selectOption('online-users');
  const shown = await frames('Bob').allTextContents();
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((frame) => frame.includes('online-users'))).toBe(true);
});

test('Replay runs the whole lifecycle for a fresh client, and the server reports its cleanup', async () => {
  await panel().getByRole('combobox', { name: 'Speed' }).selectOption('fast');
  await panel().getByRole('button', { name: 'Replay', exact: true }).click();
  await expect.poll(() => doneCount('Replay'), { timeout: 10_000 }).toBe(10);
  await panel().getByRole('status').getByText('Replay finished').waitFor(soon);
  await panel().getByRole('log', { name: 'Messages' }).getByText('Hello from the replay').waitFor(soon);
  // A real client in general: Alice saw it come, speak and go.
  await openChat(card('Alice'));
  const alice = card('Alice').getByRole('log', { name: 'Messages' });
  for (const text of ['Replay joined', 'Hello from the replay', 'Replay left']) await alice.getByText(text).waitFor(soon);
  const disconnect = steps('Replay').last();
  await disconnect.getByText('client namespace disconnect').waitFor(soon);
  expect(await disconnect.textContent()).toContain('general');
  const times = (await stepsOf('Replay')).map((step) => step.at!);
  expect(times).toEqual([...times].sort((a, b) => a - b));
});

test('Step performs the next real action only when clicked, one step per click', async () => {
  const stepButton = panel().getByRole('button', { name: 'Step' });
  await stepButton.click();
  await expect.poll(() => doneCount('Replay'), soon).toBe(2);
  for (let done = 2; done < LIFECYCLE_STEPS.length; done++) {
    // Nothing moves on by itself: the lecturer has time to explain.
    await page.waitForTimeout(done === 4 ? 1500 : 150);
    expect(await doneCount('Replay')).toBe(done);
    expect(await panel().locator('[aria-current="step"] .title').textContent()).toBe(LIFECYCLE_STEPS[done]!.title);
    await expect.poll(() => stepButton.isEnabled(), soon).toBe(true);
    await stepButton.click();
    await expect.poll(() => doneCount('Replay'), soon).toBe(done + 1);
  }
  await panel().getByRole('status').getByText('Replay finished').waitFor(soon);
  // After "emit join-room" was clicked, the server really had the replay client in general.
  await openChat(card('Alice'));
  expect(await card('Alice').getByRole('log', { name: 'Messages' }).getByText('Replay left').count()).toBe(1);
});

test('when the server drops Bob, the diagram shows transport close, the reconnection and the recovered connection', async () => {
  await follow('Bob');
  await expect.poll(() => doneCount('Bob'), soon).toBeGreaterThanOrEqual(6);
  const firstId = [...playground.io.of('/').sockets.values()].find((socket) => socket.data.name === 'Bob')?.id;
  // The server closes Bob's transport under him: his client sees "transport close" and retries.
  [...playground.io.of('/').sockets.values()].find((socket) => socket.data.name === 'Bob')?.conn.close();
  const round = panel().locator('lifecycle-diagram .round');
  await round.waitFor(soon);
  const text = (await round.textContent())!.replace(/\s+/g, ' ');
  expect(text).toContain(`the previous one (socket ${firstId}) ended with transport close`);
  expect(text).toMatch(/came back after \d+ reconnection attempts?/);
  expect(text).toContain('Connection state recovery gave it back: the same socket id, already in general');
  await expect.poll(async () => (await stepsOf('Bob')).slice(0, 6).every((step) => step.status === 'done'), soon).toBe(true);
  expect(await frames('Bob').filter({ hasText: 'reconnection attempt 1' }).count()).toBeGreaterThan(0);
});
