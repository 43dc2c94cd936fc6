// The settle protocol: after an emit, every socket that runs the lab's code is asked, over its own
// connection, whether the emit arrived. A socket that stopped answering (an asleep phone, a closed
// tab whose socket lingers until its ping timeout) is waited for once, then reported as silent
// without holding up the next emits, until it answers again.
import type { Socket } from 'socket.io';
import type { SettleReport, SettleState, Unreported } from '../core/lab-contract.ts';
import { validateSettleReport } from '../core/validation.ts';

/** How long a socket that runs the lab's code has to answer a settle marker before it counts as silent. */
export const SETTLE_TIMEOUT_MS = 2000;

/** What the server learned from one socket: its report, or why it has none. */
export type Settled = SettleReport | Unreported;

type SettlingSocket = Socket<{}, { 'lab:settle': (marker: { emit: number }, report: (report: unknown) => void) => void }, {}, SettleState>;

/** Asks every socket whether emit `emit` arrived; resolves once each answering socket has, or timed out. */
export function settle(sockets: readonly Socket[], emit: number, timeoutMs = SETTLE_TIMEOUT_MS): Promise<Map<string, Settled>> {
  return new Promise((resolve) => {
    const settled = new Map<string, Settled>();
    let waiting = 0;
    const done = () => waiting === 0 && resolve(settled);
    for (const socket of sockets as unknown as SettlingSocket[]) {
      if (!socket.data.reportsDeliveries) {
        settled.set(socket.id, 'runs no lab code');
        continue;
      }
      const wasSilent = socket.data.silent === true;
      if (wasSilent) settled.set(socket.id, 'did not answer in time');
      else waiting++;
      socket.timeout(timeoutMs).emit('lab:settle', { emit }, (error: Error | null, answer: unknown) => {
        const report = error ? null : validateSettleReport(answer);
        // A silent socket that answers again is waited for from the next emit on.
        socket.data.silent = report === null;
        if (wasSilent) return;
        settled.set(socket.id, report ?? 'did not answer in time');
        waiting--;
        done();
      });
    }
    done();
  });
}

/**
 * At most `inFlight` emits settle at once, server-wide, and at most `queued` wait for their turn: every
 * page answers every emit's settle marker, so the pages' work is bounded however many students click.
 */
export class SettleQueue {
  readonly #inFlight: number;
  readonly #queued: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(inFlight: number, queued: number) {
    this.#inFlight = inFlight;
    this.#queued = queued;
  }

  /** Runs `task` in its turn; false, at once, when the queue is full. */
  async run(task: () => Promise<void>): Promise<boolean> {
    if (this.#running >= this.#inFlight) {
      if (this.#waiting.length >= this.#queued) return false;
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
    return true;
  }
}
