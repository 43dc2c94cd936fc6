// A card's options in a real Chromium: the classic "listener inside connect" bug, and socket.sendBuffer.
import { beforeEach, expect, test } from 'vitest';
import { openChat } from '../support/cards.ts';
import { page, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage();

const card = (name: string) => page.getByRole('region', { name, exact: true });
const messages = (name: string) => card(name).getByRole('log', { name: 'Messages' }).getByRole('listitem');
const message = (name: string, text: string) => messages(name).filter({ hasText: text });
const onlineUsers = (name: string) => card(name).getByRole('list', { name: 'Online users' }).getByRole('listitem').allTextContents();
const messageBox = (name: string) => card(name).getByRole('textbox', { name: 'Message' });
const listeners = (name: string) => card(name).getByRole('status', { name: 'receive-message listeners' });
const sendBuffer = (name: string) => card(name).getByRole('status', { name: 'Send buffer' });
const bufferedPackets = (name: string) => card(name).getByRole('list', { name: 'Buffered packets' }).getByRole('listitem').allTextContents();
const alert = (name: string) => card(name).getByRole('alert');

// The card options and the chat they change are under a compact card's "Open chat".
beforeEach(async () => {
  for (const name of ['Alice', 'Bob']) await openChat(card(name));
});

async function say(name: string, text: string) {
  await messageBox(name).fill(text);
  await messageBox(name).press('Enter');
}

async function tick(name: string, option: string) {
  await card(name).getByText('Card options').click();
  await card(name).getByRole('checkbox', { name: option }).check();
}

async function reconnect(name: string) {
  await card(name).getByRole('button', { name: 'Disconnect' }).click();
  await card(name).getByRole('button', { name: 'Connect' }).click();
}

/** Alice and Bob in general, each seeing the other online. */
async function bothInGeneral() {
  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice', 'Bob']);
  await expect.poll(() => onlineUsers('Bob'), soon).toEqual(['Alice', 'Bob']);
}

test('with "listen inside connect" on, Bob reconnects and runs his receive-message listener twice for each of Alice\'s messages', async () => {
  await bothInGeneral();
  await tick('Bob', 'Listen inside connect (the classic bug)');
  await expect.poll(() => listeners('Bob').textContent(), soon).toBe("socket.listeners('receive-message').length: 1.");

  await say('Alice', 'before');
  await expect.poll(() => listeners('Bob').textContent(), soon).toContain('"before" received once.');

  await reconnect('Bob');
  await bothInGeneral();
  await say('Alice', 'after');
  await expect.poll(() => listeners('Bob').textContent(), soon).toContain('"after" received twice: 2 listeners on receive-message (registered in connect).');
  await expect.poll(() => listeners('Bob').textContent(), soon).toContain("socket.listeners('receive-message').length: 2.");
  // Drawn once: the card shows the repeat as a count, not as a second bubble.
  expect(await message('Bob', 'after').count()).toBe(1);

  // The fix: socket.off for the listeners added in connect, one listener outside it.
  await card('Bob').getByRole('checkbox', { name: 'Listen inside connect (the classic bug)' }).uncheck();
  await say('Alice', 'fixed');
  await message('Bob', 'fixed').waitFor(soon);
  // Nothing to report: the status is empty, and hidden.
  await expect.poll(() => listeners('Bob').count(), soon).toBe(0);
});

test('Bob sends while disconnected: the message waits in socket.sendBuffer and reaches Alice after Connect', async () => {
  await bothInGeneral();
  await tick('Bob', 'Send while disconnected (socket.sendBuffer)');
  await card('Bob').getByRole('button', { name: 'Disconnect' }).click();
  await say('Bob', 'from the tunnel');

  await expect.poll(() => sendBuffer('Bob').textContent(), soon).toContain('socket.sendBuffer.length: 2: buffered, waiting for the connection');
  expect(await bufferedPackets('Bob')).toEqual([
    'join-room {"room":"general","name":"Bob"}',
    'send-message {"text":"from the tunnel"}',
  ]);
  expect(await messageBox('Bob').inputValue()).toBe('');
  await expect.poll(() => alert('Bob').count(), soon).toBe(0);

  await card('Bob').getByRole('button', { name: 'Connect' }).click();
  await message('Alice', 'from the tunnel').waitFor(soon);
  await message('Bob', 'from the tunnel').waitFor(soon);
  await expect.poll(() => sendBuffer('Bob').textContent(), soon).toContain('socket.sendBuffer.length: 0: connected');
  await expect.poll(() => alert('Bob').count(), soon).toBe(0);
});

test('Drop stale events empties socket.sendBuffer: the dropped message never reaches Alice', async () => {
  await bothInGeneral();
  await tick('Bob', 'Send while disconnected (socket.sendBuffer)');
  await card('Bob').getByRole('button', { name: 'Disconnect' }).click();
  await say('Bob', 'stale news');
  await expect.poll(() => sendBuffer('Bob').textContent(), soon).toContain('socket.sendBuffer.length: 2');

  await card('Bob').getByRole('button', { name: 'Drop stale events (socket.sendBuffer = [])' }).click();
  await expect.poll(() => sendBuffer('Bob').textContent(), soon).toContain('socket.sendBuffer.length: 0');
  await expect.poll(() => alert('Bob').textContent(), soon).toBe('Dropped from socket.sendBuffer: send-message was never sent.');

  await card('Bob').getByRole('button', { name: 'Connect' }).click();
  await bothInGeneral();
  await say('Bob', 'fresh news');
  // One connection keeps order: once "fresh news" is in, anything sent before it would be too.
  await message('Alice', 'fresh news').waitFor(soon);
  expect(await messages('Alice').allTextContents()).not.toContainEqual(expect.stringContaining('stale news'));
});
