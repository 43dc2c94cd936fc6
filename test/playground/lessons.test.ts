// The course beside the playground, in a real Chromium against a real server: a student opens a lesson,
// clicks "Try it", and the cards' own sockets say who received it, as the lesson claims.
import { describe, expect, test } from 'vitest';
import { openChat } from '../support/cards.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage({ goto: false });

const CAST = ['Alice', 'Bob', 'Carol', 'Dave'];
const socketsOf = (namespace: string) => [...playground.io.of(namespace).sockets.values()];
const socketOf = (name: string) => socketsOf('/').find((socket) => socket.data.name === name);
const roomsOf = (name: string) => {
  const socket = socketOf(name);
  return socket ? [...socket.rooms].filter((room) => room !== socket.id).sort() : undefined;
};
const card = (name: string) => page.getByRole('region', { name, exact: true });
const lastEmit = (name: string) => card(name).getByRole('group', { name: `${name}'s last emit` });
const lessonTitle = () => page.locator('#lesson-title');
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const path = () => new URL(page.url()).pathname;

/** Every card's "Last emit": received, not received or pending. */
async function deliveries(names = CAST): Promise<Record<string, string>> {
  const shown = (status: string) => /^(not received|received|pending)\b/.exec(status)?.[1] ?? status;
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, shown(await text(lastEmit(name)))])));
}

const only = (receivers: readonly string[], names = CAST) =>
  Object.fromEntries(names.map((name) => [name, receivers.includes(name) ? 'received' : 'not received']));

/** The page's four sockets are on the server, each in its room. */
async function castReady() {
  const rooms = () => Object.fromEntries(CAST.map((name) => [name, roomsOf(name)]));
  await expect.poll(rooms, soon).toEqual({ Alice: ['general'], Bob: ['general'], Carol: ['random'], Dave: [] });
}

async function open(lessonPath: string) {
  await page.goto(`${playground.url}${lessonPath}`);
  await castReady();
}

/** A scenario of the lesson, found as a student finds it: by whose handler runs which line. */
const scenario = (code: string, sender = 'Alice') => page.getByRole('group', { name: `In ${sender}'s connection handler ${code}`, exact: true });

async function tryIt(code: string, sender = 'Alice'): Promise<string> {
  await scenario(code, sender).getByRole('button', { name: 'Try it', exact: true }).click();
  const status = scenario(code, sender).getByRole('status');
  await expect.poll(() => text(status), soon).toMatch(/^(✓|✗|Could not)/);
  return text(status);
}

describe('lesson 4, who receives it', () => {
  test('each "Try it" runs its call for real, and the cards’ "Last emit" match the lesson’s table, row by row', async () => {
    await open('/lessons/who-receives');
    expect(await text(lessonTitle())).toBe('socket.emit, io.emit, socket.to(room).emit, io.to(room).emit: who receives it');
    const table = page.getByRole('table', { name: /^Who receives each call/ });
    const rows = await table.getByRole('row').filter({ has: page.getByRole('cell') }).all();
    const claims = await Promise.all(
      rows.map(async (row) => {
        const [variant, code, receivers] = await Promise.all((await row.getByRole('rowheader').or(row.getByRole('cell')).all()).map(text));
        return { variant: variant!, code: code!, receivers: receivers === 'nobody' ? [] : receivers!.split(', ') };
      }),
    );
    expect(claims.map((claim) => claim.variant)).toEqual(['socket.emit', 'io.emit', 'socket.to(room).emit', 'io.to(room).emit']);

    for (const { code, receivers } of claims) {
      expect(await tryIt(code)).toBe(`✓ Real deliveries: socket.io delivered to ${receivers.join(', ')}, as the lesson claims.`);
      expect(await deliveries()).toEqual(only(receivers));
    }
    expect(await text(scenario("socket.to('general').emit('hello', message);"))).toContain('Receivers: Bob');
  });

  test('"Try it" sets the page to exactly its cast: a card it lacks comes back, one it does not have goes, a moved card returns', async () => {
    await open('/lessons/lifecycle');
    // After step 9 for Bob: the cast has no Bob at all.
    expect(await tryIt("io.to('general').emit('hello', message);")).toBe(
      '✓ Real deliveries: socket.io delivered to Alice, as the lesson claims.',
    );
    expect(await card('Bob').count()).toBe(0);
    expect(socketOf('Bob')).toBeUndefined();

    // Dave wanders into general by hand, which the chat cannot undo: the next scenario gives him a fresh socket, in no room.
    const daveBefore = socketOf('Dave')!.id;
    await openChat(card('Dave'));
    await card('Dave').getByRole('combobox', { name: 'Room' }).fill('general');
    await card('Dave').getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => roomsOf('Dave'), soon).toEqual(['general']);

    await open('/lessons/who-receives');
    expect(await tryIt("io.emit('hello', message);")).toBe('✓ Real deliveries: socket.io delivered to Alice, Bob, Carol, Dave, as the lesson claims.');
    expect(await deliveries()).toEqual(only(CAST));
    expect(socketOf('Dave')!.id).not.toBe(daveBefore);
    expect({ Alice: roomsOf('Alice'), Bob: roomsOf('Bob'), Carol: roomsOf('Carol'), Dave: roomsOf('Dave') }).toEqual({
      Alice: ['general'], Bob: ['general'], Carol: ['random'], Dave: [],
    });
  });

  test('a multiple-choice quiz is answered by running the real emit, never by a stored answer', async () => {
    await open('/lessons/who-receives');
    const quiz = page.getByRole('group', { name: /Carol \(in random\) runs/ });
    const verdict = quiz.getByRole('status');

    await quiz.getByRole('button', { name: 'Run it to check' }).click();
    expect(await text(verdict)).toBe('Pick an answer first, then run it.');

    await quiz.getByRole('radio', { name: 'Carol', exact: true }).check();
    await quiz.getByRole('button', { name: 'Run it to check' }).click();
    await expect.poll(() => text(verdict), soon).toBe('✗ Not this one: you picked Carol, and socket.io delivered to Alice, Bob.');
    expect(await deliveries()).toEqual(only(['Alice', 'Bob']));
    expect(await text(quiz.getByText('what socket.io did'))).toBe('what socket.io did');
    expect(await text(quiz.locator('label').filter({ hasText: 'what socket.io did' }))).toBe('Alice, Bob what socket.io did');

    // Revealed, the right option says so to screen readers too.
    await quiz.getByRole('radio', { name: 'Alice, Bob what socket.io did', exact: true }).check();
    await quiz.getByRole('button', { name: 'Run it to check' }).click();
    await expect.poll(() => text(verdict), soon).toBe('✓ Right: socket.io delivered to Alice, Bob.');
  });

  test('a predict quiz: set up the cards, tick who will receive, run, and each card is scored', async () => {
    await open('/lessons/who-receives');
    const quiz = page.getByRole('group', { name: /Alice runs socket\.to\('general'\)/ });
    await quiz.getByRole('button', { name: 'Set up the cards' }).click();
    await quiz.getByRole('button', { name: 'Run', exact: true }).waitFor(soon);
    expect(await page.getByRole('checkbox', { name: 'Predict first' }).isChecked()).toBe(true);
    await card('Bob').getByRole('checkbox', { name: 'Bob will receive' }).check();
    await card('Alice').getByRole('checkbox', { name: 'Alice will receive' }).check();
    await quiz.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => text(quiz.getByRole('status')), soon).toBe('You predicted 3 of 4 cards right: socket.io delivered to Bob.');
    expect(await deliveries()).toEqual(only(['Bob']));
  });
});

describe('lesson 12, more than one server', () => {
  test('a scenario on several nodes has no Try it on the one-server page: it says where it runs for real, and its quiz checks against the tested claim', async () => {
    await open('/lessons/more-than-one-server');
    const local = page.getByRole('group', { name: /^In Alice's connection handler io\.local\.emit\(/ });
    await expect.poll(() => local.count(), soon).toBe(1);
    expect(await local.getByRole('button', { name: 'Try it' }).count()).toBe(0);
    expect(await text(local)).toContain('npm run cluster -- --nodes 2');
    // Nothing ran: the cards were not touched by a scenario the page cannot run.
    expect(Object.values(await deliveries())).not.toContain('received');
    const quiz = page.getByRole('group', { name: /^Quiz Alice is on node 1 with Carol/ });
    await quiz.getByRole('button', { name: 'Check my answer' }).click();
    await expect.poll(() => text(quiz.getByRole('status')), soon).toBe('Pick an answer first, then check it.');
    await quiz.getByRole('radio', { name: 'Alice, Bob, Carol, Dave', exact: true }).check();
    await quiz.getByRole('button', { name: 'Check my answer' }).click();
    await expect.poll(() => text(quiz.getByRole('status')), soon).toMatch(/^✗ Not this one/);
    await quiz.getByRole('radio', { name: 'Alice, Carol', exact: true }).check();
    await quiz.getByRole('button', { name: 'Check my answer' }).click();
    await expect.poll(() => text(quiz.getByRole('status')), soon).toBe('✓ Right: Alice, Carol.');
  });
});

describe('moving through the course', () => {
  test('every lesson has a URL: loaded directly it opens, Next moves on, Back returns', async () => {
    await open('/lessons/rooms');
    expect(await text(lessonTitle())).toBe('Rooms: the hotel and its floors');
    await page.getByRole('link', { name: /^Next →/ }).click();
    expect(path()).toBe('/lessons/who-receives');
    expect(await text(lessonTitle())).toMatch(/: who receives it$/);
    expect(await page.title()).toMatch(/who receives it · emit playground$/);

    await page.goBack();
    await expect.poll(() => text(lessonTitle()), soon).toBe('Rooms: the hotel and its floors');
    expect(path()).toBe('/lessons/rooms');
    await page.goForward();
    await expect.poll(() => path(), soon).toBe('/lessons/who-receives');

    await page.getByText('All lessons').click();
    await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /^10\. Namespaces/ }).click();
    expect(path()).toBe('/lessons/namespaces');
    expect(await text(lessonTitle())).toBe('Namespaces');
    // Switching lessons never reconnected the cards.
    expect(socketsOf('/').length).toBe(4);

    await page.goto(`${playground.url}/lessons/no-such-lesson`);
    expect(await text(page.getByRole('alert').filter({ hasText: 'There is no lesson' }))).toBe('There is no lesson “no-such-lesson”: pick one from the list above.');
  });

  test('progress survives a reload: visited lessons are ticked, answered quizzes counted, and / opens the last one', async () => {
    await open('/');
    // The lesson view loads after the cards: / becomes the first lesson's URL when it arrives.
    await expect.poll(() => path(), soon).toBe('/lessons/http-vs-websocket');
    await page.getByRole('link', { name: /^Next →/ }).click();
    await page.getByRole('link', { name: /^Next →/ }).click();
    await page.getByRole('link', { name: /^Next →/ }).click();
    expect(path()).toBe('/lessons/who-receives');
    const quiz = page.getByRole('group', { name: /Carol \(in random\) runs/ });
    await quiz.getByRole('radio', { name: /^Alice, Bob$/ }).check();
    await quiz.getByRole('button', { name: 'Run it to check' }).click();
    await expect.poll(() => text(quiz.getByRole('status')), soon).toBe('✓ Right: socket.io delivered to Alice, Bob.');

    await page.reload();
    expect(path()).toBe('/lessons/who-receives');
    const list = page.getByRole('navigation', { name: 'Lessons' });
    await page.getByText('All lessons').click();
    expect(await text(page.getByText('All lessons'))).toBe('All lessons (4 of 12 visited)');
    expect(await text(list.getByRole('link', { name: /^4\. / }))).toBe('✓ 4. socket.emit, io.emit, socket.to(room).emit, io.to(room).emit: who receives it (visited) 1/2 quizzes');
    expect(await text(list.getByRole('link', { name: /^2\. / }))).toBe('✓ 2. Events: socket.emit and socket.on (visited) 0/1 quizzes');
    expect(await text(list.getByRole('link', { name: /^5\. / }))).toBe('5. The connection lifecycle');
    expect(await text(page.getByRole('group', { name: /Carol \(in random\) runs/ }))).toContain('You answered this quiz before');

    await page.goto(playground.url);
    await expect.poll(() => path(), soon).toBe('/lessons/who-receives');
  });
});

describe('what lessons can do besides emits', () => {
  test('a lesson’s raw HTML never reaches the page as markup: no script, no event handler from a lesson', async () => {
    await open('/lessons/who-receives');
    const found = await page.evaluate(() => {
      const roots: (Document | ShadowRoot)[] = [document];
      const elements: Element[] = [];
      while (roots.length > 0) {
        const root = roots.pop()!;
        for (const element of root.querySelectorAll('*')) {
          elements.push(element);
          if (element.shadowRoot) roots.push(element.shadowRoot);
        }
      }
      return {
        scripts: elements.filter((element) => element.localName === 'script').map((script) => (script as HTMLScriptElement).src),
        handlers: elements.flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => attribute.name)),
      };
    });
    // Only the page's own bundle.
    expect(found.scripts).toEqual([expect.stringMatching(/\/assets\/index-[\w-]+\.js$/)]);
    expect(found.handlers).toEqual([]);
  });

  test('lesson 6 measures idle connections on this machine and shows the figure, not a quoted number', async () => {
    await open('/lessons/why-node');
    const figure = page.getByRole('figure', { name: /Measured on this machine/ });
    await figure.getByRole('button', { name: 'Measure idle connections' }).click();
    await expect
      .poll(() => text(figure.getByRole('status')), { timeout: 25_000 })
      .toMatch(
        /^Each idle connection (added about [\d.]+ KB|added too little to measure) to this server's memory; the event loop was never delayed more than [\d.]+ ms\. Your JavaScript ran on one thread; the process has \d+ threads in all\. 500 connections at /,
      );
    // They were closed again: the page's own cards are the only sockets of /.
    expect(socketsOf('/').length).toBe(4);
  }, 40_000);

  test('lesson 5 replays the lifecycle diagram, and lesson 1 links into the polling demo', async () => {
    await open('/lessons/lifecycle');
    await page.getByRole('button', { name: 'Replay the lifecycle' }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Follow client' }).inputValue(), soon).toBe('Replay');
    await page.locator('lifecycle-panel').getByRole('status').getByText(/^Replay(ing| finished)/).waitFor(soon);

    await open('/lessons/http-vs-websocket');
    await page.getByRole('link', { name: 'polling demo' }).click();
    const demoTop = () => page.evaluate(() => document.querySelector('emit-playground')!.shadowRoot!.querySelector('#polling-demo')!.getBoundingClientRect().top);
    await expect.poll(demoTop, soon).toBeLessThan(100);
    expect(await demoTop()).toBeGreaterThanOrEqual(-5);
  });

  test('"Set the stage" puts the cards as the lesson starts, and fires nothing', async () => {
    await open('/lessons/why-node');
    const stage = page.getByRole('status', { name: 'Stage' });
    expect(await text(stage)).toMatch(/^This lesson starts with Alice \(general\), .*Grace \(no room\)\.$/);
    await page.getByRole('button', { name: 'Set the stage' }).click();
    await expect.poll(() => text(stage), soon).toMatch(/^The cards are set: /);
    const everyone = [...CAST, 'Erin', 'Frank', 'Grace'];
    await expect.poll(() => page.getByRole('main', { name: 'Cards' }).getByRole('region').count(), soon).toBe(everyone.length);
    for (const name of everyone) await card(name).waitFor(soon);
    await expect.poll(() => socketsOf('/').length, soon).toBe(everyone.length);
    for (const name of everyone) expect(await text(lastEmit(name))).toMatch(/^none yet/);
  });

  test('on a projector, hiding the lesson gives the playground the whole width: four cards across', async () => {
    await open('/lessons/who-receives');
    const top = (name: string) => card(name).evaluate((element) => Math.round(element.getBoundingClientRect().top));
    expect(await top('Carol')).toBeGreaterThan(await top('Alice'));
    await page.getByRole('button', { name: 'Hide the lesson' }).click();
    await expect.poll(async () => [await top('Bob'), await top('Carol'), await top('Dave')], soon).toEqual(Array(3).fill(await top('Alice')));
    await page.getByRole('button', { name: 'Show the lesson' }).click();
    await expect.poll(() => scenario("io.emit('hello', message);").isVisible(), soon).toBe(true);
  });

  test('on a phone the lesson comes first, and the playground is the tab beside it', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open('/lessons/who-receives');
    const playgroundTab = page.getByRole('tab', { name: 'Playground' });
    await expect.poll(() => page.getByRole('tab', { name: 'Lesson' }).getAttribute('aria-selected'), soon).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    expect(await scenario("io.emit('hello', message);").isVisible()).toBe(true);
    expect(await lastEmit('Alice').isVisible()).toBe(false);
    await playgroundTab.click();
    expect(await playgroundTab.getAttribute('aria-selected')).toBe('true');
    expect(await scenario("io.emit('hello', message);").isVisible()).toBe(false);
    expect(await lastEmit('Alice').isVisible()).toBe(true);
  });
});
