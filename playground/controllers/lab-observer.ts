import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import { LAB_NAMESPACE, type EmitResult, type EmitStarted, type LabObserverEvents, type RoomsSnapshot } from '../../core/lab-contract.ts';
import { withInstructorKey } from '../classroom.ts';

export interface LabObserverListeners {
  started(started: EmitStarted): void;
  result(result: EmitResult): void;
}

/**
 * The page's window on the server's lab: the /lab namespace, which only observes. It is told every
 * socket's rooms (clients outside this page included) and every emit's start and result.
 */
export class LabObserver implements ReactiveController {
  /** Every socket of / and /other with its rooms, as the server last reported them. */
  snapshot: RoomsSnapshot = { sockets: [] };
  connected = false;

  readonly #host: ReactiveControllerHost;
  readonly #socket: Socket<LabObserverEvents, {}>;
  readonly #waiting = new Set<() => void>();

  constructor(host: ReactiveControllerHost, listeners: LabObserverListeners) {
    this.#host = host;
    this.#socket = io(LAB_NAMESPACE, { forceNew: true, autoConnect: false, auth: (send) => send(withInstructorKey({})) });
    host.addController(this);
    this.#socket.on('connect', () => this.#changed(() => (this.connected = true)));
    this.#socket.on('disconnect', () => this.#changed(() => (this.connected = false)));
    this.#socket.on('lab:rooms', (snapshot) => this.#changed(() => (this.snapshot = snapshot)));
    this.#socket.on('lab:started', (started) => listeners.started(started));
    this.#socket.on('lab:result', (result) => listeners.result(result));
  }

  hostConnected(): void {
    this.#socket.connect();
  }

  hostDisconnected(): void {
    this.#socket.disconnect();
  }

  /** Resolves true once a snapshot satisfies `holds` (at once if the current one does), false after `ms`. */
  until(holds: (snapshot: RoomsSnapshot) => boolean, ms: number): Promise<boolean> {
    if (holds(this.snapshot)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!holds(this.snapshot)) return;
        finish(true);
      };
      const finish = (held: boolean) => {
        clearTimeout(giveUp);
        this.#waiting.delete(check);
        resolve(held);
      };
      const giveUp = setTimeout(() => finish(false), ms);
      this.#waiting.add(check);
    });
  }

  #changed(change: () => void): void {
    change();
    for (const check of [...this.#waiting]) check();
    this.#host.requestUpdate();
  }
}
