import type { Locator } from 'playwright-core';

/**
 * A card is compact until its chat is opened: the room picker, the messages, typing, online users and the
 * card options are under "Open chat". Opens it, or leaves it open. Waits for the card first: right after the
 * page loads, a card may not be drawn yet, and a check that found no button would leave its chat closed.
 */
export async function openChat(card: Locator): Promise<void> {
  const toggle = card.getByRole('button', { name: /^(Open|Close) chat$/ });
  await toggle.waitFor();
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}
