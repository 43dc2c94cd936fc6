// Limits the lesson and the validation messages both mention; change them here only.
export const NAME_MAX_LENGTH = 24;
export const ROOM_MAX_LENGTH = 32;
export const TEXT_MAX_LENGTH = 2000;
export const ROOM_PATTERN = /^[a-z0-9_-]+$/;

// What one client may ask of the server: a classroom never reaches these, a flooding script always does.

/**
 * The largest packet a client may send (socket.io's `maxHttpBufferSize`): the largest legal event is a
 * send-message of TEXT_MAX_LENGTH characters, each at most 12 bytes of JSON (an escaped surrogate pair).
 */
export const MAX_PACKET_BYTES = 64 * 1024;

/** A token bucket: `burst` events at once, then `perSecond` more each second. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

/** Per socket and per event; any event the server does not know shares the `unknown` bucket. */
export const EVENT_RATE_LIMITS = {
  'join-room': { burst: 10, perSecond: 2 },
  'send-message': { burst: 10, perSecond: 5 },
  typing: { burst: 20, perSecond: 10 },
  'lab:perform': { burst: 20, perSecond: 5 },
  'lab:join': { burst: 20, perSecond: 5 },
  'lab:leave': { burst: 20, perSecond: 5 },
  'lab:predict': { burst: 10, perSecond: 2 },
  'lab:arm': { burst: 20, perSecond: 5 },
  // The instructor's class controls: a click each, and the Class panel's list refreshed as the class moves.
  'class:roster': { burst: 20, perSecond: 5 },
  'class:move': { burst: 10, perSecond: 2 },
  'class:split': { burst: 5, perSecond: 1 },
  'class:reset': { burst: 5, perSecond: 1 },
  'class:students-may-emit': { burst: 10, perSecond: 2 },
  unknown: { burst: 10, perSecond: 2 },
} as const satisfies Record<string, RateLimit>;

/** While the instructor lets students emit, each student's own lab:perform: a few at once, then one every 5 seconds. */
export const STUDENT_EMIT_RATE_LIMIT: RateLimit = { burst: 3, perSecond: 0.2 };

/** The sockets of one address share a bucket per event this many times a socket's (a projected page has several cards). */
export const ADDRESS_RATE_FACTOR = 8;

/** A socket refused this many events in a row (over its rate limits) is disconnected: only a script gets there. */
export const FLOOD_REFUSALS_MAX = 100;

/** Rooms one socket may be in besides its own (its chat room and the lab's extra rooms). */
export const ROOMS_PER_SOCKET_MAX = 16;

/** Engine.IO connections from one address at once: a projected page uses about a dozen. */
export const CONNECTIONS_PER_ADDRESS_MAX = 128;

/** Emits the lab settles at once, server-wide, and how many more wait their turn before one is refused. */
export const LAB_EMITS_IN_FLIGHT_MAX = 4;
export const LAB_EMITS_QUEUED_MAX = 64;
