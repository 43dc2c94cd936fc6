// The polling endpoint against a real server: what a polling client gets, what it costs, and what the server logged.
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { RECENT_MESSAGES_PER_ROOM, messagesPath, type PollReply } from '../../core/polling.ts';
import { startTestServer, type ChatClient, type TestServer } from '../support/sockets.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.stop());

async function poll(path: string): Promise<{ status: number; reply: PollReply; bytes: number; cacheControl: string | null }> {
  const response = await fetch(`${server.url}${path}`);
  const body = await response.text();
  return { status: response.status, reply: JSON.parse(body), bytes: Buffer.byteLength(body), cacheControl: response.headers.get('cache-control') };
}

function answered({ reply }: { reply: PollReply }): Extract<PollReply, { ok: true }> {
  if (!reply.ok) throw new Error(reply.error);
  return reply;
}

async function inRoom(name: string, room: string): Promise<ChatClient> {
  const client = await server.client();
  const reply = await client.emitWithAck('join-room', { room, name });
  expect(reply).toMatchObject({ ok: true });
  return client;
}

async function say(client: ChatClient, text: string): Promise<ChatMessage> {
  const reply = await client.emitWithAck('send-message', { text });
  if (!reply.ok) throw new Error(reply.error);
  return reply.message;
}

test('a poll gets the room’s messages as the server stamped them, and nothing from other rooms', async () => {
  const alice = await inRoom('Alice', 'news');
  const carol = await inRoom('Carol', 'random');
  const hello = await say(alice, 'hello');
  await say(carol, 'elsewhere');

  const { status, reply, cacheControl } = await poll(messagesPath('news'));
  expect(status).toBe(200);
  expect(cacheControl).toBe('no-store');
  if (!reply.ok) throw new Error(reply.error);
  expect(reply.messages.map((message) => message.text)).toEqual(['Alice joined', 'hello']);
  expect(reply.messages.at(-1)).toEqual(hello);
  expect(reply.serverTime).toBeGreaterThanOrEqual(hello.timestamp);
});

test('polling again with since=serverTime brings only what is new; a quiet room answers an empty list', async () => {
  const alice = await inRoom('Alice', 'news');
  const first = answered(await poll(messagesPath('news')));
  const quiet = answered(await poll(messagesPath('news', first.serverTime)));
  expect(quiet.messages.filter((message) => message.timestamp > first.serverTime)).toEqual([]);

  const fresh = await say(alice, 'fresh news');
  const next = answered(await poll(messagesPath('news', quiet.serverTime)));
  expect(next.messages.map((message) => message.id)).toContain(fresh.id);
  expect(next.messages.every((message) => message.timestamp >= quiet.serverTime)).toBe(true);
});

test('the server keeps a bounded history per room', async () => {
  // More messages than one socket may send at once: several senders take turns.
  const senders = await Promise.all(['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank'].map((name) => inRoom(name, 'news')));
  for (let n = 1; n <= RECENT_MESSAGES_PER_ROOM + 5; n++) await say(senders[n % senders.length]!, `message ${n}`);
  const { reply } = await poll(messagesPath('news'));
  if (!reply.ok) throw new Error(reply.error);
  expect(reply.messages).toHaveLength(RECENT_MESSAGES_PER_ROOM);
  expect(reply.messages.at(-1)?.text).toBe(`message ${RECENT_MESSAGES_PER_ROOM + 5}`);
});

test('a bad room name or since is a readable JSON error, not a crash', async () => {
  const badRoom = await poll('/api/rooms/Bad%20Room!/messages');
  expect(badRoom.status).toBe(400);
  expect(badRoom.reply).toEqual({ ok: false, error: 'A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".' });

  const badSince = await poll('/api/rooms/news/messages?since=yesterday');
  expect(badSince.status).toBe(400);
  expect(badSince.reply).toMatchObject({ ok: false, error: expect.stringMatching(/^"since" must be a time in milliseconds/) });

  const tooLong = await poll(`/api/rooms/${'a'.repeat(40)}/messages`);
  expect(tooLong.reply).toMatchObject({ ok: false, error: expect.stringContaining('too long') });
});

test('the server logs every poll it answered, with the bytes of each body', async () => {
  const alice = await inRoom('Alice', 'news');
  await say(alice, 'counted');
  const answers = [await poll(messagesPath('news')), await poll(messagesPath('news', Date.now())), await poll('/api/rooms/BAD/messages')];

  expect(server.polling.requests).toBe(3);
  expect(server.polling.bytes).toBe(answers.reduce((sum, answer) => sum + answer.bytes, 0));
  expect(server.polling.recent.map((served) => served.status)).toEqual([200, 200, 400]);
  expect(server.polling.recent[0]).toMatchObject({ room: 'news', messages: 2 });
});
