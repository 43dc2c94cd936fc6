// Cause and effect on one screen, as the browser tests check it: the lesson's four emits, each card's "Last emit",
// "What happened", and which of them a viewport does not wholly show (bounding boxes, not a screenshot diff).
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { page, soon } from './page-fixture.ts';

export const CAST = ['Alice', 'Bob', 'Carol', 'Dave'];
/** The four emits of the lesson, each with the call the report names once it ran (Alice sends to general). */
export const THE_FOUR = [
  ['socket.emit', 'socket.emit'],
  ['io.emit', 'io.emit'],
  ['socket.to(room).emit', "socket.to('general').emit"],
  ['io.to(room).emit', "io.to('general').emit"],
] as const;

export const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
export const card = (name: string) => page.getByRole('region', { name, exact: true });
export const lastEmit = (name: string) => card(name).getByRole('group', { name: `${name}'s last emit` });
export const emitResult = () => page.getByRole('status', { name: 'Emit result' });
export const emitButton = (variant: string) => page.getByRole('button', { name: variant, exact: true });

/** What is not wholly inside the viewport, with its box: an empty list when everything is in view. */
export async function outOfView(things: Record<string, Locator>): Promise<string[]> {
  const { width, height } = page.viewportSize()!;
  const out: string[] = [];
  for (const [what, locator] of Object.entries(things)) {
    const box = await locator.boundingBox();
    const inside = box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
    if (!inside) out.push(`${what} ${box ? `at x ${Math.round(box.x)}..${Math.round(box.x + box.width)}, y ${Math.round(box.y)}..${Math.round(box.y + box.height)} of ${width}x${height}` : 'not drawn'}`);
  }
  return out;
}

/**
 * Clicks each of the four emits and, once every card has answered, checks that the button, every card's Last emit,
 * What happened and `alsoInView` share the screen, and that nothing scrolled to show them.
 */
export async function everyEmitOnOneScreen(alsoInView: Record<string, Locator> = {}) {
  const scrolledAt = await page.evaluate(() => window.scrollY);
  for (const [variant, call] of THE_FOUR) {
    await emitButton(variant).click();
    await expect.poll(() => text(emitResult()), soon).toContain(`sockets received ${call}:`);
    for (const name of CAST) await expect.poll(() => text(lastEmit(name)), soon).toMatch(/^(received|not received) /);
    const things: Record<string, Locator> = { [`the ${variant} button`]: emitButton(variant), 'What happened': emitResult(), ...alsoInView };
    for (const name of CAST) things[`${name}'s Last emit`] = lastEmit(name);
    expect(await outOfView(things), `after ${variant}`).toEqual([]);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolledAt);
  }
}
