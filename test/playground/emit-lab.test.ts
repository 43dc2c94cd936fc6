// The emit lab in a real Chromium against a real server: a student picks a sender and an emit, and
// each card says whether its own socket received it, and why.
import { io as connect, type Socket } from 'socket.io-client';
import { beforeEach, describe, expect, test } from 'vitest';
import type { VariantId } from '../../core/emit-rules.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/events.ts';
import type { LabPayload } from '../../core/lab-contract.ts';
import { PRESETS } from '../../core/presets.ts';
import { record, waitFor } from '../support/sockets.ts';
import { openChat } from '../support/cards.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage();

type Shown = 'received' | 'not received' | 'pending' | string;

const CAST = ['Alice', 'Bob', 'Carol', 'Dave'];
const socketsOf = (namespace: string) => [...playground.io.of(namespace).sockets.values()];
const socketOf = (name: string) => socketsOf('/').find((socket) => socket.data.name === name);
const card = (name: string) => page.getByRole('region', { name, exact: true });
const lastEmit = (name: string) => card(name).getByRole('group', { name: `${name}'s last emit` });
const emitResult = () => page.getByRole('status', { name: 'Emit result' });
const serverLine = () => page.getByRole('figure', { name: 'The line that ran on the server' });
const roomsView = () => page.getByRole('complementary', { name: 'Rooms' });
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** What a card's "Last emit" begins with. */
const shownBy = (status: string): Shown => /^(not received|received|pending)\b/.exec(status)?.[1] ?? status;

/** Every card's "Last emit": received, not received or pending. */
async function deliveries(names = CAST): Promise<Record<string, Shown>> {
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, shownBy(await text(lastEmit(name)))])));
}

const only = (receivers: string[], names = CAST) =>
  Object.fromEntries(names.map((name) => [name, receivers.includes(name) ? 'received' : 'not received']));

/** The page's four sockets are on the server, each in its room. */
async function castReady() {
  const rooms = () => Object.fromEntries(socketsOf('/').map((socket) => [socket.data.name, [...socket.rooms].filter((room) => room !== socket.id)]));
  await expect.poll(rooms, soon).toEqual({ Alice: ['general'], Bob: ['general'], Carol: ['random'], Dave: [] });
  // The page's observer has the same picture, so pickers and the hotel are ready.
  await roomsView().getByRole('list', { name: 'Guests in general' }).getByText('Bob').waitFor(soon);
}

async function showBeyondTheFour() {
  await page.getByText('Beyond the four', { exact: true }).click();
}

/** Clicks a variant's button and waits for the panel's count of who received it. */
async function emit(variant: VariantId, call: string) {
  await page.getByRole('button', { name: variant, exact: true }).click();
  await expect.poll(() => text(emitResult()), soon).toContain(`sockets received ${call}:`);
}

describe('from the opening scenario: Alice sends, the target room is general', () => {
  test.for([
    ['socket.emit', 'socket.emit', ['Alice']],
    ['io.emit', 'io.emit', ['Alice', 'Bob', 'Carol', 'Dave']],
    ['socket.to(room).emit', "socket.to('general').emit", ['Bob']],
    ['io.to(room).emit', "io.to('general').emit", ['Alice', 'Bob']],
  ] as const)('%s: the cards of %s… say who really received it', async ([variant, call, receivers]) => {
    expect(await page.getByRole('combobox', { name: 'Sender' }).inputValue()).toBe('Alice');
    expect(await page.getByRole('combobox', { name: 'Target room' }).inputValue()).toBe('general');
    await emit(variant, call);
    expect(await deliveries()).toEqual(only([...receivers]));
  });

  test('the four in a row: each card flips with every emit', async () => {
    await emit('socket.emit', 'socket.emit');
    expect(await deliveries()).toEqual(only(['Alice']));
    await emit('io.emit', 'io.emit');
    expect(await deliveries()).toEqual(only(CAST));
    await emit('socket.to(room).emit', "socket.to('general').emit");
    expect(await deliveries()).toEqual(only(['Bob']));
    await emit('io.to(room).emit', "io.to('general').emit");
    expect(await deliveries()).toEqual(only(['Alice', 'Bob']));
  });

  test('io.to(room).emit: the panel shows the line that ran in Alice’s handler, and every card says why', async () => {
    await emit('io.to(room).emit', "io.to('general').emit");
    const aliceId = socketOf('Alice')!.id;
    const line = await text(serverLine());
    expect(line).toMatch(
      new RegExp(`^The line that ran on the server // in Alice's connection handler \\(socket id ${aliceId}\\) io\\.to\\('general'\\)\\.emit\\('hello', \\{ emit: \\d+, from: 'Alice' \\}\\);$`),
    );
    expect(await text(emitResult())).toBe("2 of 4 sockets received io.to('general').emit: Alice and Bob. Carol and Dave did not.");

    const emitNumber = /emit: (\d+)/.exec(line)![1];
    const arrived = new RegExp(`^received — Alice is in general\\. Arrived at \\d\\d:\\d\\d:\\d\\d\\.\\d{3} with \\{ emit: ${emitNumber}, from: 'Alice' \\}\\.$`);
    expect(await text(lastEmit('Alice'))).toMatch(arrived);
    expect(await text(lastEmit('Carol'))).toBe('not received — Carol is not in general.');
    expect(await text(lastEmit('Dave'))).toBe('not received — Dave is not in general.');
  });
});

test('predict first: clicking an emit waits for Fire, and each card is scored against what really arrived', async () => {
  await page.getByRole('checkbox', { name: 'Predict first' }).check();
  await page.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
  // Nothing has been emitted yet: the student predicts first.
  expect(await text(lastEmit('Bob'))).toMatch(/^none yet/);

  await card('Alice').getByRole('checkbox', { name: 'Alice will receive' }).check();
  await card('Bob').getByRole('checkbox', { name: 'Bob will receive' }).check();
  await card('Carol').getByRole('checkbox', { name: 'Carol will receive' }).check();
  await page.getByRole('button', { name: 'Fire', exact: true }).click();

  await expect.poll(() => text(page.getByText(/^You predicted/)), soon).toBe('You predicted 3 of 4 cards right.');
  expect(await deliveries()).toEqual(only(['Alice', 'Bob']));
  expect(await text(card('Carol').getByText(/Prediction (right|wrong)/))).toBe('✗ Prediction wrong: you said Carol would receive it.');
  expect(await text(card('Dave').getByText(/Prediction (right|wrong)/))).toBe('✓ Prediction right: you said Dave would not receive it.');
});

describe('presets: one click sets up the situation and fires', () => {
  // The presets are folded under the emit buttons.
  beforeEach(() => page.locator('emit-panel summary', { hasText: /^Presets$/ }).click());
  const preset = (title: string) => {
    const found = PRESETS.find((candidate) => candidate.title === title);
    if (!found) throw new Error(`no preset "${title}"`);
    return page.getByRole('button', { name: found.title, exact: true });
  };

  test('Sender not in the room: Dave, in no room, sends io.to(general): Alice and Bob get it, Dave does not', async () => {
    await preset('Sender not in the room').click();
    await expect.poll(() => text(emitResult()), soon).toBe("2 of 4 sockets received io.to('general').emit: Alice and Bob. Carol and Dave did not.");
    expect(await deliveries()).toEqual(only(['Alice', 'Bob']));
    expect(await text(serverLine())).toContain("// in Dave's connection handler");
    expect(await text(lastEmit('Dave'))).toBe('not received — Dave is not in general.');
  });

  test('A socket in two targeted rooms: Bob joins random too, and socket.to([general, random]) reaches him once', async () => {
    await preset('A socket in two targeted rooms').click();
    await expect.poll(() => text(emitResult()), soon).toBe("2 of 4 sockets received socket.to(['general', 'random']).emit: Bob and Carol. Alice and Dave did not.");
    expect(await deliveries()).toEqual(only(['Bob', 'Carol']));
    expect(await text(lastEmit('Bob'))).toMatch(/^received — Bob is in general and random, and receives the emit once\. Arrived/);
    expect([...socketOf('Bob')!.rooms]).toContain('random');
    await roomsView().getByRole('list', { name: 'Guests in random' }).getByText('Bob').waitFor(soon);
  });

  test('socket.to(own id): Alice targets her own room, which socket.to excludes her from: nobody receives', async () => {
    await preset('socket.to(own id)').click();
    const aliceId = socketOf('Alice')!.id;
    await expect.poll(() => text(emitResult()), soon).toBe(`0 of 4 sockets received socket.to('${aliceId}').emit: Nobody.`);
    expect(await deliveries()).toEqual(only([]));
    expect(await text(lastEmit('Alice'))).toBe('not received — Alice is the sender, and socket.to excludes the sender.');
  });

  test("io.to('nobody-here'): a room nobody joined reaches nobody", async () => {
    await preset("io.to('nobody-here')").click();
    await expect.poll(() => text(emitResult()), soon).toBe("0 of 4 sockets received io.to('nobody-here').emit: Nobody.");
    expect(await deliveries()).toEqual(only([]));
    expect(await text(lastEmit('Bob'))).toBe('not received — Bob is not in nobody-here.');
  });

  test("A client in another namespace: Olivia, on /other, misses io.emit and gets io.of('/other').emit", async () => {
    const everyone = [...CAST, 'Olivia'];
    await preset('A client in another namespace').click();
    await expect.poll(() => text(emitResult()), soon).toBe('4 of 5 sockets received io.emit: Alice, Bob, Carol, and Dave. Olivia did not.');
    expect(await deliveries(everyone)).toEqual(only(CAST, everyone));
    expect(await text(lastEmit('Olivia'))).toBe('not received — Olivia is in the /other namespace, and this emit only reaches /.');
    expect(socketsOf('/other').map((socket) => socket.data.name)).toEqual(['Olivia']);

    await showBeyondTheFour();
    await emit("io.of('/other').emit", "io.of('/other').emit");
    expect(await deliveries(everyone)).toEqual(only(['Olivia'], everyone));
    expect(await text(lastEmit('Olivia'))).toMatch(/^received — Olivia is a socket of \/other, and this emit reaches every socket of \/other\./);
  });
  test('each preset sets the page to exactly its cast: a card it lacks goes, an extra room is left, a card in the wrong room starts afresh', async () => {
    const roomsOf = (name: string) => {
      const socket = socketOf(name);
      return socket ? [...socket.rooms].filter((room) => room !== socket.id).sort() : undefined;
    };
    await preset('A client in another namespace').click();
    await expect.poll(() => text(emitResult()), soon).toBe('4 of 5 sockets received io.emit: Alice, Bob, Carol, and Dave. Olivia did not.');

    await preset('A socket in two targeted rooms').click();
    await expect.poll(() => text(emitResult()), soon).toBe("2 of 4 sockets received socket.to(['general', 'random']).emit: Bob and Carol. Alice and Dave did not.");
    expect(await card('Olivia').count()).toBe(0);
    expect(socketsOf('/other')).toEqual([]);
    expect(roomsOf('Bob')).toEqual(['general', 'random']);

    // Dave joins general by hand; the chat has no way out of a room, so his card is replaced by a fresh one, in no room.
    const daveBefore = socketOf('Dave')!.id;
    await openChat(card('Dave'));
    await card('Dave').getByRole('combobox', { name: 'Room' }).fill('general');
    await card('Dave').getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => roomsOf('Dave'), soon).toEqual(['general']);

    await preset('Sender not in the room').click();
    await expect.poll(() => text(emitResult()), soon).toBe("2 of 4 sockets received io.to('general').emit: Alice and Bob. Carol and Dave did not.");
    expect(roomsOf('Bob')).toEqual(['general']);
    expect(roomsOf('Dave')).toEqual([]);
    expect(socketOf('Dave')!.id).not.toBe(daveBefore);
    expect(await deliveries()).toEqual(only(['Alice', 'Bob']));
  });
});

test('a socket.io-client from outside the page shows up in the hotel, and io.emit counts it though it cannot report', async () => {
  // A plain chat client, as another tab or a phone would open: it runs no lab code, so it can receive but not report.
  const outsider: Socket<ServerToClientEvents, ClientToServerEvents> = connect(playground.url, { forceNew: true, reconnection: false });
  try {
    await waitFor(outsider, 'connect');
    const hellos = record<LabPayload>(outsider, 'hello');
    // Before it names itself, the server calls it after its socket id.
    await roomsView().getByRole('list', { name: 'Private rooms' }).getByText(`guest ${outsider.id!.slice(0, 4)}`).waitFor(soon);
    const joined = await outsider.emitWithAck('join-room', { room: 'general', name: 'Zed' });
    expect(joined.ok).toBe(true);
    await roomsView().getByRole('list', { name: 'Guests in general' }).getByText('Zed').waitFor(soon);

    await emit('io.emit', 'io.emit');
    expect(await text(emitResult())).toBe(
      '4 of 5 sockets received io.emit: Alice, Bob, Carol, and Dave. Zed could not report whether it received it (no lab code runs there), so it is not counted as received.',
    );
    expect(hellos).toEqual([{ emit: expect.any(Number), from: 'Alice' }]);
    expect(await deliveries()).toEqual(only(CAST));
  } finally {
    outsider.disconnect();
  }
});

test('a page that fell asleep is said to be asleep or gone, emit after emit', async () => {
  await castReady();
  // A page that runs the lab's code but stopped answering: a phone whose screen went off.
  const phone: Socket = connect(playground.url, { forceNew: true, reconnection: false, auth: { name: 'Phone', lab: true } });
  phone.on('lab:settle', () => {});
  try {
    await waitFor(phone, 'connect');
    await roomsView().getByRole('list', { name: 'Private rooms' }).getByText('Phone').waitFor(soon);
    await emit('io.emit', 'io.emit');
    const asleep = '4 of 5 sockets received io.emit: Alice, Bob, Carol, and Dave. Phone did not answer in time (asleep or gone), so it is not counted as received.';
    expect(await text(emitResult())).toBe(asleep);
    await emit('io.emit', 'io.emit');
    expect(await text(emitResult())).toBe(asleep);
  } finally {
    phone.disconnect();
  }
});

test('with "Answer acknowledgements" off, Dave’s ack of io.timeout(ms).emit times out while the others answer', async () => {
  await card('Dave').getByRole('checkbox', { name: 'Answer acknowledgements' }).uncheck();
  await showBeyondTheFour();
  await page.getByRole('spinbutton', { name: 'Timeout (ms)' }).fill('300');
  await page.getByRole('spinbutton', { name: 'Timeout (ms)' }).press('Tab');
  await emit('io.timeout(ms).emit', 'io.timeout(300).emit');

  expect(await deliveries()).toEqual(only(CAST));
  expect(await text(lastEmit('Dave'))).toMatch(/Acknowledgement: timed out \(this card does not answer acknowledgements\)\.$/);
  for (const name of ['Alice', 'Bob', 'Carol']) expect(await text(lastEmit(name))).toMatch(/Acknowledgement: answered\.$/);
  expect(await text(page.getByText(/^Acknowledgements:/))).toMatch(
    /^Acknowledgements: 3 answered, 1 timed out \(Dave\); the callback got the error “operation has timed out”, [\d.]+ ms after the emit, with 3 answers\.$/,
  );
});
