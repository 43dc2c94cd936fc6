// Three clients that run the lab's code as the page's cards do: the lab's settle marker waits for their answers.
import { DeliveryLog } from '../core/delivery-log.ts';
import { clientSocket, connected, loopbackAddress, type BenchSocket } from './client-sockets.ts';

const PAGE_NAMES = ['Alice', 'Bob', 'Carol'];

/** Like playground/controllers/lab-receiver.ts: records each hello, answers its ack and every settle marker. */
export async function openPageClients(url: string): Promise<BenchSocket[]> {
  return Promise.all(
    PAGE_NAMES.map(async (name, index) => {
      const socket = clientSocket(url, { name, lab: true }, loopbackAddress('page', index));
      const log = new DeliveryLog();
      socket.on('hello', (payload, ack) => {
        log.received(payload);
        if (typeof ack === 'function') ack({ socketId: socket.id ?? '', name });
      });
      socket.on('lab:settle', (marker, report) => report(log.settled(marker)));
      await connected(socket);
      return socket;
    }),
  );
}
