import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { STATS_PATH, type LiveStats } from '../../core/stats-contract.ts';

export type LiveStatsReading = { state: 'reading' } | { state: 'live'; stats: LiveStats } | { state: 'failed'; error: string };

/** How often the page asks its server for the live figures while a lesson shows them. */
export const LIVE_STATS_EVERY_MS = 2000;

/** Reads GET /api/stats every LIVE_STATS_EVERY_MS while its host is on the page, and stops when it leaves. */
export class LiveStatsReader implements ReactiveController {
  reading: LiveStatsReading = { state: 'reading' };

  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setInterval> | undefined;
  #request: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    void this.#read();
    this.#timer = setInterval(() => void this.#read(), LIVE_STATS_EVERY_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#request?.abort();
  }

  async #read(): Promise<void> {
    // A slow answer is not asked for twice: the next tick waits for this one.
    if (this.#request) return;
    const request = new AbortController();
    this.#request = request;
    try {
      const response = await fetch(STATS_PATH, { signal: request.signal });
      const body = (await response.json().catch(() => ({}))) as Partial<LiveStats> & { error?: string };
      if (response.ok && typeof body.connections === 'number' && body.eventLoopDelay) this.#show({ state: 'live', stats: body as LiveStats });
      else this.#show({ state: 'failed', error: body.error ?? `The server answered ${response.status} ${response.statusText} without figures.` });
    } catch (error) {
      if (!request.signal.aborted) this.#show({ state: 'failed', error: `The server could not be reached (${(error as Error).message}): is it still running?` });
    } finally {
      this.#request = undefined;
    }
  }

  #show(reading: LiveStatsReading): void {
    this.reading = reading;
    this.#host.requestUpdate();
  }
}
