import { Router } from 'express';
import { validatePoll, type PollReply, type RecentMessages } from '../core/polling.ts';

/** One poll the server answered. */
export interface ServedPoll {
  at: number;
  room: string;
  status: number;
  /** Bytes of the JSON body it sent (headers not included). */
  bytes: number;
  messages: number;
}

/** Enough to compare a demo's counters with; totals keep counting past it. */
const SERVED_KEPT = 1000;

/** What the server served to polling clients: the totals the page's counters must match, and the last requests. */
export class PollingLog {
  requests = 0;
  bytes = 0;
  readonly recent: ServedPoll[] = [];

  record(served: ServedPoll): void {
    this.requests++;
    this.bytes += served.bytes;
    this.recent.push(served);
    if (this.recent.length > SERVED_KEPT) this.recent.shift();
  }
}

/** `GET /api/rooms/:room/messages?since=<ms>`: the room's recent messages, for the polling demo. */
export function pollingRouter(recent: RecentMessages, log: PollingLog): Router {
  const router = Router();
  router.get('/api/rooms/:room/messages', (request, response) => {
    const query = validatePoll(request.params.room, request.query.since);
    const reply: PollReply = query.ok
      ? { ok: true, room: query.value.room, messages: recent.since(query.value.room, query.value.since), serverTime: Date.now() }
      : query;
    const status = reply.ok ? 200 : 400;
    const body = JSON.stringify(reply);
    const messages = reply.ok ? reply.messages.length : 0;
    log.record({ at: Date.now(), room: String(request.params.room), status, bytes: Buffer.byteLength(body), messages });
    // A poll must reach the server every time: no cache may answer it instead.
    response.status(status).set('Cache-Control', 'no-store').type('application/json').send(body);
  });
  return router;
}
