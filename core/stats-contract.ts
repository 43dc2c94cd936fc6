// What the stats endpoint answers: a figure measured on the reader's own machine, shared by the server and the page.

/** GET here: what the server holds and how its event loop is doing now. */
export const STATS_PATH = '/api/stats';
/** The event loop's delay is read over windows of this many seconds: the figure is recent, not since the server started. */
export const EVENT_LOOP_WINDOW_SECONDS = 5;

/** How late the event loop ran its callbacks over the last window, in milliseconds. */
export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The seconds the figures cover (the last full window, or the current one until a window has passed). */
  windowSeconds: number;
}

/** What GET /api/stats answers: live figures of this server, measured as it runs. */
export interface LiveStats {
  /** Sockets connected to / (the lesson's chat and lab). */
  connections: number;
  /** Rooms of / with someone in them, each socket's private room (its id) left out. */
  rooms: number;
  heapUsedBytes: number;
  residentBytes: number;
  eventLoopDelay: EventLoopDelay;
  uptimeSeconds: number;
  /** As in IdleConnectionsFigure: absent where the operating system does not say. */
  processThreads?: number;
  measuredAt: number;
}

/** POST here with ?count=N: the server opens N idle connections to itself and measures what they cost. */
export const IDLE_CONNECTIONS_PATH = '/api/stats/idle-connections';
/** The most idle connections one measurement opens. */
export const IDLE_CONNECTIONS_MAX = 2000;

export interface IdleConnectionsFigure {
  connections: number;
  /** Growth of the server's JavaScript heap and of the memory bound to it outside the heap (`external`, buffers included), per idle connection, in bytes. */
  bytesPerConnection: number;
  /** Growth of the whole server process (resident memory) per idle connection, in bytes. */
  residentBytesPerConnection: number;
  /** The worst event-loop delay while they were held open, in milliseconds. */
  eventLoopDelayMaxMs: number;
  /**
   * The threads of the whole server process, as the operating system counts them (`Threads:` in /proc/self/status);
   * absent where it does not say. The JavaScript of every connection runs on one of them.
   */
  processThreads?: number;
  measuredAt: number;
}

/** What the endpoint answers when it cannot measure: a sentence to show as it is. */
export interface StatsError {
  error: string;
}
