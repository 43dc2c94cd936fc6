// Classroom mode: one instructor drives the lab from the projector, the students watch, chat and predict.
// The rules live here once; server/classroom.ts enforces them on sockets and routes.
import { LAB_BROADCAST_ROUTE } from './emit-rules.ts';
import type { ArmedNotice, EmitResult, PredictionPayload } from './lab-contract.ts';
import { NAME_MAX_LENGTH } from './limits.ts';
import { describeValue, isRecord, type Validated } from './validation.ts';

/** `GET /api/classroom` tells a page which mode the server runs in, and whether its key is the instructor's. */
export const CLASSROOM_ROUTE = '/api/classroom';
/** The request header a page sends its instructor key in (the socket sends it as handshake `auth.key`). */
export const INSTRUCTOR_KEY_HEADER = 'X-Instructor-Key';

export type ClassroomInfo = { mode: 'solo' } | { mode: 'classroom'; instructor: boolean };

/** What only the instructor may do in classroom mode, in the words of the refusal a student reads. */
export const INSTRUCTOR_ONLY = {
  'lab:perform': 'perform an emit',
  'lab:join': "put a socket in the lab's extra rooms",
  'lab:leave': "take a socket out of the lab's extra rooms",
  'lab:arm': 'arm an emit for the class to predict',
  [`POST ${LAB_BROADCAST_ROUTE}`]: 'broadcast from the HTTP route',
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
