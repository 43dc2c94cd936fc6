import type { Socket } from 'socket.io-client';

/**
 * Resolves true once the socket is connected: at once if it is, after a connection in progress
 * (a click made a moment too early is waited out, not refused), or false after `ms` or if it is
 * not trying to connect at all.
 */
export function socketReady(socket: Pick<Socket, 'connected' | 'active' | 'once' | 'off'>, ms: number): Promise<boolean> {
  if (socket.connected || !socket.active) return Promise.resolve(socket.connected);
  return new Promise((resolve) => {
    const onConnect = () => {
      clearTimeout(giveUp);
      resolve(true);
    };
    const giveUp = setTimeout(() => {
      socket.off('connect', onConnect);
      resolve(false);
    }, ms);
    socket.once('connect', onConnect);
  });
}
