// Where the table benchmark's load comes from: SOCKETS_PER_ADDRESS sockets per loopback address, as a classroom's
// devices, so that the playground's per-address limits (128 connections, shared rate buckets) see many students,
// not one script. 127.100.0.1 and up: apart from client-sockets.ts's 127.0.x.y groups.

/** Under core/limits.ts's per-address join-room burst (10 × ADDRESS_RATE_FACTOR 8 = 80), so a join storm is not refused. */
export const SOCKETS_PER_ADDRESS = 25;
/** Addresses kept for each client process: 2,000 × 25 = 50,000 sockets, over any ramp. */
const ADDRESSES_PER_PROCESS = 2000;
const HOSTS_PER_BLOCK = 250;

export function loadAddress(processIndex: number, socketIndex: number): string {
  const address = processIndex * ADDRESSES_PER_PROCESS + Math.floor(socketIndex / SOCKETS_PER_ADDRESS);
  const block = Math.floor(address / HOSTS_PER_BLOCK);
  return `127.${100 + Math.floor(block / 250)}.${block % 250}.${(address % HOSTS_PER_BLOCK) + 1}`;
}
