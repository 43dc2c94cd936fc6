import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Socket } from 'socket.io-client';
import type { ChatEventName, Failure } from '../../core/chat-contract.ts';

/** The part of a card's socket this needs: the send buffer, and the connect that flushes it. */
export type BufferingSocket = Pick<Socket, 'connected' | 'sendBuffer' | 'on' | 'off' | 'once'>;

/** One packet waiting in socket.sendBuffer, as the card lists it. */
export interface BufferedPacket {
  event: string;
  payload: string;
}

/**
 * socket.io-client's own send buffer on one card: while `socket.connected` is false, `emit` pushes
 * its packet to `socket.sendBuffer`, and the next CONNECT sends them all, in order, before the
 * `connect` listeners run. With "send while disconnected" on, the card emits into it on purpose.
 */
export class SendBuffer implements ReactiveController {
  /** On: the card emits while disconnected instead of refusing, and the packets wait in socket.sendBuffer. */
  sendWhileDisconnected = false;

  readonly #host: ReactiveControllerHost;
  readonly #socket: BufferingSocket;
  readonly #ackTimeoutMs: number;
  /** The card's requests still in the buffer, by acknowledgement id: a drop tells them they were never sent. */
  readonly #waiting = new Map<number, (failure: Failure) => void>();

  constructor(host: ReactiveControllerHost, socket: BufferingSocket, ackTimeoutMs: number) {
    this.#host = host;
    this.#socket = socket;
    this.#ackTimeoutMs = ackTimeoutMs;
    host.addController(this);
  }

  hostConnected(): void {
    // The flush empties the buffer just before connect: drawn again then, and when a drop starts the buffering.
    this.#socket.on('connect', this.#redraw);
    this.#socket.on('disconnect', this.#redraw);
  }

  hostDisconnected(): void {
    this.#socket.off('connect', this.#redraw);
    this.#socket.off('disconnect', this.#redraw);
  }

  /** Whether the card's next emit goes to the buffer rather than the wire. */
  get buffering(): boolean {
    return this.sendWhileDisconnected && !this.#socket.connected;
  }

  /** What socket.sendBuffer holds now, oldest first: the order the server will get them in. */
  get packets(): BufferedPacket[] {
    return this.#socket.sendBuffer.map((packet) => {
      const [event, payload] = packet.data as [string, unknown];
      return { event, payload: JSON.stringify(payload) };
    });
  }

  holds(event: ChatEventName): boolean {
    return this.packets.some((packet) => packet.event === event);
  }

  /**
   * Emits into the buffer and resolves with the server's reply. The wait for the acknowledgement starts
   * when the connection is back, not now: a buffered request is not late, it has not left yet.
   */
  ask<R>(event: ChatEventName, emit: (ack: (reply: R) => void) => void): Promise<R | Failure> {
    return new Promise((resolve) => {
      let silence: ReturnType<typeof setTimeout> | undefined;
      const onConnect = () => {
        this.#waiting.delete(id);
        silence = setTimeout(() => {
          resolve({ ok: false, error: `The server did not answer ${event} within ${this.#ackTimeoutMs / 1000} s of reconnecting.` });
        }, this.#ackTimeoutMs);
      };
      emit((reply) => {
        clearTimeout(silence);
        this.#socket.off('connect', onConnect);
        resolve(reply);
      });
      // emit() has just pushed the packet, with its acknowledgement id, to the end of the buffer.
      const id = this.#socket.sendBuffer.at(-1)?.id ?? -1;
      this.#waiting.set(id, (failure) => {
        this.#socket.off('connect', onConnect);
        resolve(failure);
      });
      this.#socket.once('connect', onConnect);
      this.#host.requestUpdate();
    });
  }

  /** `socket.sendBuffer = []`: the stale packets are never sent, and the card's requests among them are told so. */
  drop(): void {
    const dropped = this.#socket.sendBuffer;
    this.#socket.sendBuffer = [];
    for (const packet of dropped) {
      const tell = packet.id === undefined ? undefined : this.#waiting.get(packet.id);
      if (!tell) continue;
      this.#waiting.delete(packet.id!);
      tell({ ok: false, error: `Dropped from socket.sendBuffer: ${packet.data[0]} was never sent.` });
    }
    this.#host.requestUpdate();
  }

  readonly #redraw = (): void => this.#host.requestUpdate();
}
