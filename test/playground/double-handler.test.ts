// Lesson 2's listener registered twice, in a real Chromium against a real server: "Try it" ticks "Listen inside
// connect" on Bob's card, reconnects his socket, performs the emit, and his card counts its hello handler's real runs.
import { expect, test } from 'vitest';
import { openChat } from '../support/cards.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage({ goto: false });

const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const card = (name: string) => page.getByRole('region', { name, exact: true });
const helloListeners = (name: string) => card(name).getByRole('status', { name: 'hello listeners' });
const lastEmit = (name: string) => card(name).getByRole('group', { name: `${name}'s last emit` });
const listenInsideConnect = (name: string) => card(name).getByRole('checkbox', { name: 'Listen inside connect (the classic bug)' });
async function openCardOptions(name: string) {
  await openChat(card(name));
  await card(name).getByText('Card options').click();
}
const socketsOf = (name: string) => [...playground.io.of('/').sockets.values()].filter((socket) => socket.data.name === name);

/** Lesson 2's scenario of Alice's socket.to('general').emit, for the Bob its clients line describes. */
const scenario = (bob: string) =>
  page.getByRole('group', { name: "In Alice's connection handler socket.to('general').emit('hello', message);", exact: true }).filter({ hasText: `Bob (${bob})` });

async function tryIt(bob: string): Promise<string> {
  await scenario(bob).getByRole('button', { name: 'Try it', exact: true }).click();
  const status = scenario(bob).getByRole('status');
  await expect.poll(() => text(status), soon).toMatch(/^(✓|✗|Could not)/);
  return text(status);
}

test('Bob listens in connect and reconnected once: socket.io delivers one hello, and his card handles it twice', async () => {
  await page.goto(`${playground.url}/lessons/events`);
  const firstSocket = socketsOf('Bob')[0]?.id;

  expect(await tryIt('general, listens in connect, reconnected')).toBe(
    '✓ Real deliveries: socket.io delivered to Bob; hello handlers ran Bob twice, as the lesson claims.',
  );
  await openCardOptions('Bob');
  expect(await listenInsideConnect('Bob').isChecked()).toBe(true);
  expect(await text(helloListeners('Bob'))).toBe(
    "Last emit's hello handled twice: 2 listeners on hello (registered in connect). Listeners of the card's hello handler: 2.",
  );
  // One packet: "Last emit" counts copies, and there is one.
  expect(await text(lastEmit('Bob'))).toMatch(/^received — /);
  // A real reconnect: the server holds one socket for Bob, and not the one he started with.
  expect(socketsOf('Bob').map((socket) => socket.id)).not.toContain(firstSocket);
  expect(socketsOf('Bob')).toHaveLength(1);

  // Again: the card starts over as a page just loaded with the bug, so it is twice again, not three times.
  expect(await tryIt('general, listens in connect, reconnected')).toBe(
    '✓ Real deliveries: socket.io delivered to Bob; hello handlers ran Bob twice, as the lesson claims.',
  );
  expect(await text(helloListeners('Bob'))).toContain("Last emit's hello handled twice");
});

test('the fix: Bob reconnected with his listener registered once, and his card handles the hello once', async () => {
  await page.goto(`${playground.url}/lessons/events`);
  expect(await tryIt('general, listens in connect, reconnected')).toMatch(/^✓/);

  expect(await tryIt('general, reconnected')).toBe('✓ Real deliveries: socket.io delivered to Bob; hello handlers ran Bob once, as the lesson claims.');
  await openCardOptions('Bob');
  expect(await listenInsideConnect('Bob').isChecked()).toBe(false);
  // Nothing to report without the bug: the status is empty, and hidden.
  await expect.poll(() => helloListeners('Bob').count(), soon).toBe(0);
});
