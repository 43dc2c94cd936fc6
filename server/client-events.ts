// The one way in for client events, on every namespace: like Express's error middleware, one function
// takes every event a client sends, limits its rate, runs the lesson's handler, catches a throw or a
// rejection, answers the sender, and logs once. Handlers hold only the lesson's logic.
import type { Namespace, Socket } from 'socket.io';
import type { Reply } from '../core/chat-contract.ts';
import { ADDRESS_RATE_FACTOR, EVENT_RATE_LIMITS, FLOOD_REFUSALS_MAX, type RateLimit } from '../core/limits.ts';
import { TokenBucket, tooFast } from '../core/rate-limit.ts';

/** What every request is answered with: `{ ok: true, … }` or `{ ok: false, error }`. */
export type Answer = Reply<object>;

/** One client event's logic: validate the payload (never trusting it), act, return the answer. */
export type ClientEventHandler<S extends Socket> = (socket: S, payload: unknown) => Answer | Promise<Answer>;

/** The event a failed request is answered with when the sender gave no acknowledgement. */
export const ERROR_EVENT = 'chat-error';

export type RateLimits = Readonly<Record<string, RateLimit>>;

/** Enough of an event's name to show it back without echoing a flood. */
const EVENT_NAME_SHOWN = 40;

/** socket.io hands over the client's acknowledgement as the last argument: `emit('typing', ack)` has no payload at all. */
export function splitRequest(args: unknown[]): { payload: unknown; ack: unknown } {
  const last = args.at(-1);
  if (typeof last !== 'function') return { payload: args[0], ack: undefined };
  return { payload: args.length > 1 ? args[0] : undefined, ack: last };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : typeof error;
}

/** Runs a server-side task (a disconnect's cleanup, say) whose failure must be logged, never crash the server. */
export function contained(where: string, task: () => unknown): void {
  try {
    Promise.resolve(task()).catch((error: unknown) => console.error(`emit playground: ${where} failed: ${describeError(error)}`));
  } catch (error) {
    console.error(`emit playground: ${where} failed: ${describeError(error)}`);
  }
}

/** The client events of one namespace. Events it was not told about are answered as unknown. */
export class ClientEvents<S extends Socket = Socket> {
  readonly #namespace: Namespace;
  readonly #handlers = new Map<string, ClientEventHandler<S>>();
  readonly #rateLimits: RateLimits;
  /** One address's sockets share a bucket per event too, ADDRESS_RATE_FACTOR times a socket's: many sockets are no way round a limit. */
  readonly #addresses = new Map<string, { sockets: number; buckets: Map<string, TokenBucket> }>();

  constructor(namespace: Namespace, rateLimits: RateLimits = EVENT_RATE_LIMITS) {
    this.#namespace = namespace;
    this.#rateLimits = rateLimits;
    namespace.on('connection', (socket) => this.#guard(socket as S));
  }

  on(event: string, handler: ClientEventHandler<S>): this {
    this.#handlers.set(event, handler);
    return this;
  }

  #guard(socket: S): void {
    const buckets = new Map<string, TokenBucket>();
    const address = socket.handshake.address;
    const shared = this.#addresses.get(address) ?? { sockets: 0, buckets: new Map<string, TokenBucket>() };
    this.#addresses.set(address, shared);
    shared.sockets++;
    socket.on('disconnect', () => {
      if (--shared.sockets === 0) this.#addresses.delete(address);
    });
    // Refusals since this socket's last accepted event: a student clicking never piles them up, a script does.
    let refusedInARow = 0;
    const allowed = (bucketName: string, limit: RateLimit, now: number) => {
      let own = buckets.get(bucketName);
      if (!own) buckets.set(bucketName, (own = new TokenBucket(limit, now)));
      let ours = shared.buckets.get(bucketName);
      if (!ours) {
        const addressLimit = { burst: limit.burst * ADDRESS_RATE_FACTOR, perSecond: limit.perSecond * ADDRESS_RATE_FACTOR };
        shared.buckets.set(bucketName, (ours = new TokenBucket(addressLimit, now)));
      }
      return own.take(now) && ours.take(now);
    };
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const name = typeof event === 'string' || typeof event === 'number' ? String(event).slice(0, EVENT_NAME_SHOWN) : '(no name)';
      const { payload, ack } = splitRequest(args);
      let answered = false;
      const answer = (reply: Answer) => {
        if (answered) return;
        answered = true;
        if (typeof ack === 'function') ack(reply);
        else if (!reply.ok) socket.emit(ERROR_EVENT, { event: name, error: reply.error });
      };
      const handler = typeof event === 'string' ? this.#handlers.get(event) : undefined;
      const bucketName = handler ? (event as string) : 'unknown';
      const limit = this.#rateLimits[bucketName] ?? this.#rateLimits.unknown ?? EVENT_RATE_LIMITS.unknown;
      if (!allowed(bucketName, limit, Date.now())) {
        refusedInARow++;
        if (refusedInARow > FLOOD_REFUSALS_MAX) return this.#cutOff(socket, refusedInARow);
        // An ack is answered every time; without one, "slow down" is said once, not once per flooded packet.
        if (typeof ack === 'function' || refusedInARow === 1) answer({ ok: false, error: tooFast(name, limit) });
        return;
      }
      refusedInARow = 0;
      if (!handler) return answer({ ok: false, error: this.#unknown(name) });

      const fail = (error: unknown) => {
        console.error(`emit playground: "${name}" on ${this.#namespace.name} from ${socket.id} failed: ${describeError(error)}`);
        answer({ ok: false, error: `The server could not handle this "${name}" request. It has been logged; try again.` });
      };
      try {
        const reply = handler(socket, payload);
        if (reply instanceof Promise) reply.then(answer, fail);
        else answer(reply);
      } catch (error) {
        fail(error);
      }
    });
  }

  /** Ends a flooding socket's whole connection: the rest of its flood is never even decoded. */
  #cutOff(socket: S, refused: number): void {
    if (!socket.connected) return;
    console.warn(`emit playground: disconnected ${socket.id} (${socket.handshake.address}): ${refused} events over its limits in a row.`);
    socket.emit(ERROR_EVENT, { event: '(flood)', error: `Disconnected: this socket sent ${refused} events over its limits in a row.` });
    socket.disconnect(true);
  }

  #unknown(name: string): string {
    const known = [...this.#handlers.keys()];
    const where = `The ${this.#namespace.name} namespace`;
    if (known.length === 0) return `${where} only listens: it takes no "${name}" event, nor any other.`;
    return `${where} has no "${name}" event. It takes: ${known.join(', ')}.`;
  }
}
