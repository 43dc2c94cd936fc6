import type { JoinRoomPayload, SendMessagePayload, TypingPayload } from './chat-contract.ts';
import { NAME_MAX_LENGTH, ROOM_MAX_LENGTH, ROOM_PATTERN, TEXT_MAX_LENGTH } from './limits.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function validateName(name: unknown): Validated<string> {
  if (typeof name !== 'string') return invalid('Your name must be text.');
  const trimmed = name.trim();
  if (trimmed.length === 0) return invalid('Please enter a name.');
  if (trimmed.length > NAME_MAX_LENGTH) {
    return invalid(`Your name is too long: use at most ${NAME_MAX_LENGTH} characters.`);
  }
  return { ok: true, value: trimmed };
}

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

export function validateText(text: unknown): Validated<string> {
  if (typeof text !== 'string') return invalid('The message must be text.');
  const trimmed = text.trim();
  if (trimmed.length === 0) return invalid('Your message is empty: type something first.');
  if (trimmed.length > TEXT_MAX_LENGTH) {
    return invalid(`Your message is too long: use at most ${TEXT_MAX_LENGTH} characters.`);
  }
  return { ok: true, value: trimmed };
}

export function validateJoinRoom(payload: unknown): Validated<JoinRoomPayload> {
  if (!isRecord(payload)) return invalid('join-room needs an object like { room: "general", name: "Alice" }.');
  const room = validateRoom(payload.room);
  if (!room.ok) return room;
  const name = validateName(payload.name);
  if (!name.ok) return name;
  return { ok: true, value: { room: room.value, name: name.value } };
}

export function validateSendMessage(payload: unknown): Validated<SendMessagePayload> {
  if (!isRecord(payload)) return invalid('send-message needs an object like { text: "Hello" }.');
  const text = validateText(payload.text);
  if (!text.ok) return text;
  return { ok: true, value: { text: text.value } };
}

export function validateTyping(payload: unknown): Validated<TypingPayload> {
  if (!isRecord(payload) || typeof payload.isTyping !== 'boolean') {
    return invalid('typing needs an object like { isTyping: true }.');
  }
  return { ok: true, value: { isTyping: payload.isTyping } };
}
