import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Manager, Socket } from 'socket.io-client';
import type { ConnectionEvent, LifecycleState, TraceEntry } from '../../core/lifecycle.ts';
import type { Direction } from '../../core/wire.ts';
import type { MessagesRenderedDetail } from '../elements/chat-message-list.ts';
import type { EnginePacket, Happening } from './trace-fold.ts';

/** The wire keeps this many entries per client: enough for a lesson, bounded for a long class. */
export const TRACE_LIMIT = 500;

type Engine = Manager['engine'];
type EngineTransport = { readonly name: string; once(event: 'open' | 'packet', listener: (packet?: EnginePacket) => void): unknown };

/**
 * Decoding frames and folding the lifecycle (trace-fold.ts) is not needed to draw the cards: it comes in its own
 * chunk after the first load. Until it has, a trace keeps what happened, in order, and folds it all as it arrives;
 * from then on, each event as it comes.
 */
type Folding = typeof import('./trace-fold.ts');
let folding: Folding | undefined;
let loadingFolding: Promise<Folding> | undefined;
const loadFolding = (): Promise<Folding> => (loadingFolding ??= import('./trace-fold.ts').then((module) => (folding = module)));

/** The page's clock for the trace: wall-clock milliseconds, with sub-millisecond steps that never go backwards. */
const traceNow = (): number => performance.timeOrigin + performance.now();

/** When index.html finished arriving, from the navigation timing of the page. */
function pageLoadedAt(): number {
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return performance.timeOrigin + (navigation?.responseEnd ?? 0);
}

export interface TraceSnapshot {
  entries: readonly TraceEntry[];
  lifecycle: LifecycleState;
}

/**
 * Records what one socket really did, frame by frame, on its host: every Engine.IO packet it sent and
 * received (with the transport it crossed), its disconnects and reconnections, and the bubbles its
 * message list drew. The lifecycle is folded from the same events, so that it survives the bounded list.
 */
export class ConnectionTrace implements ReactiveController {
  entries: readonly TraceEntry[] = [];
  /** core/lifecycle.ts initialLifecycle() until the first fold: that module comes after the first load. */
  lifecycle: LifecycleState = { round: 1, done: {}, handshake: [] };

  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #socket: Socket;
  readonly #onRecord: (trace: ConnectionTrace) => void;
  #seq = 0;
  #opened = 0;
  #reconnectAttempt: number | undefined;
  readonly #detach: (() => void)[] = [];
  /** What happened before the folding code arrived. */
  #pending: Happening[] | undefined;

  constructor(host: ReactiveControllerHost & EventTarget, socket: Socket, onRecord: (trace: ConnectionTrace) => void = () => {}) {
    this.#host = host;
    this.#socket = socket;
    this.#onRecord = onRecord;
    this.#record({ kind: 'page-loaded' }, pageLoadedAt());
    this.#tapManager(socket.io);
    host.addController(this);
  }

  get snapshot(): TraceSnapshot {
    return { entries: this.entries, lifecycle: this.lifecycle };
  }

  hostConnected(): void {
    const onRendered = (event: Event) => {
      const { messageIds } = (event as CustomEvent<MessagesRenderedDetail>).detail;
      this.#record({ kind: 'rendered', messageIds });
    };
    this.#host.addEventListener('messages-rendered', onRendered);
    this.#detach.push(() => this.#host.removeEventListener('messages-rendered', onRendered));
  }

  hostDisconnected(): void {
    for (const detach of this.#detach.splice(0)) detach();
  }

  /** For a trace that ends before its host does (a replay started again): stop listening to the host. */
  dispose(): void {
    this.hostDisconnected();
    this.#host.removeController(this);
  }

  #record(event: ConnectionEvent, at = traceNow()): void {
    this.#happen({ at, event });
  }

  #recordFrame(direction: Direction, transport: string, packet: EnginePacket): void {
    this.#happen({ at: traceNow(), frame: { direction, transport, packet } });
  }

  #happen(happening: Happening): void {
    // Behind what waits, even once the code has come (socket.io-client dispatches some events in microtasks).
    if (this.#pending) return void this.#pending.push(happening);
    if (folding) return this.#fold(folding, [happening]);
    this.#pending = [happening];
    void loadFolding().then((loaded) => {
      const pending = this.#pending ?? [];
      this.#pending = undefined;
      this.#fold(loaded, pending);
    });
  }

  #fold({ foldTrace }: Folding, happenings: readonly Happening[]): void {
    ({ entries: this.entries, seq: this.#seq, lifecycle: this.lifecycle } = foldTrace(
      { entries: this.entries, seq: this.#seq, lifecycle: this.lifecycle },
      happenings,
      TRACE_LIMIT,
    ));
    this.#onRecord(this);
    this.#host.requestUpdate();
  }

  /** Engine.IO starts a new engine for each connection and reconnection, and says nothing until its first packet: catch it as it is made. */
  #tapManager(manager: Manager): void {
    const open = manager.open.bind(manager);
    manager.open = (callback) => {
      const before = manager.engine;
      const result = open(callback);
      if (manager.engine !== before) {
        const attempt = this.#reconnectAttempt;
        this.#reconnectAttempt = undefined;
        this.#happen({ at: traceNow(), opening: attempt === undefined ? { before: this.#opened } : { before: this.#opened, attempt } });
        this.#opened++;
        this.#tapEngine(manager.engine);
      }
      return result;
    };
    manager.on('reconnect_attempt', (attempt) => {
      this.#reconnectAttempt = attempt;
      this.#record({ kind: 'reconnect-attempt', attempt });
    });
    manager.on('reconnect_error', (error) => this.#record({ kind: 'reconnect-error', error: error.message }));
    manager.on('reconnect', (attempt) => this.#record({ kind: 'reconnected', attempt }));
    this.#socket.on('disconnect', (reason) => this.#record({ kind: 'disconnected', reason, willReconnect: this.#socket.active }));
  }

  #tapEngine(engine: Engine): void {
    engine.on('packet', (packet) => this.#recordFrame('received', engine.transport.name, packet));
    engine.on('packetCreate', (packet) => this.#recordFrame('sent', engine.transport.name, packet));
    // The upgrade packet goes straight to the new transport, not through packetCreate.
    engine.on('upgrade', (transport) => this.#recordFrame('sent', transport.name, { type: 'upgrade' }));
    engine.on('close', (reason, description) => {
      const detail = description instanceof Error ? description.message : description?.description;
      this.#record(detail === undefined ? { kind: 'transport-closed', reason } : { kind: 'transport-closed', reason, description: String(detail) });
    });
    // The probe's ping and pong cross the new transport before the engine switches to it, out of sight of its events.
    const probing = engine as unknown as { createTransport(name: string): EngineTransport };
    const createTransport = probing.createTransport.bind(engine);
    probing.createTransport = (name) => {
      const transport = createTransport(name);
      transport.once('open', () => this.#recordFrame('sent', transport.name, { type: 'ping', data: 'probe' }));
      transport.once('packet', (packet) => packet && this.#recordFrame('received', transport.name, packet));
      return transport;
    };
  }
}
