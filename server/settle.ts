// The settle protocol: after an emit, every socket that runs the lab's code is asked, over its own
// connection, whether the emit arrived. A socket that stopped answering (an asleep phone, a closed
// tab whose socket lingers until its ping timeout) is waited for once, then reported as silent
// without holding up the next emits, until it answers again.
//
// With several nodes (server/adapter.ts), each node settles its own sockets when the sender's node asks
// it with serverSideEmit, and answers their reports over Redis.
import type { Server, Socket } from 'socket.io';
import type { SettleReport, SettleState, Unreported } from '../core/lab-contract.ts';
import { MAIN_NAMESPACE, OTHER_NAMESPACE } from '../core/emit-rules.ts';
import { validateSettleReport } from '../core/validation.ts';

/** How long a socket that runs the lab's code has to answer a settle marker before it counts as silent. */
export const SETTLE_TIMEOUT_MS = 2000;

/** What the server learned from one socket: its report, or why it has none. */
export type Settled = SettleReport | Unreported;

type SettlingSocket = Socket<{}, { 'lab:settle': (marker: { emit: number }, report: (report: unknown) => void) => void }, {}, SettleState>;

/** Asks every socket whether emit `emit` arrived; resolves once each answering socket has, or timed out. */
export function settle(sockets: readonly Socket[], emit: number, timeoutMs = SETTLE_TIMEOUT_MS): Promise<Map<string, Settled>> {
  return new Promise((resolve) => {
    const settled = new Map<string, Settled>();
    let waiting = 0;
    const done = () => waiting === 0 && resolve(settled);
    for (const socket of sockets as unknown as SettlingSocket[]) {
      if (!socket.data.reportsDeliveries) {
        settled.set(socket.id, 'runs no lab code');
        continue;
      }
      const wasSilent = socket.data.silent === true;
      if (wasSilent) settled.set(socket.id, 'did not answer in time');
      else waiting++;
      socket.timeout(timeoutMs).emit('lab:settle', { emit }, (error: Error | null, answer: unknown) => {
        const report = error ? null : validateSettleReport(answer);
        // A silent socket that answers again is waited for from the next emit on.
        socket.data.silent = report === null;
        if (wasSilent) return;
        settled.set(socket.id, report ?? 'did not answer in time');
        waiting--;
        done();
      });
    }
    done();
  });
}

/**
 * At most `inFlight` emits settle at once, server-wide, and at most `queued` wait for their turn: every
 * page answers every emit's settle marker, so the pages' work is bounded however many students click.
 */
export class SettleQueue {
  readonly #inFlight: number;
  readonly #queued: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(inFlight: number, queued: number) {
    this.#inFlight = inFlight;
    this.#queued = queued;
  }

  /** Runs `task` in its turn; false, at once, when the queue is full. */
  async run(task: () => Promise<void>): Promise<boolean> {
    if (this.#running >= this.#inFlight) {
      if (this.#waiting.length >= this.#queued) return false;
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
    return true;
  }
}

/** What one node learned from its own sockets about an emit: sent over Redis to the sender's node. */
export interface NodeSettlement {
  reports: [socketId: string, settled: Settled][];
  /** Classroom mode: each student's guess for this emit, taken (and cleared) as the emit settles. */
  predictions: [socketId: string, willReceive: boolean][];
}

/** What every node learned, merged. */
export interface Settlement {
  reports: Map<string, Settled>;
  predictions: Map<string, boolean>;
}

/** The server-side event a node sends the others: "settle emit n on your sockets". */
const SETTLE_ON_EACH_NODE = 'lab:settle-here';

type SettlingNodes = Server<{}, {}, { [SETTLE_ON_EACH_NODE]: (emit: number, answer: (settlement: NodeSettlement) => void) => void }, SettleState & { prediction?: boolean }>;

/** Settles this node's own sockets of / and /other, and takes their students' predictions. */
async function settleOnThisNode(io: SettlingNodes, emit: number): Promise<NodeSettlement> {
  const sockets = [MAIN_NAMESPACE, OTHER_NAMESPACE].flatMap((namespace) => [...io.of(namespace).sockets.values()]);
  const predictions = sockets.flatMap((socket) => (socket.data.prediction === undefined ? [] : [[socket.id, socket.data.prediction] as [string, boolean]]));
  for (const socket of sockets) delete socket.data.prediction;
  return { reports: [...(await settle(sockets, emit))], predictions };
}

/** A node's answer, as it came over Redis: only well-formed entries count. */
function readSettlement(answer: unknown): NodeSettlement {
  const entries = (value: unknown): unknown[][] => (Array.isArray(value) ? value.filter((entry): entry is unknown[] => Array.isArray(entry) && typeof entry[0] === 'string') : []);
  const record = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  return {
    reports: entries(record.reports).flatMap(([id, settled]): [string, Settled][] => {
      if (settled === 'runs no lab code' || settled === 'did not answer in time') return [[id as string, settled]];
      const report = validateSettleReport(settled);
      return report ? [[id as string, report]] : [];
    }),
    predictions: entries(record.predictions).flatMap(([id, willReceive]) => (typeof willReceive === 'boolean' ? [[id as string, willReceive]] : [])),
  };
}

/** Lets every node answer the others' requests to settle its sockets. */
export function settleWhenAsked(server: Server): void {
  const io = server as unknown as SettlingNodes;
  io.on(SETTLE_ON_EACH_NODE, (emit, answer) => {
    if (typeof emit !== 'number') return;
    // The emit reached this node through the Redis stream, the request through Pub/Sub: let a delivery read in the same turn go out first.
    setImmediate(() => void settleOnThisNode(io, emit).then(answer));
  });
}

/**
 * Settles emit `emit` on every node: this one's sockets here, the others' on their nodes. Call it once the
 * emit is performed: it first waits until this node has applied every broadcast it sent, since with an
 * adapter a broadcast reaches even local sockets only after Redis has stored it.
 */
export async function settleEverywhere(server: Server, emit: number): Promise<Settlement> {
  const io = server as unknown as SettlingNodes;
  // A round trip to Redis behind the broadcast's own, then one turn for its local delivery (in memory: at once).
  const nodes = await io.of(MAIN_NAMESPACE).adapter.serverCount();
  await new Promise((resolve) => setImmediate(resolve));
  const otherNodes = nodes <= 1 ? Promise.resolve([]) : new Promise<NodeSettlement[]>((resolve) => {
    // A node that does not answer within the adapter's request timeout (it is going away) leaves its sockets unreported.
    io.serverSideEmit(SETTLE_ON_EACH_NODE, emit, (_error: Error | null, answers: unknown[]) => {
      resolve((Array.isArray(answers) ? answers : []).map(readSettlement));
    });
  });
  const settlements = [await settleOnThisNode(io, emit), ...(await otherNodes)];
  return {
    reports: new Map(settlements.flatMap((settlement) => settlement.reports)),
    predictions: new Map(settlements.flatMap((settlement) => settlement.predictions)),
  };
}
