// The names clients get, in order: each card's colour follows its name's place in the list.

/** Names handed to added clients, in order, after the default four. */
export const CLIENT_NAMES = [
  'Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy',
  'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter',
] as const;
