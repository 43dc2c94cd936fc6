// The names clients get, in order: each card's colour follows its name's place in the list.

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
