// The chat page in a real Chromium against a real server: each card shows what its own socket received.
import { io as connect } from 'socket.io-client';
import { beforeEach, expect, test } from 'vitest';
import { openChat } from '../support/cards.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';
import { waitFor, type ChatClient } from '../support/sockets.ts';

usePlaygroundPage();

const card = (name: string) => page.getByRole('region', { name, exact: true });
const messages = (name: string) => card(name).getByRole('log', { name: 'Messages' }).getByRole('listitem');
const message = (name: string, text: string) => messages(name).filter({ hasText: text });
const onlineUsers = (name: string) => card(name).getByRole('list', { name: 'Online users' }).getByRole('listitem').allTextContents();
const typingLine = (name: string) => card(name).getByRole('status', { name: 'Typing' }).textContent();
const messageBox = (name: string) => card(name).getByRole('textbox', { name: 'Message' });

// Every test here works the chat, which a compact card keeps under "Open chat".
beforeEach(async () => {
  for (const name of ['Alice', 'Bob', 'Carol', 'Dave']) await openChat(card(name));
});

async function say(name: string, text: string) {
  await messageBox(name).fill(text);
  await messageBox(name).press('Enter');
}

async function joinRoom(name: string, room: string) {
  await openChat(card(name));
  await card(name).getByRole('combobox', { name: 'Room' }).fill(room);
  await card(name).getByRole('button', { name: 'Join', exact: true }).click();
}

/** The opening cast in place: Alice and Bob in general, Carol in random (Dave is in no room). */
async function castReady() {
  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice', 'Bob']);
  await expect.poll(() => onlineUsers('Bob'), soon).toEqual(['Alice', 'Bob']);
  await expect.poll(() => onlineUsers('Carol'), soon).toEqual(['Carol']);
}

test('Alice says hello: Bob gets it with the same server timestamp, Carol in random never does', async () => {
  await castReady();
  await say('Alice', 'hello');

  await message('Bob', 'hello').waitFor(soon);
  await message('Alice', 'hello').waitFor(soon);
  const stamp = await message('Alice', 'hello').locator('time').getAttribute('datetime');
  expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(await message('Bob', 'hello').locator('time').getAttribute('datetime')).toBe(stamp);
  // Alice sees her message once, as the server sent it back, not also as an optimistic copy.
  expect(await message('Alice', 'hello').count()).toBe(1);

  // Carol's own later message proves her card is up to date: "hello" never reached it.
  await say('Carol', 'anyone here?');
  await message('Carol', 'anyone here?').waitFor(soon);
  expect(await messages('Carol').allTextContents()).not.toContainEqual(expect.stringContaining('hello'));
});

test('Dave opens the new room lab-1, and Erin, added later, joins him there', async () => {
  await joinRoom('Dave', 'lab-1');
  await message('Dave', 'Dave joined').waitFor(soon);
  await expect.poll(() => onlineUsers('Dave'), soon).toEqual(['Dave']);

  await page.getByRole('button', { name: 'Add client' }).click();
  await joinRoom('Erin', 'lab-1');
  await expect.poll(() => onlineUsers('Dave'), soon).toEqual(['Dave', 'Erin']);
  await message('Dave', 'Erin joined').waitFor(soon);
  await expect.poll(() => onlineUsers('Erin'), soon).toEqual(['Dave', 'Erin']);
});

test('while Alice types, Bob sees "Alice is typing…", Alice and Carol do not; it ends on clear, idle and send', async () => {
  await castReady();
  await messageBox('Alice').fill('hel');
  await expect.poll(() => typingLine('Bob'), soon).toBe('Alice is typing…');
  expect(await typingLine('Alice')).toBe('');
  expect(await typingLine('Carol')).toBe('');

  await messageBox('Alice').fill('');
  await expect.poll(() => typingLine('Bob'), soon).toBe('');

  // Idle for about 2 s: Bob is told Alice stopped, though her text is still in the box.
  await messageBox('Alice').fill('hello aga');
  await expect.poll(() => typingLine('Bob'), soon).toBe('Alice is typing…');
  await expect.poll(() => typingLine('Bob'), soon).toBe('');

  await messageBox('Alice').fill('hello again');
  await expect.poll(() => typingLine('Bob'), soon).toBe('Alice is typing…');
  await messageBox('Alice').press('Enter');
  await message('Bob', 'hello again').waitFor(soon);
  await expect.poll(() => typingLine('Bob'), soon).toBe('');
});

test('Bob disconnects: Alice sees "Bob left" and only herself online; Connect puts Bob back in general', async () => {
  await castReady();
  // Alice saw "Bob joined" only if she was in general first: count what is new rather than what is there.
  const bobJoinedBefore = await message('Alice', 'Bob joined').count();
  await card('Bob').getByRole('button', { name: 'Disconnect' }).click();
  await message('Alice', 'Bob left').waitFor(soon);
  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice']);
  await card('Bob').getByText('disconnected', { exact: true }).waitFor(soon);

  await card('Bob').getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice', 'Bob']);
  await expect.poll(() => onlineUsers('Bob'), soon).toEqual(['Alice', 'Bob']);
  await expect.poll(() => message('Alice', 'Bob joined').count(), soon).toBe(bobJoinedBefore + 1);

  await say('Alice', 'welcome back');
  await message('Bob', 'welcome back').waitFor(soon);
});

test('when the server drops Bob, his card reconnects by itself and connection state recovery gives him back his id and room', async () => {
  const sockets = () => [...playground.io.of('/').sockets.values()];
  const bobsId = () => sockets().find((socket) => socket.data.name === 'Bob')?.id;
  await castReady();
  await expect.poll(() => sockets().length, soon).toBe(4);
  const idBefore = bobsId();

  // A dropped transport, as when Wi-Fi blinks: socket.io retries, and the server still has Bob's session.
  sockets().find((socket) => socket.data.name === 'Bob')?.conn.close();
  await message('Alice', 'Bob left').waitFor(soon);
  await message('Alice', 'Bob is back (connection recovered)').waitFor(soon);
  await expect.poll(() => onlineUsers('Bob'), soon).toEqual(['Alice', 'Bob']);
  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice', 'Bob']);
  await card('Bob').getByText('connected', { exact: true }).waitFor(soon);
  expect(bobsId()).toBe(idBefore);
});

test("sockets from outside join, leave and move, and a card reconnects: the online list and the rooms view follow, told only what changed", async () => {
  const guests = async (room: string) =>
    (await page.getByRole('list', { name: `Guests in ${room}` }).getByRole('listitem').allTextContents()).map((guest) => guest.trim()).sort();
  // What the page's sockets receive from now on (a reload opens them again, with these listeners).
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(String(payload))));
  await page.reload();
  for (const name of ['Alice', 'Bob', 'Carol']) await openChat(card(name));
  await castReady();
  await expect.poll(() => guests('general'), soon).toEqual(['Alice', 'Bob']);
  frames.length = 0;

  const outsiders: ChatClient[] = [];
  for (const name of ['Erin', 'Frank', 'Grace']) {
    const outsider: ChatClient = connect(playground.url, { forceNew: true, reconnection: false, auth: { name } });
    outsiders.push(outsider);
    await waitFor(outsider, 'connect');
    await outsider.emitWithAck('join-room', { room: 'general', name });
  }
  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice', 'Bob', 'Erin', 'Frank', 'Grace']);
  await expect.poll(() => guests('general'), soon).toEqual(['Alice', 'Bob', 'Erin', 'Frank', 'Grace']);

  outsiders[1]!.disconnect();
  await outsiders[2]!.emitWithAck('join-room', { room: 'random', name: 'Grace' });
  await card('Bob').getByRole('button', { name: 'Disconnect' }).click();
  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice', 'Erin']);
  await card('Bob').getByRole('button', { name: 'Connect', exact: true }).click();

  await expect.poll(() => onlineUsers('Alice'), soon).toEqual(['Alice', 'Bob', 'Erin']);
  await expect.poll(() => onlineUsers('Bob'), soon).toEqual(['Alice', 'Bob', 'Erin']);
  await expect.poll(() => onlineUsers('Carol'), soon).toEqual(['Carol', 'Grace']);
  await expect.poll(() => guests('general'), soon).toEqual(['Alice', 'Bob', 'Erin']);
  await expect.poll(() => guests('random'), soon).toEqual(['Carol', 'Grace']);
  // No whole rooms view after the first, and a whole online list only for Bob's card, which joined again.
  expect(frames.filter((frame) => frame.includes('["lab:rooms",'))).toEqual([]);
  expect(frames.filter((frame) => frame.includes('["online-users",')).length).toBeLessThanOrEqual(2);
  for (const outsider of outsiders) outsider.disconnect();
});

test('markup in a message is shown as text, never run', async () => {
  const markup = '<b>bold</b><img src=x onerror=alert(1)>';
  await castReady();
  await say('Alice', markup);
  await card('Bob').getByText(markup, { exact: true }).waitFor(soon);
  expect(await card('Bob').locator('b, img').count()).toBe(0);
  expect(await card('Alice').locator('b, img').count()).toBe(0);
});

test('a bad room name gets a readable error and the card keeps working', async () => {
  await castReady();
  await joinRoom('Carol', 'Bad Room!');
  const alert = card('Carol').getByRole('alert');
  await alert.waitFor(soon);
  expect(await alert.textContent()).toBe('A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".');

  // The next thing that works clears the error.
  await say('Carol', 'still in random');
  await message('Carol', 'still in random').waitFor(soon);
  await alert.waitFor({ state: 'hidden', ...soon });
});

test('Dave, in no room, is told by the server to join one before sending', async () => {
  await say('Dave', 'hello?');
  const alert = card('Dave').getByRole('alert');
  await alert.waitFor(soon);
  expect(await alert.textContent()).toContain('Join a room first');
  expect(await messages('Dave').count()).toBe(0);
});

test('Remove takes the card away and closes its socket on the server', async () => {
  const sockets = () => playground.io.of('/').sockets;
  await castReady();
  // Earlier tests' pages are closed, but the server may still be noticing their sockets go.
  await expect.poll(() => sockets().size, soon).toBe(4);

  await card('Carol').getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => card('Carol').count(), soon).toBe(0);
  await expect.poll(() => sockets().size, soon).toBe(3);
  expect([...sockets().values()].map((socket) => socket.data.name)).not.toContain('Carol');
  await expect.poll(() => page.getByRole('main', { name: 'Cards' }).getByRole('region').count(), soon).toBe(3);
});
