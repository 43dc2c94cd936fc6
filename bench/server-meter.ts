// Preloaded into each server the table benchmark measures (node --expose-gc --import): answers the bench over IPC with
// its heap after a full collection and its event loop's delay, read the same way in the playground and the bare server.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type MeterRequest = { id: number; type: 'heap' } | { id: number; type: 'loop-reset' } | { id: number; type: 'loop' };

export interface MeterReply {
  id: number;
  /** JavaScript heap and what it holds outside it (buffers), after a full garbage collection. */
  heapBytes?: number;
  residentBytes?: number;
  /** How late the loop ran since the last loop-reset, in ms. */
  loopP99Ms?: number;
  loopMaxMs?: number;
}

// A tick every 10 ms: fine enough for a 50 ms goal, cheap enough not to load the server it measures.
const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
const collectGarbage = (globalThis as { gc?: () => void }).gc;
// The histogram holds each tick's whole interval: the delay is what came on top of the resolution.
const late = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS);

process.on('message', (request: MeterRequest) => {
  const reply: MeterReply = { id: request.id };
  if (request.type === 'heap') {
    if (!collectGarbage) throw new Error('server-meter needs node --expose-gc');
    // Twice: the first collection's finalizers can free more for the second.
    collectGarbage();
    collectGarbage();
    const memory = process.memoryUsage();
    // `external` already counts `arrayBuffers`: adding both would count buffers twice.
    reply.heapBytes = memory.heapUsed + memory.external;
    reply.residentBytes = memory.rss;
  } else if (request.type === 'loop-reset') {
    loop.reset();
  } else {
    reply.loopP99Ms = loop.count > 0 ? late(loop.percentile(99)) : 0;
    reply.loopMaxMs = loop.count > 0 ? late(loop.max) : 0;
  }
  process.send?.(reply);
});
