// The emit lab is not in the first load: the cards connect without it, and what the page is asked before its chunk
// arrives (Add client, a card's Remove, Reset) waits for it and then happens, in the order it was asked. A slow
// network is made by holding the lab's chunk back until the test lets it through.
import { expect, test } from 'vitest';
import { ALL_CARDS_CONNECTED } from '../../bench/size.ts';
import { page, playground, soon, usePlaygroundPage } from '../support/page-fixture.ts';

usePlaygroundPage({ goto: false });

const cardNames = () => page.locator('chat-client-card').evaluateAll((cards) => cards.map((card) => (card as HTMLElement & { name: string }).name));

test('the cards connect before the lab has arrived, and Add client, Remove and Reset asked meanwhile happen once it has', async () => {
  let letThrough!: () => void;
  const held = new Promise<void>((resolve) => (letThrough = resolve));
  const asked: string[] = [];
  await page.route(/\/assets\/emit-lab-[^/]+\.js$/, async (route) => {
    asked.push(route.request().url());
    await held;
    await route.continue();
  });
  await page.goto(playground.url);

  // The first load alone: four cards, each connected by its own socket.
  await page.evaluate(ALL_CARDS_CONNECTED);
  await expect.poll(() => asked.length, soon).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Add client', exact: true }).click();
  await page.getByRole('region', { name: 'Alice', exact: true }).getByRole('button', { name: 'Remove', exact: true }).click();
  // Nothing can have happened yet: what does it is in the chunk still held.
  expect(await cardNames()).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);

  letThrough();
  await expect.poll(cardNames, soon).toEqual(['Bob', 'Carol', 'Dave', 'Erin']);
  await page.getByRole('region', { name: 'Erin', exact: true }).getByText('connected', { exact: true }).waitFor(soon);

  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect.poll(cardNames, soon).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
});

test.each([
  [1280, 720],
  [1920, 1080],
])('at %ix%i the header buttons of the first load stay where they are when Keyboard shortcuts and Share stage arrive', async (width, height) => {
  let letThrough!: () => void;
  const held = new Promise<void>((resolve) => (letThrough = resolve));
  await page.setViewportSize({ width, height });
  await page.route(/\/assets\/(shortcuts-dialog|scenario-share)-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(playground.url);
  await page.evaluate(ALL_CARDS_CONNECTED);
  const firstLoad = ['Presenter', 'Add client', 'Reset'].map((name) => page.getByRole('button', { name, exact: true }));
  const boxes = () => Promise.all(firstLoad.map((button) => button.boundingBox()));
  const before = await boxes();
  expect(await page.getByRole('button', { name: /^Keyboard shortcuts/ }).count()).toBe(0);

  letThrough();
  await page.getByRole('button', { name: /^Keyboard shortcuts/ }).waitFor(soon);
  await page.getByRole('button', { name: 'Share stage', exact: true }).waitFor(soon);
  expect(await boxes()).toEqual(before);
});
