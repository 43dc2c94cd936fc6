// What socket.io-client itself does, that the cards' options show: a listener added inside `connect`
// runs once more after every reconnect, and emits made while disconnected wait in socket.sendBuffer.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { startTestServer, waitFor, type ChatClient, type TestServer } from '../support/sockets.ts';

let server: TestServer;
/** Clients this file opens itself (autoConnect off, or connected again after a disconnect). */
let own: ChatClient[];
beforeEach(async () => {
  server = await startTestServer();
  own = [];
});
afterEach(async () => {
  for (const socket of own) socket.disconnect();
  await server.stop();
});

function notYetConnected(): ChatClient {
  const socket: ChatClient = connect(server.url, { forceNew: true, autoConnect: false, reconnection: false });
  own.push(socket);
  return socket;
}

async function alice(): Promise<ChatClient> {
  const socket = await server.client();
  expect(await socket.emitWithAck('join-room', { room: 'general', name: 'Alice' })).toMatchObject({ ok: true });
  return socket;
}

/** Resolves once the server has answered `socket`: what it sent that socket before has arrived by then. */
async function roundTrip(socket: ChatClient): Promise<void> {
  await socket.emitWithAck('typing', { isTyping: false });
}

const texts = (messages: ChatMessage[]) => messages.filter((message) => !message.system).map((message) => message.text);

test('a receive-message listener registered inside connect runs twice per message after one reconnect', async () => {
  const bob = notYetConnected();
  const runs = new Map<string, number>();
  // The classic bug, exactly as students write it.
  bob.on('connect', () => {
    bob.on('receive-message', (message) => runs.set(message.text, (runs.get(message.text) ?? 0) + 1));
  });
  const join = () => bob.emitWithAck('join-room', { room: 'general', name: 'Bob' });

  bob.connect();
  await waitFor(bob, 'connect');
  await join();
  const sender = await alice();
  await sender.emitWithAck('send-message', { text: 'before the reconnect' });
  await roundTrip(bob);
  expect(bob.listeners('receive-message')).toHaveLength(1);
  expect(runs.get('before the reconnect')).toBe(1);

  bob.disconnect();
  bob.connect();
  await waitFor(bob, 'connect');
  await join();
  await sender.emitWithAck('send-message', { text: 'after the reconnect' });
  await roundTrip(bob);
  expect(bob.listeners('receive-message')).toHaveLength(2);
  expect(runs.get('after the reconnect')).toBe(2);
});

test('registered once, outside connect, the listener runs once per message however often it reconnects', async () => {
  const bob = notYetConnected();
  const heard: string[] = [];
  bob.on('receive-message', (message) => heard.push(message.text));
  bob.on('connect', () => bob.emit('join-room', { room: 'general', name: 'Bob' }, () => {}));
  for (let round = 0; round < 3; round++) {
    bob.disconnect();
    bob.connect();
    await waitFor(bob, 'connect');
  }
  await roundTrip(bob);
  const sender = await alice();
  await sender.emitWithAck('send-message', { text: 'hello' });
  await roundTrip(bob);
  expect(bob.listeners('receive-message')).toHaveLength(1);
  expect(heard.filter((text) => text === 'hello')).toHaveLength(1);
});

test('emits made before connecting wait in socket.sendBuffer and reach the server in order once connected', async () => {
  const listener = await alice();
  const heard: ChatMessage[] = [];
  listener.on('receive-message', (message) => heard.push(message));

  const bob = notYetConnected();
  const joined = bob.emitWithAck('join-room', { room: 'general', name: 'Bob' });
  const sent = bob.emitWithAck('send-message', { text: 'written while offline' });
  expect(bob.sendBuffer.map((packet) => packet.data[0])).toEqual(['join-room', 'send-message']);

  bob.connect();
  expect(await joined).toMatchObject({ ok: true });
  expect(await sent).toMatchObject({ ok: true });
  expect(bob.sendBuffer).toEqual([]);
  await roundTrip(listener);
  expect(heard.map((message) => message.text)).toEqual(['Bob joined', 'written while offline']);
});

test('after socket.disconnect(), a buffered send-message is flushed before the connect listeners run: the new socket is in no room yet', async () => {
  const bob = notYetConnected();
  bob.on('connect', () => bob.emit('join-room', { room: 'general', name: 'Bob' }, () => {}));
  bob.connect();
  await waitFor(bob, 'connect');
  await roundTrip(bob);

  bob.disconnect();
  const sent = bob.emitWithAck('send-message', { text: 'too early' });
  bob.connect();
  expect(await sent).toMatchObject({ ok: false, error: expect.stringMatching(/^Join a room first/) });
});

test('socket.sendBuffer = [] drops the stale emits: they never reach the server', async () => {
  const listener = await alice();
  const heard: ChatMessage[] = [];
  listener.on('receive-message', (message) => heard.push(message));
  const bob = notYetConnected();
  bob.emit('join-room', { room: 'general', name: 'Bob' }, () => {});
  bob.emit('send-message', { text: 'stale' }, () => {});
  expect(bob.sendBuffer).toHaveLength(2);

  bob.sendBuffer = [];
  bob.connect();
  await waitFor(bob, 'connect');
  // Sent after the connection: it arrives, and the dropped ones before it never do.
  expect(await bob.emitWithAck('join-room', { room: 'general', name: 'Bob' })).toMatchObject({ ok: true });
  expect(await bob.emitWithAck('send-message', { text: 'fresh' })).toMatchObject({ ok: true });
  await roundTrip(listener);
  expect(texts(heard)).toEqual(['fresh']);
});
