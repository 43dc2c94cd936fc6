import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import { LIFECYCLE_NAMESPACE, reduceLifecycle, type CleanupReport, type LifecycleObserverEvents, type LifecycleState } from '../../core/lifecycle.ts';

/** Enough for the sockets a class disconnects in one lesson. */
const REPORTS_KEPT = 100;

/** Listens on /lifecycle for the server's account of each disconnect: the rooms a socket left, what its room was told. */
export class CleanupObserver implements ReactiveController {
  reports: readonly CleanupReport[] = [];

  readonly #host: ReactiveControllerHost;
  #socket: Socket<LifecycleObserverEvents> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const socket: Socket<LifecycleObserverEvents> = io(LIFECYCLE_NAMESPACE, { forceNew: true });
    socket.on('lifecycle:cleanup', (report) => {
      this.reports = [...this.reports, report].slice(-REPORTS_KEPT);
      this.#host.requestUpdate();
    });
    this.#socket = socket;
  }

  hostDisconnected(): void {
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  /** The lifecycle with the server's reports about its sockets folded in. */
  withCleanup(lifecycle: LifecycleState): LifecycleState {
    return this.reports.reduce(
      (state, report) => reduceLifecycle(state, { kind: 'server-cleanup', report, seq: 0, at: report.at }),
      lifecycle,
    );
  }
}
