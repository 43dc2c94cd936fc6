// What a server process uses, read from /proc from outside so that measuring costs the server nothing:
// its resident memory (VmRSS) sampled every SAMPLE_INTERVAL_MS, and its CPU time over the phase.
import { readFileSync } from 'node:fs';

export const SAMPLE_INTERVAL_MS = 100;
// /proc counts CPU time in USER_HZ ticks, 100 a second on every Linux the bench runs on.
const TICKS_PER_SECOND = 100;

export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line: the flood benchmark reads memory the Linux way.`);
  return Number(match[1]) * 1024;
}

/** User and system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export interface ServerUsage {
  /** The typical memory level during the phase. */
  medianBytes: number;
  peakBytes: number;
  /** CPU time over wall time: 100 is one core busy all the time. */
  cpuPercent: number;
}

/** Samples one process between start() and stop(). */
export class UsageSampler {
  readonly #pid: number;
  #samples: number[] = [];
  #timer: NodeJS.Timeout | undefined;
  #failure: unknown;
  #startedAt = 0;
  #cpuAtStart = 0;

  constructor(pid: number) {
    this.#pid = pid;
  }

  start(): void {
    this.#samples = [];
    this.#failure = undefined;
    this.#startedAt = performance.now();
    this.#cpuAtStart = cpuSeconds(this.#pid);
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), SAMPLE_INTERVAL_MS);
  }

  stop(): ServerUsage {
    clearInterval(this.#timer);
    this.#sample();
    if (this.#failure !== undefined) throw this.#failure;
    const wallSeconds = (performance.now() - this.#startedAt) / 1000;
    const cpuPercent = ((cpuSeconds(this.#pid) - this.#cpuAtStart) / wallSeconds) * 100;
    const sorted = [...this.#samples].sort((a, b) => a - b);
    return { medianBytes: sorted[Math.floor(sorted.length / 2)] ?? 0, peakBytes: sorted.at(-1) ?? 0, cpuPercent };
  }

  // A server that died mid-phase fails the phase at stop(), not the bench's event loop in a timer.
  #sample(): void {
    try {
      this.#samples.push(residentBytes(this.#pid));
    } catch (error) {
      this.#failure ??= error;
    }
  }
}
