// A room's name as a student types it, checked the same on the page (before join-room) and on the server: a file of
// its own so that the page's first load, which joins rooms, checks it without the rest of core/student-input.ts.
import { ROOM_MAX_LENGTH, ROOM_PATTERN } from './limits.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

/** A refusal, in the sentence a student reads. */
export const invalid = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function validateRoom(room: unknown): Validated<string> {
  if (typeof room !== 'string') return invalid('The room name must be text.');
  const trimmed = room.trim();
  if (trimmed.length === 0) return invalid('Please enter a room name.');
  if (trimmed.length > ROOM_MAX_LENGTH) {
    return invalid(`The room name is too long: use at most ${ROOM_MAX_LENGTH} characters.`);
  }
  if (!ROOM_PATTERN.test(trimmed)) {
    return invalid('A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".');
  }
  return { ok: true, value: trimmed };
}
