import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { IDLE_CONNECTIONS_PATH, type IdleConnectionsFigure, type StatsError } from '../../core/stats-contract.ts';

export type Measurement =
  | { state: 'not measured' }
  | { state: 'measuring'; connections: number }
  | { state: 'measured'; figure: IdleConnectionsFigure }
  | { state: 'failed'; error: string };

/** Asks this page's own server to open idle connections to itself and to measure what they cost it. */
export class IdleMeasurement implements ReactiveController {
  measurement: Measurement = { state: 'not measured' };

  readonly #host: ReactiveControllerHost;
  #request: AbortController | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The lesson was left: nobody is there to read the answer (the server finishes its measurement anyway). */
  hostDisconnected(): void {
    this.#request?.abort();
  }

  async measure(connections: number): Promise<void> {
    if (this.measurement.state === 'measuring') return;
    this.#show({ state: 'measuring', connections });
    const request = new AbortController();
    this.#request = request;
    try {
      const response = await fetch(`${IDLE_CONNECTIONS_PATH}?count=${connections}`, { method: 'POST', signal: request.signal });
      const body = (await response.json().catch(() => ({}))) as Partial<IdleConnectionsFigure & StatsError>;
      if (response.ok && typeof body.bytesPerConnection === 'number') this.#show({ state: 'measured', figure: body as IdleConnectionsFigure });
      else this.#show({ state: 'failed', error: body.error ?? `The server answered ${response.status} ${response.statusText} without a figure.` });
    } catch (error) {
      if (request.signal.aborted) return this.#show({ state: 'not measured' });
      this.#show({ state: 'failed', error: `The server could not be reached (${(error as Error).message}): is it still running?` });
    }
  }

  #show(measurement: Measurement): void {
    this.measurement = measurement;
    this.#host.requestUpdate();
  }
}
