// What a student types into a card (a name, a room, a message), checked the same on the page and on the server: a
// file of its own so that the page checks it without the rest of core/validation.ts, which re-exports it.
import { NAME_MAX_LENGTH, TEXT_MAX_LENGTH } from './limits.ts';
import { invalid, type Validated } from './room-name.ts';

export { invalid, validateRoom, type Validated } from './room-name.ts';

// What a student counts as characters: an emoji is one, not two UTF-16 units.
const characters = (text: string) => Array.from(text).length;

export function validateName(name: unknown): Validated<string> {
  if (typeof name !== 'string') return invalid('Your name must be text.');
  const trimmed = name.trim();
  if (trimmed.length === 0) return invalid('Please enter a name.');
  if (characters(trimmed) > NAME_MAX_LENGTH) {
    return invalid(`Your name is too long: use at most ${NAME_MAX_LENGTH} characters.`);
  }
  return { ok: true, value: trimmed };
}

export function validateText(text: unknown): Validated<string> {
  if (typeof text !== 'string') return invalid('The message must be text.');
  const trimmed = text.trim();
  if (trimmed.length === 0) return invalid('Your message is empty: type something first.');
  if (characters(trimmed) > TEXT_MAX_LENGTH) {
    return invalid(`Your message is too long: use at most ${TEXT_MAX_LENGTH} characters.`);
  }
  return { ok: true, value: trimmed };
}
