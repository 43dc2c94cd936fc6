// A token bucket: what lets a student click as fast as a student clicks, and refuses a script's flood.
import type { RateLimit } from './limits.ts';

export class TokenBucket {
  readonly #limit: RateLimit;
  #tokens: number;
  #updatedAt: number;

  constructor(limit: RateLimit, now: number) {
    this.#limit = limit;
    this.#tokens = limit.burst;
    this.#updatedAt = now;
  }

  /** Takes one token if there is one; `now` in milliseconds. */
  take(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + elapsedSeconds * this.#limit.perSecond);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** What a refused sender reads. */
export function tooFast(event: string, limit: RateLimit): string {
  return `Slow down: "${event}" was sent faster than ${limit.perSecond} times a second. Wait a moment and try again.`;
}
