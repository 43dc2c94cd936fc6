// The table benchmark's client load, in processes of its own so that the server's loop and the clients' do not share
// a thread: each request goes to every process, each process acting on its share of the sockets.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stop, track } from './child-processes.ts';
import { READY_ID, type Connected, type Joined, type Latencies, type LoadReply, type LoadRequest, type Received, type Sent } from './load-contract.ts';

const loadScript = fileURLToPath(new URL('./load-clients.ts', import.meta.url));
/** Sockets one client process holds at most: its descriptors stay well under `ulimit -n`. */
export const SOCKETS_PER_PROCESS = 5000;

class LoadProcess {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, { resolve: (reply: LoadReply) => void; reject: (error: Error) => void }>();
  readonly #ready: Promise<LoadReply>;
  #nextId = 0;
  held = 0;

  constructor(index: number) {
    this.#child = track(fork(loadScript, [String(index)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    this.#ready = new Promise((resolve, reject) => this.#waiting.set(READY_ID, { resolve, reject }));
    this.#child.on('message', (reply: LoadReply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(`a client process failed: ${reply.error}`));
      else waiting?.resolve(reply);
    });
    this.#child.once('exit', (code, signal) => {
      for (const waiting of this.#waiting.values()) waiting.reject(new Error(`a client process exited (${signal ?? `code ${code}`})`));
      this.#waiting.clear();
    });
  }

  async ask(request: LoadRequest): Promise<LoadReply> {
    await this.#ready;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#child.send({ ...request, id });
    });
  }

  stop(): Promise<void> {
    return stop(this.#child);
  }
}

export class LoadClients {
  readonly #processes: LoadProcess[];

  /** Enough processes for `mostSockets`, and at least two, so that receiving is spread over both cores. */
  constructor(mostSockets: number) {
    const count = Math.max(2, Math.ceil(mostSockets / SOCKETS_PER_PROCESS));
    this.#processes = Array.from({ length: count }, (_, index) => new LoadProcess(index));
  }

  get held(): number {
    return this.#processes.reduce((sum, load) => sum + load.held, 0);
  }

  /** `count` more sockets, shared out so that every process holds about as many. */
  async connect(url: string, count: number, lab = false): Promise<Connected> {
    const shares = this.#processes.map((_, index) => Math.floor(count / this.#processes.length) + (index < count % this.#processes.length ? 1 : 0));
    const replies = await Promise.all(
      this.#processes.map(async (load, index) => {
        const reply = (await load.ask({ type: 'connect', url, count: shares[index]!, lab })) as Connected;
        load.held += reply.connected;
        return reply;
      }),
    );
    return {
      connected: replies.reduce((sum, reply) => sum + reply.connected, 0),
      failed: replies.reduce((sum, reply) => sum + reply.failed, 0),
      ...firstError(replies),
    };
  }

  /** Every socket sends join-room at once. */
  async join(room: string): Promise<Joined> {
    const replies = (await Promise.all(this.#processes.map((load) => load.ask({ type: 'join', room })))) as Joined[];
    return { ackMs: replies.flatMap((reply) => reply.ackMs), refused: replies.reduce((sum, reply) => sum + reply.refused, 0), ...firstError(replies) };
  }

  /** Receivers start counting fan-out messages afresh. */
  async listen(): Promise<void> {
    await Promise.all(this.#processes.map((load) => load.ask({ type: 'listen' })));
  }

  /** `senders` sockets of each process send `messages` each, all at once; resolves once every ack is back. */
  async send(senders: number, messages: number): Promise<Sent> {
    const replies = (await Promise.all(this.#processes.map((load) => load.ask({ type: 'send', senders, messages })))) as Sent[];
    return {
      accepted: replies.reduce((sum, reply) => sum + reply.accepted, 0),
      refused: replies.reduce((sum, reply) => sum + reply.refused, 0),
      firstSentAt: Math.min(...replies.map((reply) => reply.firstSentAt)),
      ...firstError(replies),
    };
  }

  get processes(): number {
    return this.#processes.length;
  }

  async received(): Promise<Received> {
    const replies = (await Promise.all(this.#processes.map((load) => load.ask({ type: 'received' })))) as Received[];
    return { count: replies.reduce((sum, reply) => sum + reply.count, 0), lastReceivedAt: Math.max(...replies.map((reply) => reply.lastReceivedAt)) };
  }

  async latencies(): Promise<number[]> {
    const replies = (await Promise.all(this.#processes.map((load) => load.ask({ type: 'latencies' })))) as Latencies[];
    return replies.flatMap((reply) => reply.latencyMs);
  }

  async close(): Promise<void> {
    await Promise.all(this.#processes.map((load) => load.stop()));
  }
}

function firstError(replies: { firstError?: string }[]): { firstError?: string } {
  const error = replies.find((reply) => reply.firstError !== undefined)?.firstError;
  return error === undefined ? {} : { firstError: error };
}
