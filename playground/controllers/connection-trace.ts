import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Manager, Socket } from 'socket.io-client';
import {
  initialLifecycle,
  reduceLifecycle,
  type ConnectionEvent,
  type LifecycleState,
  type TraceEntry,
} from '../../core/lifecycle.ts';
import { byteLength, decodeFrame, encodeEnginePacket, type Direction, type EnginePacketType, type Transport } from '../../core/wire.ts';
import type { MessagesRenderedDetail } from '../elements/chat-message-list.ts';

/** The wire keeps this many entries per client: enough for a lesson, bounded for a long class. */
export const TRACE_LIMIT = 500;

type Engine = Manager['engine'];
type EnginePacket = { type: string; data?: unknown };
type EngineTransport = { readonly name: string; once(event: 'open' | 'packet', listener: (packet?: EnginePacket) => void): unknown };

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
  lifecycle: LifecycleState = initialLifecycle();

  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #socket: Socket;
  readonly #onRecord: (trace: ConnectionTrace) => void;
  #seq = 0;
  #opened = 0;
  #reconnectAttempt: number | undefined;
  readonly #detach: (() => void)[] = [];

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
    this.#append({ seq: ++this.#seq, at, ...event });
  }

  #recordFrame(direction: Direction, transport: string, packet: EnginePacket): void {
    const type = packet.type as EnginePacketType;
    const raw =
      typeof packet.data === 'string' || packet.data === undefined ? encodeEnginePacket(type, packet.data) : `${encodeEnginePacket(type)}<binary>`;
    const frame = { seq: ++this.#seq, at: traceNow(), direction, transport: transport as Transport, raw, bytes: byteLength(raw), decoded: decodeFrame(raw) };
    this.#append({ kind: 'frame', ...frame });
  }

  #append(entry: TraceEntry): void {
    this.entries = [...this.entries, entry].slice(-TRACE_LIMIT);
    this.lifecycle = reduceLifecycle(this.lifecycle, entry);
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
        const code =
          attempt !== undefined ? `reconnection attempt ${attempt}: the Manager opens a new connection` : this.#opened === 0 ? 'io() → socket.connect()' : 'socket.connect() again';
        this.#opened++;
        this.#record({ kind: 'opening', reconnection: attempt !== undefined, code });
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
