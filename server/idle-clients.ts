// Forked by server/stats.ts: opens COUNT idle socket.io connections to URL from another process (with the MEASURE token), so that
// the server's memory grows by the server's share of each connection only. Sends 'ready', waits for 'close'.
import { io } from 'socket.io-client';

const [url = '', countText = '0', measure = ''] = process.argv.slice(2);
const count = Number(countText);
// `measure` tells the server these are its own measuring connections, not one address's flood.
const sockets = Array.from({ length: count }, () => io(url, { forceNew: true, transports: ['websocket'], reconnection: false, query: { measure } }));
let connected = 0;
let failed = false;
for (const socket of sockets) {
  socket.once('connect', () => {
    connected++;
    if (connected === count) process.send?.({ ready: true });
  });
  socket.once('connect_error', (error) => {
    if (failed) return;
    failed = true;
    process.send?.({ ready: false, error: error.message });
  });
}
if (count === 0) process.send?.({ ready: true });
process.on('message', () => {
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
