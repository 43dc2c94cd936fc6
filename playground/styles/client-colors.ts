import { CLIENT_NAMES } from '../../core/client-names.ts';

/** How many --client-color-N tokens styles/tokens.css defines. */
const PALETTE_SIZE = 8;

/** The colour token of a client, so that Alice is the same colour on her card and in everyone's messages. */
export function clientColor(name: string): string {
  const listed = CLIENT_NAMES.indexOf(name as (typeof CLIENT_NAMES)[number]);
  const numbered = Number(/^Client (\d+)$/.exec(name)?.[1] ?? 0);
  return `var(--client-color-${(listed >= 0 ? listed : numbered) % PALETTE_SIZE})`;
}
