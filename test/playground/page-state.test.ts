// State that stays true (issue 11): predict mode, Reset, a card's error, the order of the cards and the replay's
// socket are what the page says they are, in a real Chromium against a real server.
import { expect, test } from 'vitest';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage({ goto: false });

const CAST = ['Alice', 'Bob', 'Carol', 'Dave'];
const socketsOf = (namespace: string) => [...playground.io.of(namespace).sockets.values()];
/** Who the server has in a room, by the name each socket gave. */
const inRoom = (room: string) => socketsOf('/').filter((socket) => socket.rooms.has(room)).map((socket) => String(socket.data.name)).sort();
const roomsOf = (name: string) => {
  const socket = socketsOf('/').find((candidate) => candidate.data.name === name);
  return socket ? [...socket.rooms].filter((room) => room !== socket.id).sort() : undefined;
};
const card = (name: string) => page.getByRole('region', { name, exact: true });
/** The cards' names in the order the page shows them. */
const cardOrder = () => page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
const predictFirst = () => page.getByRole('checkbox', { name: 'Predict first' });
const predictBadge = () => page.getByRole('status').getByText('Predict first is on', { exact: true });
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const lifecycle = () => page.locator('lifecycle-panel');
/** What the card's alert says; an empty alert is hidden, and says nothing. */
const alertOf = async (name: string) => (await card(name).getByRole('alert').allTextContents()).join(' ').trim();

/** The card's chat (room, messages) folds away under the compact card: open it to use it. */
async function openChat(name: string) {
  await card(name).getByRole('button', { name: 'Open chat' }).click();
}

/** The page's four sockets are on the server, each in its room. */
async function castReady() {
  const rooms = () => Object.fromEntries(CAST.map((name) => [name, roomsOf(name)]));
  await expect.poll(rooms, soon).toEqual({ Alice: ['general'], Bob: ['general'], Carol: ['random'], Dave: [] });
}

async function open(path = '/') {
  await page.goto(`${playground.url}${path}`);
  await castReady();
}

/** The predict quiz of lesson 4: set up, Bob ticked, run; resolves once it is scored. */
async function answerPredictQuiz() {
  const quiz = page.getByRole('group', { name: /Alice runs socket\.to\('general'\)/ });
  await quiz.getByRole('button', { name: 'Set up the cards' }).click();
  await quiz.getByRole('button', { name: 'Run', exact: true }).waitFor(soon);
  expect(await predictFirst().isChecked()).toBe(true);
  expect(await predictBadge().isVisible()).toBe(true);
  await card('Bob').getByRole('checkbox', { name: 'Bob will receive' }).check();
  await quiz.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => text(quiz.getByRole('status')), soon).toBe('You predicted 4 of 4 cards right: socket.io delivered to Bob.');
}

test('the emit bar says “Predict first is on” for as long as it is on, whoever turned it on', async () => {
  await open();
  expect(await predictBadge().count()).toBe(0);
  await predictFirst().check();
  await predictBadge().waitFor(soon);
  // Armed, the bar still says so.
  await page.getByRole('button', { name: 'io.emit', exact: true }).click();
  await page.getByRole('button', { name: 'Fire' }).waitFor(soon);
  expect(await predictBadge().isVisible()).toBe(true);
  await predictFirst().uncheck();
  await expect.poll(() => predictBadge().count(), soon).toBe(0);
});

test('a predict quiz turns Predict first off again once answered, unless the student had it on before', async () => {
  await open('/lessons/who-receives');
  expect(await predictFirst().isChecked()).toBe(false);
  await answerPredictQuiz();
  await expect.poll(() => predictFirst().isChecked(), soon).toBe(false);
  expect(await predictBadge().count()).toBe(0);
  // The cards' "will receive" boxes went with it.
  expect(await card('Bob').getByRole('checkbox', { name: 'Bob will receive' }).count()).toBe(0);

  await predictFirst().check();
  await answerPredictQuiz();
  expect(await predictFirst().isChecked()).toBe(true);
  expect(await predictBadge().isVisible()).toBe(true);
});

test('Reset brings back the four cards in their rooms and order, Predict first off and no errors', async () => {
  await open();
  await page.getByRole('button', { name: 'Add client' }).click();
  await card('Erin').waitFor(soon);
  await card('Bob').getByRole('button', { name: 'Remove' }).click();
  await openChat('Carol');
  await openChat('Dave');
  await card('Carol').getByRole('combobox', { name: 'Room' }).fill('lobby');
  await card('Carol').getByRole('button', { name: 'Join', exact: true }).click();
  await card('Dave').getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => alertOf('Dave'), soon).not.toBe('');
  await predictFirst().check();
  await expect.poll(() => roomsOf('Carol'), soon).toEqual(['lobby']);

  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect.poll(cardOrder, soon).toEqual(CAST);
  await castReady();
  expect(socketsOf('/').length).toBe(4);
  expect(await predictFirst().isChecked()).toBe(false);
  expect(await predictBadge().count()).toBe(0);
  for (const name of CAST) expect(await alertOf(name)).toBe('');
  // The room Carol made is no longer offered.
  expect(await page.getByRole('combobox', { name: 'Target room' }).getByRole('option', { name: 'lobby' }).count()).toBe(0);
});

test('an error on a card clears with the next thing done on that card', async () => {
  await open();
  await openChat('Dave');
  // Join with an empty room is refused: the card says why.
  await card('Dave').getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => alertOf('Dave'), soon).not.toBe('');
  await card('Dave').getByRole('button', { name: 'Disconnect' }).click();
  await expect.poll(() => alertOf('Dave'), soon).toBe('');

  // Send while disconnected: "click Connect first"; once Connect is clicked, that is no longer true.
  await card('Dave').getByRole('textbox', { name: 'Message' }).fill('hello?');
  await card('Dave').getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => alertOf('Dave'), soon).toMatch(/^Dave is disconnected: click Connect first/);
  await card('Dave').getByRole('button', { name: 'Connect' }).click();
  await expect.poll(() => alertOf('Dave'), soon).toBe('');
  await expect.poll(() => roomsOf('Dave'), soon).toEqual([]);
});

test('setting the stage keeps the cards in the cast’s order, even one it had to replace', async () => {
  await open('/lessons/why-node');
  // A disconnected card cannot be in the cast: the stage replaces it with a fresh one, in the same place.
  await card('Bob').getByRole('button', { name: 'Disconnect' }).click();
  await expect.poll(() => roomsOf('Bob'), soon).toBeUndefined();
  await page.getByRole('button', { name: 'Set the stage' }).click();
  await expect.poll(() => text(page.getByRole('status', { name: 'Stage' })), soon).toMatch(/^The cards are set: /);
  expect(await cardOrder()).toEqual([...CAST, 'Erin', 'Frank', 'Grace']);
  expect(roomsOf('Bob')).toEqual(['general']);
});

test('removing every card says so, and Reset brings the cast back', async () => {
  await open();
  for (const name of CAST) await card(name).getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => socketsOf('/').length, soon).toBe(0);
  expect(await text(page.getByRole('main'))).toBe('No clients: Add client or Reset.');
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect.poll(cardOrder, soon).toEqual(CAST);
  await castReady();
  expect(await page.getByRole('main').getByText('No clients').count()).toBe(0);
});

/** Clicks Step until the replay's client has joined general on the server. */
async function stepIntoGeneral() {
  const step = lifecycle().getByRole('button', { name: 'Step' });
  for (let click = 0; !inRoom('general').includes('Replay'); click++) {
    expect(click).toBeLessThan(10);
    await expect.poll(() => step.isEnabled(), soon).toBe(true);
    await step.click();
    await expect.poll(() => step.isEnabled(), soon).toBe(true);
  }
}

test('a replay left part-way by Step closes its client: nobody stray stays in general', async () => {
  await open();
  await stepIntoGeneral();
  // Following a card leaves the replay: its client is a tab closed, and the server forgets it.
  await lifecycle().getByRole('combobox', { name: 'Follow client' }).selectOption('Alice');
  await expect.poll(() => inRoom('general'), soon).toEqual(['Alice', 'Bob']);

  // Stepped into general again, then Reset: the page is back to its four, and so is the server.
  await stepIntoGeneral();
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect.poll(() => inRoom('general'), soon).toEqual(['Alice', 'Bob']);
  expect(socketsOf('/').length).toBe(4);
});
