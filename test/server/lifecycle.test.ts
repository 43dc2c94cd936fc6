// What observers of /lifecycle are told when a chat socket goes: the server's own account of its cleanup.
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { LIFECYCLE_NAMESPACE, type CleanupReport, type LifecycleObserverEvents } from '../../core/lifecycle.ts';
import { startTestServer, waitFor, type TestServer } from '../support/sockets.ts';

let server: TestServer;
let observer: Socket<LifecycleObserverEvents>;
beforeEach(async () => {
  server = await startTestServer();
  observer = connect(`${server.url}${LIFECYCLE_NAMESPACE}`, { forceNew: true, reconnection: false });
  await waitFor(observer, 'connect');
});
afterEach(async () => {
  observer.disconnect();
  await server.stop();
});

test('Erin disconnects: observers learn the rooms she left and who is still online in general', async () => {
  const alice = await server.client();
  await alice.emitWithAck('join-room', { room: 'general', name: 'Alice' });
  const erin = await server.client();
  await erin.emitWithAck('join-room', { room: 'general', name: 'Erin' });
  const erinId = erin.id!;

  const report = waitFor<CleanupReport>(observer, 'lifecycle:cleanup');
  erin.disconnect();
  expect(await report).toMatchObject({
    socketId: erinId,
    name: 'Erin',
    reason: 'client namespace disconnect',
    roomsLeft: [erinId, 'general'],
    chatRoom: 'general',
    onlineUsers: ['Alice'],
  });
});

test('a socket dropped by the network is reported with transport close, and one in no room told no room', async () => {
  const dave = await server.client();
  const daveId = dave.id!;
  const report = waitFor<CleanupReport>(observer, 'lifecycle:cleanup');
  // The client's connection closes under it, as when the laptop leaves the Wi-Fi.
  dave.io.engine.transport.close();
  const cleanup = await report;
  expect(cleanup).toMatchObject({ socketId: daveId, reason: 'transport close', roomsLeft: [daveId] });
  expect(cleanup.chatRoom).toBeUndefined();
});
