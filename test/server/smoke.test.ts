import { afterEach, expect, test } from 'vitest';
import type { JoinRoomReply, SendMessageReply } from '../../core/chat-contract.ts';
import { startTestServer, type TestServer } from '../support/sockets.ts';

let server: TestServer;
afterEach(() => server?.stop());

test('a message sent in general reaches Bob in general, with the server timestamp', async () => {
  server = await startTestServer();
  const alice = await server.client();
  const bob = await server.client();
  await alice.emitWithAck('join-room', { room: 'general', name: 'Alice' });
  const joined: JoinRoomReply = await bob.emitWithAck('join-room', { room: 'general', name: 'Bob' });
  expect(joined).toEqual({ ok: true, room: 'general', users: ['Alice', 'Bob'] });
  const received = new Promise((resolve) => bob.on('receive-message', (m) => !m.system && resolve(m)));
  const sent: SendMessageReply = await alice.emitWithAck('send-message', { text: 'hi' });
  expect(sent.ok && (await received)).toEqual(sent.ok && sent.message);
});
