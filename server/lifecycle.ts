import type { Namespace } from 'socket.io';
import { LIFECYCLE_NAMESPACE, type CleanupReport, type LifecycleObserverEvents } from '../core/lifecycle.ts';
import { onlineUsers, type ChatServer } from './chat.ts';
import { contained } from './client-events.ts';

/**
 * Tells observers of /lifecycle what the server did when a socket of / disconnected: the rooms socket.io
 * removed it from and what its chat room was told. Register after registerChat, whose cleanup it reports.
 */
export function registerLifecycle(io: ChatServer): void {
  const observers: Namespace<{}, LifecycleObserverEvents> = io.of(LIFECYCLE_NAMESPACE);

  io.on('connection', (socket) => {
    let roomsLeft: string[] = [];
    // By 'disconnect' the socket has left every room: read them while it is still leaving.
    socket.on('disconnecting', () => {
      roomsLeft = [...socket.rooms];
    });
    socket.on('disconnect', (reason) =>
      contained(`the lifecycle report of ${socket.id}`, async () => {
        const { name, room } = socket.data;
        const report: CleanupReport = { socketId: socket.id, reason, at: Date.now(), roomsLeft };
        if (name !== undefined) report.name = name;
        if (room !== undefined) {
          report.chatRoom = room;
          report.onlineUsers = await onlineUsers(io, room);
        }
        observers.emit('lifecycle:cleanup', report);
      }),
    );
  });
}
