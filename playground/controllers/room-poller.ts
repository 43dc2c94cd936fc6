import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { messagesPath, seenAt, type PollReply, type SeenMessage } from '../../core/polling.ts';
import { byteLength } from '../../core/wire.ts';

/** The polling side of the demo: asks the server for a room's new messages every few seconds, and counts the cost. */
export class RoomPoller implements ReactiveController {
  running = false;
  /** Polls the server answered, and the bytes of their bodies: the figures the server's own log must match. */
  requests = 0;
  bytes = 0;
  /** Polls that brought nothing new. */
  emptyPolls = 0;
  seen: readonly SeenMessage[] = [];
  error: string | undefined;

  readonly #host: ReactiveControllerHost;
  #room = '';
  #intervalMs = 0;
  #serverTime: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight = false;
  /** Bumped by each start: an answer to an older run's poll is not counted in the new run. */
  #run = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Starts from zero; resolves once the first poll (the room's history) is answered. */
  async start(room: string, intervalMs: number): Promise<void> {
    this.stop();
    this.#run++;
    this.#inFlight = false;
    this.running = true;
    this.requests = 0;
    this.bytes = 0;
    this.emptyPolls = 0;
    this.seen = [];
    this.error = undefined;
    this.#room = room;
    this.#serverTime = undefined;
    this.#intervalMs = intervalMs;
    await this.#poll();
    this.#schedule();
  }

  stop(): void {
    this.running = false;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#host.requestUpdate();
  }

  setInterval(intervalMs: number): void {
    this.#intervalMs = intervalMs;
    this.#schedule();
  }

  hostDisconnected(): void {
    this.stop();
  }

  #schedule(): void {
    clearInterval(this.#timer);
    if (this.running) this.#timer = setInterval(() => void this.#poll(), this.#intervalMs);
  }

  async #poll(): Promise<void> {
    // A poll slower than the interval is not doubled by the next one.
    if (this.#inFlight) return;
    this.#inFlight = true;
    const run = this.#run;
    const history = this.#serverTime === undefined;
    try {
      const response = await fetch(messagesPath(this.#room, this.#serverTime), { cache: 'no-store' });
      const body = await response.text();
      const receivedAt = Date.now();
      // Stopped meanwhile, the answer still counts: the server served it. Started again, it belongs to the old run.
      if (run !== this.#run) return;
      this.requests++;
      this.bytes += byteLength(body);
      const reply = JSON.parse(body) as PollReply;
      if (!reply.ok) {
        this.error = reply.error;
        return;
      }
      this.error = undefined;
      this.#serverTime = reply.serverTime;
      const known = new Set(this.seen.map((entry) => entry.message.id));
      const fresh = reply.messages.filter((message) => !known.has(message.id));
      if (fresh.length === 0) this.emptyPolls++;
      this.seen = [...this.seen, ...fresh.map((message) => seenAt(message, receivedAt, history))];
    } catch (error) {
      if (run === this.#run) this.error = `The poll failed: ${(error as Error).message}. It is tried again at the next interval.`;
    } finally {
      if (run === this.#run) this.#inFlight = false;
      this.#host.requestUpdate();
    }
  }
}
