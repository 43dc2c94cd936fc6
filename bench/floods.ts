// What one client sends at full speed in each flood phase, valid or not, and what its process reports back.
import { TEXT_MAX_LENGTH } from '../core/limits.ts';

export interface FloodRequest {
  event: string;
  payload: unknown;
}

export interface Flood {
  /** The table's row. */
  name: string;
  /** Whether the flooder joins the probe's room first (the events that act on the sender's chat room). */
  needsRoom: boolean;
  /** The n-th emit of the flood. */
  request(n: number): FloodRequest;
}

// 60 KB: over 30 times TEXT_MAX_LENGTH, so refused by validation, yet under the 64 KB packet limit, so parsed first.
const OVERSIZED_TEXT = 'x'.repeat(60 * 1024);
if (OVERSIZED_TEXT.length <= TEXT_MAX_LENGTH) throw new Error('The oversized flood must be over TEXT_MAX_LENGTH.');

export const FLOODS: readonly Flood[] = [
  { name: 'send-message', needsRoom: true, request: (n) => ({ event: 'send-message', payload: { text: `flood ${n}` } }) },
  { name: 'typing', needsRoom: true, request: () => ({ event: 'typing', payload: { isTyping: true } }) },
  {
    name: 'join-room, 2 rooms',
    needsRoom: false,
    request: (n) => ({ event: 'join-room', payload: { room: n % 2 === 0 ? 'general' : 'flood', name: 'Flooder' } }),
  },
  { name: 'lab:perform io.emit', needsRoom: false, request: () => ({ event: 'lab:perform', payload: { variant: 'io.emit' } }) },
  { name: 'lab:join, new rooms', needsRoom: false, request: (n) => ({ event: 'lab:join', payload: { room: `flood-${n}` } }) },
  {
    name: 'lab:join + lab:leave',
    needsRoom: false,
    request: (n) => ({ event: n % 2 === 0 ? 'lab:join' : 'lab:leave', payload: { room: `flood-${Math.floor(n / 2)}` } }),
  },
  { name: 'unknown event', needsRoom: false, request: (n) => ({ event: 'no-such-event', payload: { n } }) },
  { name: 'send-message 60 KB', needsRoom: true, request: () => ({ event: 'send-message', payload: { text: OVERSIZED_TEXT } }) },
];

/** One emit in this many asks for an ack, and counts as unanswered after the timeout. */
export const FLOOD_ACK_EVERY = 100;
export const FLOOD_ACK_TIMEOUT_MS = 2000;

export interface FloodReport {
  sent: number;
  /** Emits sent with an ack (one in FLOOD_ACK_EVERY), to count what the server refused. */
  sampled: number;
  accepted: number;
  refused: number;
  unanswered: number;
  /** Refusals the server sent as chat-error, to emits without an ack. */
  chatErrors: number;
  /** Times the server threw the flooder out (it reconnects). */
  disconnects: number;
  firstRefusal?: string;
  firstDisconnect?: string;
}

/** What the flooder's process tells the bench over IPC. */
export type FlooderMessage = { type: 'flooding' } | { type: 'stopped' } | { type: 'report'; report: FloodReport };
