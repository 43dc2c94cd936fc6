// Classroom mode: one instructor drives the lab from the projector, the students watch, chat and predict.
// The rules live here once; server/classroom.ts enforces them on sockets and routes.
import type { Ack } from './chat-contract.ts';
import { LAB_BROADCAST_ROUTE } from './emit-rules.ts';
import type { ArmedNotice, EmitResult, PredictionPayload } from './lab-contract.ts';
import { NAME_MAX_LENGTH } from './limits.ts';
import { DEFAULT_ROOMS } from './scenario.ts';
import { describeValue, isRecord, validateRoom, type Validated } from './validation.ts';

export { CLASSROOM_ROUTE, INSTRUCTOR_KEY_HEADER, type ClassroomInfo } from './classroom-route.ts';

/** What only the instructor may do in classroom mode, in the words of the refusal a student reads. */
export const INSTRUCTOR_ONLY = {
  'lab:perform': 'perform an emit',
  'lab:join': "put a socket in the lab's extra rooms",
  'lab:leave': "take a socket out of the lab's extra rooms",
  'lab:arm': 'arm an emit for the class to predict',
  'lab:perform from another socket': "perform an emit from another socket's handler",
  [`POST ${LAB_BROADCAST_ROUTE}`]: 'broadcast from the HTTP route',
  'class:roster': 'list the class',
  'class:move': 'move students between rooms',
  'class:split': 'split the class into rooms',
  'class:reset': 'reset the class',
  'class:students-may-emit': 'let the students emit',
} as const;

export type InstructorOnlyAction = keyof typeof INSTRUCTOR_ONLY;

export function instructorOnlyError(action: InstructorOnlyAction): string {
  return `Only the instructor can ${INSTRUCTOR_ONLY[action]} in classroom mode: watch the projector, and predict who receives the next emit.`;
}

export const PREDICTIONS_ARE_FOR_CLASSROOMS = 'Predictions are for classroom mode.';

export function validateArmedNotice(payload: unknown): Validated<ArmedNotice> {
  const shape = 'The lab:arm event needs an object like { armed: true }.';
  if (!isRecord(payload) || typeof payload.armed !== 'boolean') return { ok: false, error: shape };
  const extra = Object.keys(payload).find((key) => key !== 'armed');
  if (extra !== undefined) return { ok: false, error: `${shape} It has no ${describeValue(extra)} field.` };
  return { ok: true, value: { armed: payload.armed } };
}

export function validatePrediction(payload: unknown): Validated<PredictionPayload> {
  const shape = 'The lab:predict event needs an object like { willReceive: true }.';
  if (!isRecord(payload) || typeof payload.willReceive !== 'boolean') return { ok: false, error: shape };
  const extra = Object.keys(payload).find((key) => key !== 'emit' && key !== 'willReceive');
  if (extra !== undefined) return { ok: false, error: `${shape} It has no ${describeValue(extra)} field.` };
  if (payload.emit === undefined) return { ok: true, value: { willReceive: payload.willReceive } };
  if (!Number.isSafeInteger(payload.emit) || (payload.emit as number) < 1) {
    return { ok: false, error: `The emit a prediction is for is a whole number from 1, not ${describeValue(payload.emit)}.` };
  }
  return { ok: true, value: { emit: payload.emit as number, willReceive: payload.willReceive } };
}

/** How the class's guesses for an emit went: the students who predicted, and how many were right about their own socket. */
export function classPredictions(result: EmitResult): { right: number; total: number } {
  const predicted = result.outcomes.filter((outcome) => outcome.predictedByStudent !== undefined);
  return { right: predicted.filter((outcome) => outcome.predictedByStudent === outcome.received).length, total: predicted.length };
}

/**
 * The name a student gets when `wanted` is taken by another socket: "Zed", then "Zed 2", "Zed 3"…,
 * shortening "Zed" when the number would make it longer than a name may be.
 */
export function uniqueName(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let number = 2; ; number++) {
    const suffix = ` ${number}`;
    const base = Array.from(wanted).slice(0, NAME_MAX_LENGTH - suffix.length).join('').trimEnd();
    const name = `${base}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

// The instructor's controls over the class: who is in which room, moves, a split, a reset, and whether students may emit.

/** A student as the instructor's Class panel lists them: a socket of / without the key. */
export interface ClassStudent {
  socketId: string;
  name: string;
  /** The chat room the student is in; none until they join one. */
  room?: string;
}

export interface ClassRoster {
  students: ClassStudent[];
  studentsMayEmit: boolean;
}

/** Puts the students with these socket ids in `room`, as their own Join would. */
export interface ClassMove {
  socketIds: string[];
  room: string;
}

/** Deals the students round-robin into room-1…room-N, or into the rooms named. */
export interface ClassSplit {
  rooms: number | string[];
}

/** Opens or closes "Students may emit"; the same notice tells every socket of / when it changes. */
export interface StudentsMayEmit {
  open: boolean;
}

export interface ClassClientToServerEvents {
  'class:roster': (payload: Record<string, never>, ack: Ack<ClassRoster>) => void;
  'class:move': (payload: ClassMove, ack: Ack<{ moved: number }>) => void;
  'class:split': (payload: ClassSplit, ack: Ack<{ rooms: string[]; moved: number }>) => void;
  'class:reset': (payload: Record<string, never>, ack: Ack<{ moved: number }>) => void;
  'class:students-may-emit': (payload: StudentsMayEmit, ack: Ack<{}>) => void;
}

export interface ClassServerToClientEvents {
  'class:students-may-emit': (notice: StudentsMayEmit) => void;
}

export const CLASS_CONTROLS_ARE_FOR_CLASSROOMS = 'The class controls are for classroom mode: start it with npm run classroom.';
/** Where Reset puts every student back. */
export const CLASS_RESET_ROOM = DEFAULT_ROOMS[0];
/** The most rooms "Split into N rooms" makes, and the most sockets one move names. */
export const CLASS_SPLIT_ROOMS_MAX = 12;
export const CLASS_MOVE_SOCKETS_MAX = 200;

/** The rooms a split deals into: room-1…room-N for a number. */
export function splitRoomNames(rooms: number | readonly string[]): string[] {
  return typeof rooms === 'number' ? Array.from({ length: rooms }, (_, index) => `room-${index + 1}`) : [...rooms];
}

/** Round-robin: the first student to the first room, the second to the second, and around again. */
export function dealRoundRobin<T>(students: readonly T[], rooms: readonly string[]): [T, string][] {
  return students.map((student, index) => [student, rooms[index % rooms.length]!]);
}

const extraField = (payload: Record<string, unknown>, fields: readonly string[]) => Object.keys(payload).find((key) => !fields.includes(key));

/** class:roster and class:reset take no fields: nothing, or an empty object. */
export function validateNoFields(event: 'class:roster' | 'class:reset', payload: unknown): Validated<Record<string, never>> {
  if (payload === undefined || (isRecord(payload) && Object.keys(payload).length === 0)) return { ok: true, value: {} };
  return { ok: false, error: `The ${event} event takes nothing, or an empty object {}.` };
}

export function validateClassMove(payload: unknown): Validated<ClassMove> {
  const shape = 'The class:move event needs an object like { socketIds: ["…"], room: "team-a" }.';
  if (!isRecord(payload) || !Array.isArray(payload.socketIds)) return { ok: false, error: shape };
  const extra = extraField(payload, ['socketIds', 'room']);
  if (extra !== undefined) return { ok: false, error: `${shape} It has no ${describeValue(extra)} field.` };
  const ids: unknown[] = payload.socketIds;
  if (ids.length === 0) return { ok: false, error: 'Pick at least one student to move.' };
  if (ids.length > CLASS_MOVE_SOCKETS_MAX) return { ok: false, error: `One move takes at most ${CLASS_MOVE_SOCKETS_MAX} students.` };
  const bad = ids.find((id) => typeof id !== 'string' || id.length === 0 || id.length > 64);
  if (bad !== undefined) return { ok: false, error: `${describeValue(bad)} is not a socket id.` };
  const room = validateRoom(payload.room);
  if (!room.ok) return room;
  return { ok: true, value: { socketIds: [...new Set(ids as string[])], room: room.value } };
}

export function validateClassSplit(payload: unknown): Validated<ClassSplit> {
  const shape = `The class:split event needs an object like { rooms: 3 } (2 to ${CLASS_SPLIT_ROOMS_MAX}) or { rooms: ["red", "blue"] }.`;
  if (!isRecord(payload)) return { ok: false, error: shape };
  const extra = extraField(payload, ['rooms']);
  if (extra !== undefined) return { ok: false, error: `${shape} It has no ${describeValue(extra)} field.` };
  const { rooms } = payload;
  if (typeof rooms === 'number') {
    if (!Number.isInteger(rooms) || rooms < 2 || rooms > CLASS_SPLIT_ROOMS_MAX) {
      return { ok: false, error: `Split the class into 2 to ${CLASS_SPLIT_ROOMS_MAX} rooms, not ${describeValue(rooms)}.` };
    }
    return { ok: true, value: { rooms } };
  }
  if (!Array.isArray(rooms) || rooms.length < 2 || rooms.length > CLASS_SPLIT_ROOMS_MAX) return { ok: false, error: shape };
  const names: string[] = [];
  for (const candidate of rooms as unknown[]) {
    const room = validateRoom(candidate);
    if (!room.ok) return room;
    if (names.includes(room.value)) return { ok: false, error: `${room.value} is named twice: name each room once.` };
    names.push(room.value);
  }
  return { ok: true, value: { rooms: names } };
}

export function validateStudentsMayEmit(payload: unknown): Validated<StudentsMayEmit> {
  const shape = 'The class:students-may-emit event needs an object like { open: true }.';
  if (!isRecord(payload) || typeof payload.open !== 'boolean') return { ok: false, error: shape };
  const extra = extraField(payload, ['open']);
  if (extra !== undefined) return { ok: false, error: `${shape} It has no ${describeValue(extra)} field.` };
  return { ok: true, value: { open: payload.open } };
}
