// A student's card kept across a reload of their tab (classroom mode): only a student's page loads this.
import { readSession, writeSession } from './classroom.ts';

const STUDENT_STORAGE = 'emit-playground:student';

/** A student's card as it was before a reload: the name the server used and the room it was in. */
export interface StudentSeat {
  name: string;
  room?: string;
}

/** The student's card kept across a reload of this tab. */
export function studentSeat(): StudentSeat | undefined {
  try {
    const seat = JSON.parse(readSession(STUDENT_STORAGE) ?? 'null') as Partial<StudentSeat> | null;
    if (typeof seat?.name !== 'string') return undefined;
    return typeof seat.room === 'string' ? { name: seat.name, room: seat.room } : { name: seat.name };
  } catch {
    return undefined;
  }
}

export function keepStudentSeat(seat: StudentSeat | undefined): void {
  writeSession(STUDENT_STORAGE, seat === undefined ? undefined : JSON.stringify(seat));
}
