// The cast the page opens with, and Reset brings back: a file of its own so that the first load draws the cards
// without the rest of the scenario model (core/scenario.ts, which re-exports it).

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
