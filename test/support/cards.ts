import type { Locator } from 'playwright-core';

/**
 * A card is compact until its chat is opened: the room picker, the messages, typing, online users and the
 * card options are under "Open chat". Opens it, or leaves it open.
 */
export async function openChat(card: Locator): Promise<void> {
  const toggle = card.getByRole('button', { name: 'Open chat', exact: true });
  if ((await toggle.count()) > 0) await toggle.click();
}
