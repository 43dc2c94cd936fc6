// A broadcast from outside any connection handler, as a real app sends one from a REST route: there is
// no `socket` here, so no sender to leave out; io.to(room) reaches every socket in the room.
import { Router } from 'express';
import type { Reply } from '../core/chat-contract.ts';
import { LAB_BROADCAST_ROUTE, LAB_EVENT, ROUTE_VARIANT } from '../core/emit-rules.ts';
import { instructorOnlyError } from '../core/classroom.ts';
import type { EmitResult } from '../core/lab-contract.ts';
import { EVENT_RATE_LIMITS } from '../core/limits.ts';
import { TokenBucket, tooFast } from '../core/rate-limit.ts';
import { validateRoom } from '../core/validation.ts';
import type { ChatServer } from './chat.ts';
import { Classroom } from './classroom.ts';
import type { Lab } from './lab.ts';

/** `POST /api/lab/broadcast?room=general`: one at a time, server-wide, answered with the settled EmitResult. */
export function labRouter(io: ChatServer, lab: Lab, classroom = new Classroom()): Router {
  const router = Router();
  let broadcasting = false;
  // Limited like lab:perform, per address: a script looping on the route is refused as a socket would be.
  const limit = EVENT_RATE_LIMITS['lab:perform'];
  const buckets = new Map<string, TokenBucket>();
  router.post(LAB_BROADCAST_ROUTE, async (request, response) => {
    const answer = (status: number, reply: Reply<{ result: EmitResult }>) => response.status(status).json(reply);
    const address = request.socket.remoteAddress ?? '';
    const bucket = buckets.get(address) ?? new TokenBucket(limit, Date.now());
    buckets.set(address, bucket);
    if (!bucket.take(Date.now())) return answer(429, { ok: false, error: tooFast(`POST ${LAB_BROADCAST_ROUTE}`, limit) });
    if (!classroom.isInstructorRequest(request)) return answer(403, { ok: false, error: instructorOnlyError(`POST ${LAB_BROADCAST_ROUTE}`) });
    const room = validateRoom(request.query.room ?? '');
    if (!room.ok) return answer(400, room);
    // Every page answers every emit's settle markers: one broadcast from this route settles at a time.
    if (broadcasting) return answer(429, { ok: false, error: 'A broadcast from this route is still settling: wait for its result, then try again.' });
    broadcasting = true;
    try {
      const result = await lab.run(undefined, { variant: ROUTE_VARIANT, room: room.value }, (payload) => {
        io.to(room.value).emit(LAB_EVENT, payload);
      });
      if (!result) return answer(503, { ok: false, error: 'The lab is busy with other emits right now: try again in a moment.' });
      return answer(200, { ok: true, result });
    } finally {
      broadcasting = false;
    }
  });
  return router;
}
