import type { JoinRoomPayload, SendMessagePayload, TypingPayload } from './chat-contract.ts';
import { isVariantId, variant, type EmitRequest } from './emit-rules.ts';
import type { SettleReport } from './lab-contract.ts';
import { invalid, validateName, validateRoom, validateText, type Validated } from './student-input.ts';
import { describeValue, isRecord } from './untrusted.ts';

export { validateName, validateRoom, validateText, type Validated } from './student-input.ts';
export { describeValue, isRecord } from './untrusted.ts';

export function validateJoinRoom(payload: unknown): Validated<JoinRoomPayload> {
  if (!isRecord(payload)) return invalid('The join-room event needs an object like { room: "general", name: "Alice" }.');
  const room = validateRoom(payload.room);
  if (!room.ok) return room;
  const name = validateName(payload.name);
  if (!name.ok) return name;
  return { ok: true, value: { room: room.value, name: name.value } };
}

export function validateSendMessage(payload: unknown): Validated<SendMessagePayload> {
  if (!isRecord(payload)) return invalid('The send-message event needs an object like { text: "Hello" }.');
  const text = validateText(payload.text);
  if (!text.ok) return text;
  return { ok: true, value: { text: text.value } };
}

export function validateTyping(payload: unknown): Validated<TypingPayload> {
  if (!isRecord(payload) || typeof payload.isTyping !== 'boolean') {
    return invalid('The typing event needs an object like { isTyping: true }.');
  }
  return { ok: true, value: { isTyping: payload.isTyping } };
}

export const EMIT_TIMEOUT_MAX_MS = 10_000;
/** The most volatile emits socket.volatile.emit × n fires in a row. */
export const BURST_MAX = 20;

/** Checks a lab request: a known variant, and the rooms, socket id and timeout it needs. */
export function validateEmitRequest(payload: unknown): Validated<EmitRequest> {
  if (!isRecord(payload)) return invalid('An emit request needs an object like { variant: "io.emit" }.');
  if (!isVariantId(payload.variant)) return invalid(`${describeValue(payload.variant)} is not one of the emit variants the lab knows.`);
  const needs = variant(payload.variant).needs;
  const request: EmitRequest = { variant: payload.variant };
  if (needs.room) {
    // A room the page left out is an empty field to the student, not a type error.
    const room = validateRoomOrSocketId(payload.room ?? '');
    if (!room.ok) return room;
    request.room = room.value;
  }
  if (needs.secondRoom) {
    const secondRoom = validateRoomOrSocketId(payload.secondRoom ?? '');
    if (!secondRoom.ok) return { ok: false, error: `Second room: ${secondRoom.error}` };
    request.secondRoom = secondRoom.value;
  }
  if (needs.targetSocket) {
    if (typeof payload.targetSocketId !== 'string' || payload.targetSocketId.length === 0 || payload.targetSocketId.length > 64) {
      return invalid('Pick the socket to send the private message to.');
    }
    request.targetSocketId = payload.targetSocketId;
  }
  if (needs.timeout) {
    const ms = payload.timeoutMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > EMIT_TIMEOUT_MAX_MS) {
      return invalid(`The timeout must be a whole number of milliseconds from 1 to ${EMIT_TIMEOUT_MAX_MS}.`);
    }
    request.timeoutMs = ms;
  }
  if (needs.burst) {
    const burst = payload.burst;
    if (typeof burst !== 'number' || !Number.isInteger(burst) || burst < 2 || burst > BURST_MAX) {
      return invalid(`The burst must be a whole number of emits from 2 to ${BURST_MAX}.`);
    }
    request.burst = burst;
  }
  if (payload.senderId !== undefined) {
    if (typeof payload.senderId !== 'string' || payload.senderId.length === 0 || payload.senderId.length > 64) {
      return invalid('Pick the sender from the list: its socket id is missing or malformed.');
    }
    request.senderId = payload.senderId;
  }
  return { ok: true, value: request };
}

// A target room may be a chat room or a socket's own room, whose name is its id.
function validateRoomOrSocketId(room: unknown): Validated<string> {
  if (typeof room === 'string' && /^[A-Za-z0-9_-]{20}$/.test(room)) return { ok: true, value: room };
  return validateRoom(room);
}

// What a client answers the server (settle reports, acknowledgements) is as untrusted as what it sends.

/** A page's answer to a settle marker, or null when it is not one. */
export function validateSettleReport(answer: unknown): SettleReport | null {
  if (!isRecord(answer) || typeof answer.received !== 'boolean') return null;
  const report: SettleReport = { received: answer.received };
  if (answer.received && typeof answer.receivedAt === 'number' && Number.isFinite(answer.receivedAt)) report.receivedAt = answer.receivedAt;
  if (answer.received && typeof answer.copies === 'number' && Number.isInteger(answer.copies) && answer.copies >= 1 && answer.copies <= BURST_MAX) {
    report.copies = answer.copies;
  }
  return report;
}

/** The socket ids in the answers to an emit with an acknowledgement; anything else a client answered is ignored. */
export function answeringSocketIds(answers: unknown): Set<string> {
  const ids = new Set<string>();
  if (!Array.isArray(answers)) return ids;
  for (const answer of answers) {
    if (isRecord(answer) && typeof answer.socketId === 'string' && answer.socketId.length <= 64) ids.add(answer.socketId);
  }
  return ids;
}
