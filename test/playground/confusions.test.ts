// What students get wrong about emits, in a real Chromium against a real server: a volatile burst, a
// normal emit followed by a volatile one, a broadcast's ack without a timeout, emits from a timer and from
// an HTTP route, two tabs of one user, and a room named like another socket's id.
import { beforeEach, describe, expect, test } from 'vitest';
import type { VariantId } from '../../core/emit-rules.ts';
import { PRESETS } from '../../core/presets.ts';
import { SOMEONE_ELSES_ROOM } from '../../server/chat.ts';
import { openChat } from '../support/cards.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage();

const CAST = ['Alice', 'Bob', 'Carol', 'Dave'];
const socketsOf = (namespace: string) => [...playground.io.of(namespace).sockets.values()];
const card = (name: string) => page.getByRole('region', { name, exact: true });
const lastEmit = (name: string) => card(name).getByRole('group', { name: `${name}'s last emit` });
const emitResult = () => page.getByRole('status', { name: 'Emit result' });
const serverLine = () => page.getByRole('figure', { name: 'The line that ran on the server' });
const copiesThatArrived = () => page.getByRole('list', { name: 'Copies that arrived' }).getByRole('listitem');
const acknowledgements = () => page.getByText(/^Acknowledgements:/);
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** What a card's "Last emit" begins with. */
const shownBy = (status: string) => /^(not received|received|pending)\b/.exec(status)?.[1] ?? status;

async function deliveries(names = CAST): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, shownBy(await text(lastEmit(name)))])));
}

const only = (receivers: string[], names = CAST) =>
  Object.fromEntries(names.map((name) => [name, receivers.includes(name) ? 'received' : 'not received']));

const preset = (title: string) => {
  if (!PRESETS.some((candidate) => candidate.title === title)) throw new Error(`no preset "${title}"`);
  return page.getByRole('button', { name: title, exact: true });
};

/** Opens "Beyond the four", clicks a variant's button and waits for the panel's count of who received it. */
async function emitBeyondTheFour(variant: VariantId, call: string) {
  await page.getByText('Beyond the four', { exact: true }).click();
  await page.getByRole('button', { name: variant, exact: true }).click();
  await expect.poll(() => text(emitResult()), soon).toContain(`sockets received ${call}:`);
}

/**
 * Alice's copies of a burst of `sent`, as the report lists them (what her card's socket counted and told
 * the server) and as her own card says it; the two agree.
 */
async function aliceCopies(sent: number): Promise<number> {
  const listed = (await copiesThatArrived().allTextContents()).map((item) => item.trim());
  expect(listed).toHaveLength(1);
  const [, arrived] = new RegExp(`^Alice: (\\d+) of ${sent} arrived$`).exec(listed[0]!) ?? [];
  expect(arrived, listed[0]).toBeDefined();
  const copies = Number(arrived);
  const card = await text(lastEmit('Alice'));
  if (copies === 0) expect(card).toMatch(/^not received — /);
  else expect(card).toMatch(new RegExp(`^received \\(${copies} of ${sent} arrived\\) — Alice is the sender`));
  return copies;
}

describe('presets', () => {
  // The presets are folded under the emit buttons.
  beforeEach(() => page.locator('emit-panel summary', { hasText: /^Presets$/ }).click());
  test('10 volatile emits in a row: fewer than 10 reach Alice, and the report and her card say how many', async () => {
    await preset('10 volatile emits in a row').click();
    await expect.poll(() => text(emitResult()), soon).toMatch(/^\d of 4 sockets received 10 × socket\.volatile\.emit: /);
    expect(await aliceCopies(10)).toBeLessThan(10);
    expect(await deliveries(['Bob', 'Carol', 'Dave'])).toEqual(only([], ['Bob', 'Carol', 'Dave']));
    expect(await text(serverLine())).toMatch(
      /for \(let seq = 1; seq <= 10; seq\+\+\) socket\.volatile\.emit\('hello', \{ \.\.\.\{ emit: \d+, from: 'Alice' \}, seq: seq \}\);$/,
    );
  });

  test('Two tabs of Alice: socket.to(general) from one tab reaches her other tab, which is another socket', async () => {
    const everyone = [...CAST, 'Alice (2nd tab)'];
    await preset('Two tabs of Alice').click();
    await expect.poll(() => text(emitResult()), soon).toMatch(/^2 of 5 sockets received socket\.to\('general'\)\.emit: /);
    expect(await deliveries(everyone)).toEqual(only(['Bob', 'Alice (2nd tab)'], everyone));
    expect(await text(lastEmit('Alice'))).toBe('not received — Alice is the sender, and socket.to excludes the sender.');
    expect(await text(lastEmit('Alice (2nd tab)'))).toMatch(/^received — /);
    expect(socketsOf('/').filter((socket) => socket.rooms.has('general')).map((socket) => socket.data.name).sort()).toEqual([
      'Alice',
      'Alice (2nd tab)',
      'Bob',
    ]);
  });

  test('From an HTTP route: the route’s own line ran, with no socket, and everyone in general received it', async () => {
    await preset('From an HTTP route').click();
    await expect.poll(() => text(emitResult()), soon).toBe("2 of 4 sockets received POST /api/lab/broadcast → io.to('general').emit: Alice and Bob. Carol and Dave did not.");
    expect(await deliveries()).toEqual(only(['Alice', 'Bob']));
    expect(await text(serverLine())).toMatch(
      /^The line that ran on the server \/\/ in an express route: no socket, no sender to leave out app\.post\('\/api\/lab\/broadcast', \(req, res\) => \{ io\.to\('general'\)\.emit\('hello', \{ emit: \d+, from: 'POST \/api\/lab\/broadcast' \}\); … \}\);$/,
    );
  });
});

describe('beyond the four: the new emit buttons, Alice sending, general as the target room', () => {
  test('socket.volatile.emit × n: of 10 fired back to back, fewer than 10 arrive', async () => {
    await emitBeyondTheFour('socket.volatile.emit × n', '10 × socket.volatile.emit');
    expect(await aliceCopies(10)).toBeLessThan(10);
  });

  test('socket.emit + socket.volatile.emit: the normal one arrives, the volatile one right after it does not', async () => {
    await emitBeyondTheFour('socket.emit + socket.volatile.emit', 'socket.emit + socket.volatile.emit');
    expect(await aliceCopies(2)).toBe(1);
    expect(await text(serverLine())).toMatch(
      /socket\.emit\('hello', \{ \.\.\.\{ emit: (\d+), from: 'Alice' \}, seq: 1 \}\); socket\.volatile\.emit\('hello', \{ \.\.\.\{ emit: \1, from: 'Alice' \}, seq: 2 \}\);$/,
    );
  });

  test('io.emit(…, ack) without timeout: everyone receives it, and the callback got the “operation has timed out” error', async () => {
    await emitBeyondTheFour('io.emit(…, ack) without timeout', 'io.emit(…, ack)');
    expect(await deliveries()).toEqual(only(CAST));
    const line = await text(acknowledgements());
    const [, answered, timedOut] = /^Acknowledgements: (\d+) answered, (\d+) timed out\b/.exec(line) ?? [];
    expect(Number(answered) + Number(timedOut), line).toBe(4);
    expect(line).toMatch(/; the callback got the error “operation has timed out”, [\d.]+ ms after the emit, with \d+ answers?\.$/);
  });

  test('setTimeout(() => io.to(room).emit): from a timer, Alice and Bob in general receive it, Carol and Dave do not', async () => {
    await emitBeyondTheFour('setTimeout(() => io.to(room).emit)', "setTimeout(() => io.to('general').emit)");
    expect(await deliveries()).toEqual(only(['Alice', 'Bob']));
    expect(await text(lastEmit('Carol'))).toBe('not received — Carol is not in general.');
    expect(await text(serverLine())).toMatch(/setTimeout\(\(\) => io\.to\('general'\)\.emit\('hello', \{ emit: \d+, from: 'Alice' \}\), 0\);$/);
  });

  test('POST /api/lab/broadcast → io.to(room).emit: the page posts to the route, and Alice and Bob receive it', async () => {
    await emitBeyondTheFour('POST /api/lab/broadcast → io.to(room).emit', "POST /api/lab/broadcast → io.to('general').emit");
    expect(await text(emitResult())).toBe("2 of 4 sockets received POST /api/lab/broadcast → io.to('general').emit: Alice and Bob. Carol and Dave did not.");
    expect(await text(serverLine())).toContain('// in an express route: no socket, no sender to leave out');
  });
});

describe("lesson 8's private rooms, as the lesson tells students to try them", () => {
  test("Bob's own room as the Target room: io.to(room).emit reaches Bob alone", async () => {
    await page.getByRole('combobox', { name: 'Target room' }).selectOption({ label: "Bob's own room" });
    await page.getByRole('button', { name: 'io.to(room).emit', exact: true }).click();
    const bob = socketsOf('/').find((socket) => socket.data.name === 'Bob')!;
    await expect.poll(() => text(emitResult()), soon).toBe(`1 of 4 sockets received io.to('${bob.id}').emit: Bob. Alice, Carol, and Dave did not.`);
    expect(await deliveries()).toEqual(only(['Bob']));
  });

  test("Bob's socket id typed in Alice's Room field never makes Alice a guest of Bob's private room", async () => {
    // The id as the page shows it: the Target socket picker lists "Bob (<socket id>)".
    await page.getByText('Beyond the four', { exact: true }).click();
    const bobOption = await text(page.getByRole('combobox', { name: 'Target socket' }).getByRole('option', { name: /^Bob \(/ }));
    const bobId = /^Bob \((.+)\)$/.exec(bobOption)![1]!;
    await openChat(card('Alice'));
    await card('Alice').getByRole('combobox', { name: 'Room' }).fill(bobId);
    await card('Alice').getByRole('button', { name: 'Join', exact: true }).click();
    // A socket id has capitals, which the Room field refuses; one without would reach the server's own refusal.
    const refusals = ['A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".', SOMEONE_ELSES_ROOM];
    await expect.poll(() => text(card('Alice').getByRole('alert')), soon).toBeOneOf(refusals);
    const alice = socketsOf('/').find((socket) => socket.data.name === 'Alice')!;
    expect([...alice.rooms].filter((room) => room !== alice.id)).toEqual(['general']);
  });
});
