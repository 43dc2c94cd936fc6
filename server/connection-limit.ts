// A cap on Engine.IO connections per address: one script cannot open thousands of sockets and
// multiply every per-socket limit. Checked at the handshake, before a connection costs anything.
import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';

export type AllowRequest = (request: IncomingMessage, callback: (message: string | undefined, success: boolean) => void) => void;

export class ConnectionLimit {
  readonly #max: number;
  readonly #trusted: (request: IncomingMessage) => boolean;
  readonly #open = new Map<string, number>();

  /** `trusted` requests (the server's own measuring clients) are not counted. */
  constructor(max: number, trusted: (request: IncomingMessage) => boolean = () => false) {
    this.#max = max;
    this.#trusted = trusted;
  }

  /** Engine.IO's `allowRequest` option: refuses a handshake from an address that already has `max` connections. */
  readonly allowRequest: AllowRequest = (request, callback) => {
    const address = request.socket.remoteAddress ?? '';
    if (this.#trusted(request) || (this.#open.get(address) ?? 0) < this.#max) return callback(undefined, true);
    callback(`Too many connections from your address (${this.#max} at most): close some tabs and try again.`, false);
  };

  /** Counts the server's connections from now on. */
  track(io: Server): void {
    io.engine.on('connection', (connection: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => {
      if (this.#trusted(connection.request)) return;
      const address = connection.request.socket.remoteAddress ?? '';
      this.#open.set(address, (this.#open.get(address) ?? 0) + 1);
      connection.once('close', () => {
        const left = (this.#open.get(address) ?? 1) - 1;
        if (left === 0) this.#open.delete(address);
        else this.#open.set(address, left);
      });
    });
  }
}
