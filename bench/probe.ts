// "Another client" of the issue: sockets in the flooder's room that time a chat message's round trip.
import { EVENT_RATE_LIMITS } from '../core/limits.ts';
import { clientSocket, connected, loopbackAddress, type BenchSocket } from './client-sockets.ts';
import { noRoundTrips, type RoundTrips } from './round-trips.ts';

export const PROBE_ROOM = 'general';
export const PROBE_INTERVAL_MS = 20;
export const PROBE_TIMEOUT_MS = 5000;
/** How long the server may take to catch up after a flood before the next phase starts anyway. */
const CATCH_UP_TIMEOUT_MS = 30_000;

// The probe times send-message { text: 'ping' } up to its ack: the round trip a student feels (validate, stamp,
// broadcast to the room, answer). join-room would be limited to 2 a second and re-joining takes a shortcut, and a
// ping over the server's per-socket limit would time the cheap refusal instead: so the pings go round a pool of
// sockets, each at most 80% of send-message's per-socket limit, each from its own address (see client-sockets.ts),
// and one ping leaves every PROBE_INTERVAL_MS.
const pingsPerSocketPerSecond = EVENT_RATE_LIMITS['send-message'].perSecond * 0.8;
export const PROBE_SOCKETS = Math.ceil(1000 / PROBE_INTERVAL_MS / pingsPerSocketPerSecond);

export class RoundTripProbe {
  readonly #sockets: BenchSocket[];
  #timer: NodeJS.Timeout | undefined;
  #turn = 0;
  #trips = noRoundTrips();
  #inFlight = new Set<Promise<void>>();

  private constructor(sockets: BenchSocket[]) {
    this.#sockets = sockets;
  }

  /** PROBE_SOCKETS sockets, each joined to PROBE_ROOM. */
  static async open(url: string): Promise<RoundTripProbe> {
    const sockets = Array.from({ length: PROBE_SOCKETS }, (_, index) => clientSocket(url, { name: `Probe ${index + 1}` }, loopbackAddress('probe', index)));
    const probe = new RoundTripProbe(sockets);
    try {
      await Promise.all(sockets.map((socket) => connected(socket)));
      for (const [index, socket] of sockets.entries()) {
        const reply = await socket.timeout(PROBE_TIMEOUT_MS).emitWithAck('join-room', { room: PROBE_ROOM, name: `Probe ${index + 1}` });
        if (!reply.ok) throw new Error(`Probe ${index + 1} could not join ${PROBE_ROOM}: ${reply.error}`);
      }
    } catch (error) {
      probe.close();
      throw error;
    }
    return probe;
  }

  start(): void {
    this.#trips = noRoundTrips();
    this.#timer = setInterval(() => {
      const socket = this.#sockets[this.#turn++ % this.#sockets.length]!;
      this.#ping(socket, this.#trips);
    }, PROBE_INTERVAL_MS);
  }

  /** Stops pinging and waits for the pings still out, answered or timed out. */
  async stop(): Promise<RoundTrips> {
    clearInterval(this.#timer);
    await Promise.all(this.#inFlight);
    return this.#trips;
  }

  /** One uncounted ping on every socket, answered: whatever the server still had queued for them has arrived. Resolves to the ms it took. */
  async catchUp(): Promise<number> {
    const startedAt = performance.now();
    await Promise.all(
      this.#sockets.map((socket) => socket.timeout(CATCH_UP_TIMEOUT_MS).emitWithAck('send-message', { text: 'caught up?' }).catch(() => undefined)),
    );
    return performance.now() - startedAt;
  }

  close(): void {
    for (const socket of this.#sockets) socket.disconnect();
  }

  #ping(socket: BenchSocket, trips: RoundTrips): void {
    trips.sent++;
    const sentAt = performance.now();
    const answered = new Promise<void>((resolve) => {
      socket.timeout(PROBE_TIMEOUT_MS).emit('send-message', { text: 'ping' }, (error, reply) => {
        if (error) trips.unanswered++;
        else {
          trips.answeredMs.push(performance.now() - sentAt);
          if (!reply.ok) {
            trips.refused++;
            trips.firstRefusal ??= reply.error;
          }
        }
        resolve();
      });
    });
    this.#inFlight.add(answered);
    void answered.then(() => this.#inFlight.delete(answered));
  }
}
