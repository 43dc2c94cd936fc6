// Which page this device gets: the solo playground, the instructor's (the same page, allowed to drive the lab),
// or a student's single card. The instructor's key comes once in the URL and never stays on the projected screen.
import { CLASSROOM_ROUTE, INSTRUCTOR_KEY_HEADER, type ClassroomInfo } from '../core/classroom-route.ts';

export type ClassroomView = 'solo' | 'instructor' | 'student';

const KEY_STORAGE = 'emit-playground:instructor-key';

// Session storage can be blocked (private mode): the page then works for this load only.
export function readSession(key: string): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writeSession(key: string, value: string | undefined): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Blocked: remembered for this load only, by whoever holds the value.
  }
}

/** Moves `?key=` from the address bar into this tab's session storage, so a projector never shows it. */
export function takeInstructorKey(): void {
  const url = new URL(location.href);
  const key = url.searchParams.get('key');
  if (key === null) return;
  writeSession(KEY_STORAGE, key);
  url.searchParams.delete('key');
  history.replaceState(history.state, '', url);
}

/** The instructor's key, sent in the handshake auth of every socket that drives the lab. */
export function instructorKey(): string | undefined {
  return readSession(KEY_STORAGE);
}

/** Adds the instructor's key to a handshake auth, when this tab has one. */
export function withInstructorKey<Auth extends object>(auth: Auth): Auth & { key?: string } {
  const key = instructorKey();
  return key === undefined ? auth : { ...auth, key };
}

/** Asks the server which page this device gets; a server that does not answer gets the solo page. */
export async function classroomView(): Promise<ClassroomView> {
  const key = instructorKey();
  try {
    const response = await fetch(CLASSROOM_ROUTE, { headers: key === undefined ? {} : { [INSTRUCTOR_KEY_HEADER]: key } });
    if (!response.ok) return 'solo';
    const answer = (await response.json()) as ClassroomInfo;
    if (answer.mode !== 'classroom') return 'solo';
    return answer.instructor ? 'instructor' : 'student';
  } catch {
    return 'solo';
  }
}
