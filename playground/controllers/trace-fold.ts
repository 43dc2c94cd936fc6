// Decoding a trace's frames and folding its lifecycle (core/wire.ts, core/lifecycle.ts): not needed to draw the
// cards, so a chunk of its own that connection-trace.ts loads after the first load.
import { reduceLifecycle, type ConnectionEvent, type LifecycleState, type TraceEntry } from '../../core/lifecycle.ts';
import { byteLength, decodeFrame, encodeEnginePacket, type Direction, type EnginePacketType, type Transport } from '../../core/wire.ts';

export type EnginePacket = { type: string; data?: unknown };

/** The Manager opened a new connection: the page's first, a later socket.connect(), or a reconnection attempt. */
export interface Opening {
  /** How many connections this socket's Manager had opened before. */
  before: number;
  /** The reconnection attempt that opened it, if one did. */
  attempt?: number;
}

/** What happened, as it happened: a connection event, a connection opened, or an Engine.IO packet not yet decoded. */
export type Happening = { at: number } & (
  | { event: ConnectionEvent }
  | { opening: Opening }
  | { frame: { direction: Direction; transport: string; packet: EnginePacket } }
);

/** The code a student's page runs for an opening, as the lifecycle shows it. */
function openingEvent({ before, attempt }: Opening): ConnectionEvent {
  const code =
    attempt !== undefined ? `reconnection attempt ${attempt}: the Manager opens a new connection` : before === 0 ? 'io() → socket.connect()' : 'socket.connect() again';
  return { kind: 'opening', reconnection: attempt !== undefined, code };
}

/** What a trace has folded so far: its bounded entries, their count, and the lifecycle folded from all of them. */
export interface Folded {
  entries: readonly TraceEntry[];
  seq: number;
  lifecycle: LifecycleState;
}

/** `folded` with `happenings` added, in order; at most `limit` entries are kept. */
export function foldTrace(folded: Folded, happenings: readonly Happening[], limit: number): Folded {
  let { entries, seq, lifecycle } = folded;
  for (const happening of happenings) {
    let entry: TraceEntry;
    if ('event' in happening || 'opening' in happening) {
      entry = { seq: ++seq, at: happening.at, ...('event' in happening ? happening.event : openingEvent(happening.opening)) };
    } else {
      const { direction, transport, packet } = happening.frame;
      const type = packet.type as EnginePacketType;
      const raw =
        typeof packet.data === 'string' || packet.data === undefined ? encodeEnginePacket(type, packet.data) : `${encodeEnginePacket(type)}<binary>`;
      entry = { kind: 'frame', seq: ++seq, at: happening.at, direction, transport: transport as Transport, raw, bytes: byteLength(raw), decoded: decodeFrame(raw) };
    }
    entries = [...entries, entry].slice(-limit);
    lifecycle = reduceLifecycle(lifecycle, entry);
  }
  return { entries, seq, lifecycle };
}
