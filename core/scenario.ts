// The cast the page opens with; lessons and tests refer to the same names.

export interface ClientSetup {
  name: string;
  /** The chat room the client joins on connect; undefined: connected but in no room. */
  room?: string;
  /** The namespace it connects to; '/other' clients have no chat, only the lab's emits. Default '/'. */
  namespace?: '/' | '/other';
}

export const DEFAULT_ROOMS = ['general', 'random'] as const;

export const DEFAULT_CLIENTS: readonly ClientSetup[] = [
  { name: 'Alice', room: 'general' },
  { name: 'Bob', room: 'general' },
  { name: 'Carol', room: 'random' },
  { name: 'Dave' },
];

/** Names handed to added clients, in order, after the default four. */
export const CLIENT_NAMES = [
  'Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy',
  'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter',
] as const;

/** The first name not taken yet; past the list, "Client 20", "Client 21", … */
export function nextClientName(taken: Iterable<string>): string {
  const used = new Set(taken);
  const free = CLIENT_NAMES.find((name) => !used.has(name));
  if (free) return free;
  for (let n = CLIENT_NAMES.length + 1; ; n++) {
    if (!used.has(`Client ${n}`)) return `Client ${n}`;
  }
}
