// What one socket saw of the lab's emits: the receiving side of the settle protocol, shared by the page and the tests.
import type { LabPayload, SettleMarker, SettleReport } from './lab-contract.ts';

export type Delivery =
  | { emit: number; state: 'pending' }
  | { emit: number; state: 'received'; receivedAt: number; payload: LabPayload; copies: number }
  | { emit: number; state: 'not received'; settledAt: number };

/** How many emits a socket remembers; older ones are forgotten. */
const REMEMBERED = 50;

export class DeliveryLog {
  readonly #deliveries = new Map<number, Delivery>();

  /** The lab event arrived on this socket; a second copy of the same emit is counted, not re-timed. */
  received(payload: LabPayload, now = Date.now()): Delivery {
    const earlier = this.#deliveries.get(payload.emit);
    if (earlier?.state === 'received') return this.#remember({ ...earlier, copies: earlier.copies + 1 });
    return this.#remember({ emit: payload.emit, state: 'received', receivedAt: now, payload, copies: 1 });
  }

  /** The settle marker arrived: anything not received by now was not delivered (one connection keeps order). */
  settled(marker: SettleMarker, now = Date.now()): SettleReport {
    const delivery = this.#deliveries.get(marker.emit);
    if (delivery?.state === 'received') return { received: true, receivedAt: delivery.receivedAt, copies: delivery.copies };
    this.#remember({ emit: marker.emit, state: 'not received', settledAt: now });
    return { received: false };
  }

  get(emit: number): Delivery {
    return this.#deliveries.get(emit) ?? { emit, state: 'pending' };
  }

  #remember(delivery: Delivery): Delivery {
    this.#deliveries.set(delivery.emit, delivery);
    if (this.#deliveries.size > REMEMBERED) this.#deliveries.delete(this.#deliveries.keys().next().value!);
    return delivery;
  }
}
