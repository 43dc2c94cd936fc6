// What the table benchmark asks of its client processes, and what they answer: one request, one reply, by id.

export interface ConnectRequest {
  type: 'connect';
  url: string;
  count: number;
  /** Sockets that run the lab's code (answer hello acks and settle markers), as the page's cards do. */
  lab: boolean;
}

export interface JoinRequest {
  type: 'join';
  room: string;
}

/** The first `senders` sockets each send `messages` chat messages at once, stamped with the time they left. */
export interface SendRequest {
  type: 'send';
  senders: number;
  messages: number;
}

export type LoadRequest = ConnectRequest | JoinRequest | SendRequest | { type: 'listen' } | { type: 'received' } | { type: 'latencies' };

export interface Connected {
  connected: number;
  failed: number;
  firstError?: string;
}

export interface Joined {
  /** Each join-room's ack, in ms from the moment all were sent. */
  ackMs: number[];
  refused: number;
  firstError?: string;
}

export interface Sent {
  accepted: number;
  refused: number;
  firstError?: string;
  /** performance.timeOrigin + performance.now() when the first message left: comparable across processes. */
  firstSentAt: number;
}

/** How many fan-out messages the sockets got since `listen`, and when the last one came (wallClock). */
export interface Received {
  count: number;
  lastReceivedAt: number;
}

/** Each fan-out delivery since `listen`, in ms from the moment it left its sender. */
export interface Latencies {
  latencyMs: number[];
}

/** The id of the message a client process sends once it listens: requests sent before would be lost. */
export const READY_ID = -1;

export type LoadReply = { id: number; error?: string } & Partial<Connected & Joined & Sent & Received & Latencies>;

/** Fan-out messages carry the time they left in their text, so each receiver can time its own delivery. */
export const FANOUT_PREFIX = 'fanout ';

/** Milliseconds since the epoch, sub-millisecond: the same clock in every process of this machine. */
export const wallClock = () => performance.timeOrigin + performance.now();
