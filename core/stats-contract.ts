// What the stats endpoint answers: a figure measured on the reader's own machine, shared by the server and the page.

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
