import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { SocketView } from '../../core/emit-rules.ts';
import {
  LAB_NAMESPACE,
  type EmitResult,
  type EmitStarted,
  type LabObserverAuth,
  type LabObserverEvents,
  type RoomsChanged,
  type RoomsSnapshot,
} from '../../core/lab-contract.ts';
import { withInstructorKey } from '../classroom.ts';

export interface LabObserverListeners {
  started(started: EmitStarted): void;
  result(result: EmitResult): void;
}

export interface LabObserverOptions {
  /** False for a page that draws no rooms view (a student's phone): the server then sends it none. */
  rooms?: boolean;
}

/**
 * The page's window on the server's lab: the /lab namespace, which only observes. It is told every
 * socket's rooms (clients outside this page included) once, then what changes, and every emit's start and result.
 */
export class LabObserver implements ReactiveController {
  /** Every socket of / and /other with its rooms, as the server last reported them. */
  snapshot: RoomsSnapshot = { sockets: [] };
  connected = false;

  readonly #host: ReactiveControllerHost;
  readonly #socket: Socket<LabObserverEvents, {}>;
  readonly #waiting = new Set<() => void>();
  /** The sockets by id, which the changes update. */
  #views = new Map<string, SocketView>();
  /** Each server's number of its last change applied, to notice one that never came. */
  readonly #seqs = new Map<string, number>();
  /** Changes that came before this connection's snapshot: they may be newer than it, so they are applied after it. */
  #early: RoomsChanged[] | undefined;

  constructor(host: ReactiveControllerHost, listeners: LabObserverListeners, { rooms = true }: LabObserverOptions = {}) {
    this.#host = host;
    const auth: LabObserverAuth = rooms ? {} : { rooms: false };
    this.#socket = io(LAB_NAMESPACE, { forceNew: true, autoConnect: false, auth: (send) => send(withInstructorKey(auth)) });
    host.addController(this);
    this.#socket.on('connect', () =>
      this.#changed(() => {
        this.connected = true;
        this.#early = [];
      }),
    );
    this.#socket.on('disconnect', () => this.#changed(() => (this.connected = false)));
    this.#socket.on('lab:rooms', (snapshot) => this.#changed(() => this.#takeSnapshot(snapshot)));
    this.#socket.on('lab:rooms-changed', (change) => {
      if (this.#early) this.#early.push(change);
      else this.#changed(() => this.#apply(change));
    });
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

  #takeSnapshot(snapshot: RoomsSnapshot): void {
    this.#views = new Map(snapshot.sockets.map((view) => [view.id, view]));
    this.#seqs.clear();
    const early = this.#early ?? [];
    this.#early = undefined;
    for (const change of early) this.#apply(change);
    this.snapshot = { sockets: [...this.#views.values()] };
  }

  #apply(change: RoomsChanged): void {
    const last = this.#seqs.get(change.server);
    if (last !== undefined && change.seq !== last + 1) {
      // A change went missing: connecting again brings a whole snapshot.
      this.#socket.disconnect().connect();
      return;
    }
    this.#seqs.set(change.server, change.seq);
    for (const id of change.gone) this.#views.delete(id);
    for (const view of change.sockets) this.#views.set(view.id, view);
    this.snapshot = { sockets: [...this.#views.values()] };
  }

  #changed(change: () => void): void {
    change();
    for (const check of [...this.#waiting]) check();
    this.#host.requestUpdate();
  }
}
