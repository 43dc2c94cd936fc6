// Polling, the lesson's first answer to "the server cannot speak first": the client asks for a room's
// new messages every few seconds. The contract of that HTTP endpoint, and the bounded store behind it.
import type { ChatMessage } from './chat-contract.ts';
import { validateRoom, type Validated } from './validation.ts';

/** How many recent messages the server keeps per room, and for how many rooms (the least recently active go first). */
export const RECENT_MESSAGES_PER_ROOM = 50;
export const RECENT_ROOMS_MAX = 100;

/** The polling demo's interval, in seconds: adjustable within these bounds. */
export const POLL_INTERVAL_DEFAULT_S = 3;
export const POLL_INTERVAL_MIN_S = 1;
export const POLL_INTERVAL_MAX_S = 30;

/** The room the polling demo's two clients share, apart from the cards' rooms. */
export const POLLING_DEMO_ROOM = 'news';

/** `GET /api/rooms/general/messages?since=1700000000000`: the path a polling client asks. */
export function messagesPath(room: string, since?: number): string {
  const path = `/api/rooms/${encodeURIComponent(room)}/messages`;
  return since === undefined ? path : `${path}?since=${since}`;
}

/**
 * The answer to a poll: the room's messages stamped at or after `since` (all it keeps without `since`),
 * and the server's time, which the client sends back as its next `since` so that no message falls between two polls.
 */
export type PollReply = { ok: true; room: string; messages: ChatMessage[]; serverTime: number } | { ok: false; error: string };

export interface PollQuery {
  room: string;
  since?: number;
}

/** Checks a poll's room and `since` (ms since the epoch, optional). */
export function validatePoll(room: unknown, since: unknown): Validated<PollQuery> {
  const checkedRoom = validateRoom(room);
  if (!checkedRoom.ok) return checkedRoom;
  if (since === undefined) return { ok: true, value: { room: checkedRoom.value } };
  const ms = typeof since === 'string' && /^\d{1,15}$/.test(since) ? Number(since) : NaN;
  if (!Number.isSafeInteger(ms)) {
    return { ok: false, error: '"since" must be a time in milliseconds since 1970, e.g. since=1700000000000, or left out.' };
  }
  return { ok: true, value: { room: checkedRoom.value, since: ms } };
}

/** The recent messages of each room, in memory, bounded per room and in number of rooms. */
export class RecentMessages {
  readonly #rooms = new Map<string, ChatMessage[]>();
  readonly #perRoom: number;
  readonly #roomsMax: number;

  constructor(perRoom = RECENT_MESSAGES_PER_ROOM, roomsMax = RECENT_ROOMS_MAX) {
    this.#perRoom = perRoom;
    this.#roomsMax = roomsMax;
  }

  add(message: ChatMessage): void {
    const kept = this.#rooms.get(message.room) ?? [];
    // Re-inserted so that the Map's order is the rooms' order of last activity.
    this.#rooms.delete(message.room);
    this.#rooms.set(message.room, [...kept, message].slice(-this.#perRoom));
    for (const room of this.#rooms.keys()) {
      if (this.#rooms.size <= this.#roomsMax) break;
      this.#rooms.delete(room);
    }
  }

  /** The room's kept messages stamped at or after `since`, oldest first. */
  since(room: string, since = 0): ChatMessage[] {
    return (this.#rooms.get(room) ?? []).filter((message) => message.timestamp >= since);
  }

  get roomCount(): number {
    return this.#rooms.size;
  }
}

/** A message as one demo client saw it: when it arrived, and how long after the server stamped it. */
export interface SeenMessage {
  message: ChatMessage;
  /** Client time, ms since the epoch. */
  receivedAt: number;
  /** receivedAt minus the server's timestamp; undefined for history that was there before the client started. */
  delayMs?: number;
}

export interface DelayStats {
  /** New messages seen (history not counted). */
  count: number;
  lastMs?: number;
  averageMs?: number;
  maxMs?: number;
}

/** The delays of the new messages a client saw, measured with the server's timestamp and the client's receive time. */
export function delayStats(seen: readonly SeenMessage[]): DelayStats {
  const delays = seen.flatMap((entry) => (entry.delayMs === undefined ? [] : [entry.delayMs]));
  if (delays.length === 0) return { count: 0 };
  return {
    count: delays.length,
    lastMs: delays.at(-1)!,
    averageMs: delays.reduce((sum, delay) => sum + delay, 0) / delays.length,
    maxMs: Math.max(...delays),
  };
}

/** Clocks of two machines never agree exactly: a delay below zero is shown as zero, not as time travel. */
export function seenAt(message: ChatMessage, receivedAt: number, history: boolean): SeenMessage {
  return history ? { message, receivedAt } : { message, receivedAt, delayMs: Math.max(0, receivedAt - message.timestamp) };
}
