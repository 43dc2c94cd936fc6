// How a page learns whether it is in classroom mode and the instructor's: a file of its own so that the page's first
// load asks without the rest of the classroom's rules (core/classroom.ts, which re-exports it).

/** `GET /api/classroom` tells a page which mode the server runs in, and whether its key is the instructor's. */
export const CLASSROOM_ROUTE = '/api/classroom';
/** The request header a page sends its instructor key in (the socket sends it as handshake `auth.key`). */
export const INSTRUCTOR_KEY_HEADER = 'X-Instructor-Key';

/** `studentsUrl`: where other devices open the page, when the server knows it (told to the pages that drive the lab). */
export type ClassroomInfo = ({ mode: 'solo' } | { mode: 'classroom'; instructor: boolean }) & { studentsUrl?: string };
