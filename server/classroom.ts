// Classroom mode on sockets and routes: who holds the instructor's key, what a student is refused,
// the unique names students get, and the predictions they send. The rules themselves are in core/classroom.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Namespace } from 'socket.io';
import {
  CLASSROOM_ROUTE,
  INSTRUCTOR_KEY_HEADER,
  instructorOnlyError,
  uniqueName,
  type ClassroomInfo,
  type InstructorOnlyAction,
} from '../core/classroom.ts';
import { MAIN_NAMESPACE, variant, type EmitRequest } from '../core/emit-rules.ts';
import { STUDENT_EMIT_RATE_LIMIT } from '../core/limits.ts';
import { TokenBucket } from '../core/rate-limit.ts';
import { isRecord } from '../core/validation.ts';
import type { ChatServer, ChatSocket } from './chat.ts';
import type { Answer, ClientEventHandler } from './client-events.ts';

export interface ClassroomOptions {
  /** Whoever connects with this key (handshake `auth.key`, or the X-Instructor-Key header) is the instructor. */
  instructorKey: string;
  /** The address students open (main.ts prints it); told to the instructor's page for its presenter mode. */
  studentsUrl?: string;
}

/** Solo mode (no options) keeps every socket free to do everything, with names as given. */
export class Classroom {
  readonly #keyDigest: Buffer | undefined;
  /** The instructor's "Students may emit" switch: while on, a student may perform the lesson's four emits from their own socket. */
  studentsMayEmit = false;
  /** Each student's own, stricter, rate for the emits they perform. */
  readonly #studentEmits = new WeakMap<ChatSocket, TokenBucket>();
  readonly #studentsUrl: string | undefined;

  /** `studentsUrl`: in solo mode too (HOST=0.0.0.0), where other devices open the page; classroom mode's own wins. */
  constructor(options?: ClassroomOptions, studentsUrl?: string) {
    if (options !== undefined && options.instructorKey.length === 0) throw new Error('Classroom mode needs a non-empty instructorKey.');
    this.#keyDigest = options === undefined ? undefined : digest(options.instructorKey);
    this.#studentsUrl = options?.studentsUrl ?? studentsUrl;
  }

  get on(): boolean {
    return this.#keyDigest !== undefined;
  }

  /** Whether `candidate` is the instructor's key; compared in constant time, so a wrong guess tells nothing. */
  isKey(candidate: unknown): boolean {
    if (this.#keyDigest === undefined || typeof candidate !== 'string') return false;
    return timingSafeEqual(digest(candidate), this.#keyDigest);
  }

  isInstructor(socket: ChatSocket): boolean {
    return !this.on || socket.data.instructor === true;
  }

  /** Marks, at the handshake, the sockets of `namespace` that came with the instructor's key. */
  admit(namespace: Namespace): void {
    if (!this.on) return;
    namespace.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      if (isRecord(auth) && this.isKey(auth.key)) socket.data.instructor = true;
      next();
    });
  }

  /** Wraps the handler of an event only the instructor may send: a student is answered with a sentence, and nothing happens. */
  instructorOnly(action: InstructorOnlyAction, handler: ClientEventHandler<ChatSocket>): ClientEventHandler<ChatSocket> {
    return (socket, payload): Answer | Promise<Answer> => (this.isInstructor(socket) ? handler(socket, payload) : { ok: false, error: instructorOnlyError(action) });
  }

  /** Why `socket` may not ask the lab for an emit at all, or undefined when it may (before its request is even read). */
  refusePerform(socket: ChatSocket): string | undefined {
    if (this.isInstructor(socket) || this.studentsMayEmit) return undefined;
    return instructorOnlyError('lab:perform');
  }

  /**
   * Why `socket` may not perform this valid `request`, or undefined when it may: the instructor performs from any
   * socket; a student, while students may emit, performs one of the four emits from their own socket, at their own rate.
   */
  refuseRequest(socket: ChatSocket, request: EmitRequest, now = Date.now()): string | undefined {
    if (this.isInstructor(socket)) return undefined;
    if (!this.studentsMayEmit) return instructorOnlyError('lab:perform');
    if (request.senderId !== undefined && request.senderId !== socket.id) return instructorOnlyError('lab:perform from another socket');
    if (!variant(request.variant).lesson) return 'Students may perform the four emits of the lesson only: socket.emit, io.emit, socket.to(room).emit and io.to(room).emit.';
    let bucket = this.#studentEmits.get(socket);
    if (!bucket) this.#studentEmits.set(socket, (bucket = new TokenBucket(STUDENT_EMIT_RATE_LIMIT, now)));
    if (!bucket.take(now)) return `Slow down: a student may perform an emit every ${1 / STUDENT_EMIT_RATE_LIMIT.perSecond} seconds. Wait a moment and try again.`;
    return undefined;
  }

  /** Whether an HTTP request carries the instructor's key (always true in solo mode). */
  isInstructorRequest(request: Request): boolean {
    return !this.on || this.isKey(request.get(INSTRUCTOR_KEY_HEADER));
  }

  /** The name `socket` of / goes by: in classroom mode a student's is made unique among the other sockets of / ("Zed 2"). */
  nameFor(io: ChatServer, socket: ChatSocket, wanted: string): string {
    if (!this.on || socket.data.instructor === true || socket.nsp.name !== MAIN_NAMESPACE) return wanted;
    const taken = new Set<string>();
    for (const other of io.of(MAIN_NAMESPACE).sockets.values()) {
      if (other.id !== socket.id && other.data.name !== undefined) taken.add(other.data.name);
    }
    return uniqueName(wanted, taken);
  }

  /**
   * `GET /api/classroom`: the mode, and whether the request's X-Instructor-Key is the instructor's. The key is never
   * echoed. The pages that drive the lab (the instructor's; in solo mode, every page) also get the students' URL when
   * the server was given it: presenter mode shows it.
   */
  router(): Router {
    const router = Router();
    router.get(CLASSROOM_ROUTE, (request, response) => {
      const info: ClassroomInfo = this.on ? { mode: 'classroom', instructor: this.isKey(request.get(INSTRUCTOR_KEY_HEADER)) } : { mode: 'solo' };
      const studentsUrl = this.#studentsUrl;
      const drivesTheLab = info.mode === 'solo' || info.instructor;
      response.json(drivesTheLab && studentsUrl !== undefined ? { ...info, studentsUrl } : info);
    });
    return router;
  }
}

// Digests have one length whatever the key's, as timingSafeEqual needs, and comparing them leaks no length.
const digest = (key: string): Buffer => createHash('sha256').update(key).digest();
