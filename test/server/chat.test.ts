import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ChatEventName, ChatMessage } from '../../core/chat-contract.ts';
import { NAME_MAX_LENGTH, ROOM_MAX_LENGTH, TEXT_MAX_LENGTH } from '../../core/limits.ts';
import { validateJoinRoom, validateSendMessage, validateTyping } from '../../core/validation.ts';
import { startTestServer, UNLIMITED_RATES, waitFor, type ChatClient, type TestServer } from '../support/sockets.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.stop());

/** One event the server sent a client, in the order it arrived. */
interface Heard {
  event: string;
  payload: unknown;
}

/** A sentence a student can read: a capital letter first, a period last. */
const aSentence = /^[A-Z].*\.$/s;

/** The same connection without the typed contract, to send what a buggy or hostile client would. */
const untyped = (client: ChatClient) => client as unknown as Socket;

async function connectAs(name: string, room?: string): Promise<ChatClient> {
  const client = await server.client();
  if (room !== undefined) {
    const reply = await client.emitWithAck('join-room', { room, name });
    expect(reply).toMatchObject({ ok: true, room });
  }
  return client;
}

/** Resolves once the server answered `client`: whatever it sent that client before has arrived by then (one connection keeps order). */
async function roundTrip(client: ChatClient): Promise<void> {
  const reply = await untyped(client).emitWithAck('typing', 'round trip');
  expect(reply).toMatchObject({ ok: false });
}

async function settle(...clients: ChatClient[]): Promise<void> {
  await Promise.all(clients.map(roundTrip));
}

/** Everything the server sends `client` from now on; what it sent earlier is drained first. */
async function listen(client: ChatClient): Promise<Heard[]> {
  await roundTrip(client);
  const heard: Heard[] = [];
  client.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
  return heard;
}

/** The lesson's opening cast: Alice and Bob in general, Carol in random, Dave connected but in no room. */
async function classroom() {
  const alice = await connectAs('Alice', 'general');
  const bob = await connectAs('Bob', 'general');
  const carol = await connectAs('Carol', 'random');
  const dave = await connectAs('Dave');
  const [aliceHeard, bobHeard, carolHeard, daveHeard] = await Promise.all([listen(alice), listen(bob), listen(carol), listen(dave)]);
  return {
    alice, bob, carol, dave,
    heard: { alice: aliceHeard, bob: bobHeard, carol: carolHeard, dave: daveHeard },
    everyone: [alice, bob, carol, dave],
  };
}

const notice = (room: string, name: string, text: string): Heard => ({
  event: 'receive-message',
  payload: { id: expect.any(String), room, name, text, timestamp: expect.any(Number), system: true },
});
const online = (room: string, users: string[]): Heard => ({ event: 'online-users', payload: { room, users } });
const joined = (room: string, name: string): Heard => ({ event: 'presence', payload: { room, joined: [name], left: [] } });
const left = (room: string, name: string): Heard => ({ event: 'presence', payload: { room, joined: [], left: [name] } });
const typing = (name: string, isTyping: boolean): Heard => ({ event: 'typing', payload: { name, isTyping } });
const received = (message: ChatMessage): Heard => ({ event: 'receive-message', payload: message });

/** The chat messages (not notices) in what a client heard. */
const chatMessages = (heard: Heard[]) =>
  heard.filter((h) => h.event === 'receive-message' && !(h.payload as ChatMessage).system).map((h) => h.payload as ChatMessage);

async function send(client: ChatClient, text: string): Promise<ChatMessage> {
  const reply = await client.emitWithAck('send-message', { text });
  if (!reply.ok) throw new Error(`send-message was refused: ${reply.error}`);
  return reply.message;
}

describe('joining a room', () => {
  test('Alice joining general is told she is in general and that she is the only one online', async () => {
    const alice = await server.client();
    expect(await alice.emitWithAck('join-room', { room: 'general', name: 'Alice' })).toEqual({
      ok: true,
      room: 'general',
      users: ['Alice'],
    });
  });

  test('when Bob joins general, everyone in general sees "Bob joined"; Bob gets the whole online list, Alice only his name; Carol in random and Dave see nothing', async () => {
    const alice = await connectAs('Alice', 'general');
    const carol = await connectAs('Carol', 'random');
    const dave = await connectAs('Dave');
    const bob = await server.client();
    const [aliceHeard, carolHeard, daveHeard, bobHeard] = await Promise.all([listen(alice), listen(carol), listen(dave), listen(bob)]);

    const reply = await bob.emitWithAck('join-room', { room: 'general', name: 'Bob' });
    await settle(alice, carol, dave, bob);

    expect(reply).toEqual({ ok: true, room: 'general', users: ['Alice', 'Bob'] });
    expect(aliceHeard).toEqual([notice('general', 'Bob', 'Bob joined'), joined('general', 'Bob')]);
    expect(bobHeard).toEqual([notice('general', 'Bob', 'Bob joined'), online('general', ['Alice', 'Bob'])]);
    expect(carolHeard).toEqual([]);
    expect(daveHeard).toEqual([]);
  });

  test('the online list is sorted by name, whatever order people join in', async () => {
    await connectAs('Carol', 'general');
    const alice = await server.client();
    expect(await alice.emitWithAck('join-room', { room: 'general', name: 'Alice' })).toMatchObject({ users: ['Alice', 'Carol'] });
    const bob = await server.client();
    const bobHeard = await listen(bob);
    expect(await bob.emitWithAck('join-room', { room: 'general', name: 'Bob' })).toMatchObject({ users: ['Alice', 'Bob', 'Carol'] });
    await settle(bob);
    expect(bobHeard).toEqual([notice('general', 'Bob', 'Bob joined'), online('general', ['Alice', 'Bob', 'Carol'])]);
  });

  test('when Bob moves from general to random, general sees "Bob left" and loses his name, random sees "Bob joined" and gains it', async () => {
    const { alice, bob, carol, dave, heard } = await classroom();

    const reply = await bob.emitWithAck('join-room', { room: 'random', name: 'Bob' });
    await settle(alice, bob, carol, dave);

    expect(reply).toEqual({ ok: true, room: 'random', users: ['Bob', 'Carol'] });
    expect(heard.alice).toEqual([notice('general', 'Bob', 'Bob left'), left('general', 'Bob')]);
    expect(heard.carol).toEqual([notice('random', 'Bob', 'Bob joined'), joined('random', 'Bob')]);
    expect(heard.bob).toEqual([notice('random', 'Bob', 'Bob joined'), online('random', ['Bob', 'Carol'])]);
    expect(heard.dave).toEqual([]);
  });

  test('Dave, in no room, can join random with no acknowledgement and random sees him arrive', async () => {
    const { carol, dave, heard, everyone } = await classroom();

    untyped(dave).emit('join-room', { room: 'random', name: 'Dave' });
    await waitFor(dave, 'online-users');
    await settle(...everyone);

    expect(heard.carol).toEqual([notice('random', 'Dave', 'Dave joined'), joined('random', 'Dave')]);
    expect(heard.dave).toEqual([notice('random', 'Dave', 'Dave joined'), online('random', ['Carol', 'Dave'])]);
    expect(heard.alice).toEqual([]);
    expect(heard.bob).toEqual([]);
  });

  test('joining the room you are already in changes nothing for the others: no notice, no duplicate messages', async () => {
    const { alice, bob, heard, everyone } = await classroom();

    expect(await alice.emitWithAck('join-room', { room: 'general', name: 'Alice' })).toEqual({
      ok: true,
      room: 'general',
      users: ['Alice', 'Bob'],
    });
    untyped(alice).emit('join-room', { room: 'general', name: 'Alice' });
    await settle(...everyone);
    // Only Alice is told who is online (a recovered card re-joins this way and needs the list again).
    expect(heard.alice).toEqual([online('general', ['Alice', 'Bob']), online('general', ['Alice', 'Bob'])]);
    expect([heard.bob, heard.carol, heard.dave]).toEqual([[], [], []]);
    heard.alice.length = 0;

    const message = await send(alice, 'still here once');
    await settle(bob);
    expect(heard.bob).toEqual([received(message)]);
    expect(heard.alice).toEqual([received(message)]);
  });

  test('a message sent right after switching rooms lands in the new room, even when both requests arrive together', async () => {
    const alice = await server.client({ transports: ['polling'] });
    await alice.emitWithAck('join-room', { room: 'general', name: 'Alice' });
    const bob = await connectAs('Bob', 'general');
    const carol = await connectAs('Carol', 'random');
    const [bobHeard, carolHeard] = await Promise.all([listen(bob), listen(carol)]);

    // Over long-polling, what a client emits while a request is in flight goes out together in the next one.
    untyped(alice).emit('typing', 'occupy the connection');
    untyped(alice).emit('join-room', { room: 'random', name: 'Alice' });
    const message = await send(alice, 'hello random');
    await settle(bob, carol);

    expect(message.room).toBe('random');
    expect(chatMessages(carolHeard)).toEqual([message]);
    expect(chatMessages(bobHeard)).toEqual([]);
  });

  test('a name with markup appears unchanged in the join notice and the online list', async () => {
    const alice = await connectAs('Alice', 'general');
    const aliceHeard = await listen(alice);
    const name = '<b>Eve</b> & co';
    await connectAs(name, 'general');
    await settle(alice);
    expect(aliceHeard).toEqual([notice('general', name, `${name} joined`), joined('general', name)]);
  });
});

describe('sending a message', () => {
  test('the sender receives its own message, with the same id and timestamp as everyone else in the room', async () => {
    const erin = await connectAs('Erin', 'general');
    const { alice, heard, everyone } = await classroom();
    const erinHeard = await listen(erin);

    const message = await send(alice, 'hi all');
    await settle(...everyone, erin);

    expect(message).toEqual({
      id: expect.any(String),
      room: 'general',
      name: 'Alice',
      text: 'hi all',
      timestamp: expect.any(Number),
      system: false,
    });
    expect(heard.alice).toEqual([received(message)]);
    expect(heard.bob).toEqual([received(message)]);
    expect(erinHeard).toEqual([received(message)]);
  });

  test('a message sent with no acknowledgement still reaches everyone in the room, the sender included', async () => {
    const { alice, bob, heard } = await classroom();
    untyped(alice).emit('send-message', { text: 'fire and forget' });
    const [toAlice, toBob] = await Promise.all([waitFor<ChatMessage>(alice, 'receive-message'), waitFor<ChatMessage>(bob, 'receive-message')]);
    expect(toAlice).toEqual(toBob);
    expect(toAlice).toMatchObject({ name: 'Alice', text: 'fire and forget', system: false });
    expect(heard.alice).toEqual([received(toAlice)]);
  });

  test('the timestamp is the server clock at the moment of sending, in milliseconds', async () => {
    const { alice } = await classroom();
    const before = Date.now();
    const message = await send(alice, 'what time is it?');
    const after = Date.now();
    expect(Number.isInteger(message.timestamp)).toBe(true);
    expect(message.timestamp).toBeGreaterThanOrEqual(before);
    expect(message.timestamp).toBeLessThanOrEqual(after);
  });

  test('join and leave notices carry the server time too', async () => {
    const alice = await connectAs('Alice', 'general');
    const aliceHeard = await listen(alice);
    const before = Date.now();
    const bob = await connectAs('Bob', 'general');
    bob.disconnect();
    await vi.waitFor(() => expect(aliceHeard.filter((h) => h.event === 'presence')).toHaveLength(2));
    const after = Date.now();
    const notices = aliceHeard.filter((h) => h.event === 'receive-message').map((h) => h.payload as ChatMessage);
    expect(notices.map((n) => n.text)).toEqual(['Bob joined', 'Bob left']);
    for (const { timestamp } of notices) {
      expect(timestamp).toBeGreaterThanOrEqual(before);
      expect(timestamp).toBeLessThanOrEqual(after);
    }
  });

  test('a client cannot choose its id, timestamp, name or room, nor pass its message off as a system notice', async () => {
    const { alice, bob, heard } = await classroom();
    const forged = { text: 'Bob left', id: 'forged', timestamp: 0, name: 'Bob', room: 'random', system: true };
    const reply = await untyped(alice).emitWithAck('send-message', forged);
    await settle(bob);
    expect(reply.message).toMatchObject({ text: 'Bob left', name: 'Alice', room: 'general', system: false });
    expect(reply.message.id).not.toBe('forged');
    expect(reply.message.timestamp).toBeGreaterThan(0);
    expect(heard.bob).toEqual([received(reply.message)]);
  });

  test('every message gets its own id', async () => {
    const { alice, bob } = await classroom();
    const ids = new Set<string>();
    for (const [sender, text] of [[alice, 'one'], [bob, 'two'], [alice, 'one']] as const) {
      ids.add((await send(sender, text)).id);
    }
    expect(ids.size).toBe(3);
  });

  test('markup in a message is delivered exactly as typed, not escaped or stripped', async () => {
    const { alice, bob, heard } = await classroom();
    const text = '<script>alert("hi")</script> <img src=x onerror="alert(1)"> <b>bold</b> &amp; &lt;3 \'quoted\'';
    const message = await send(alice, text);
    await settle(bob);
    expect(message.text).toBe(text);
    expect(chatMessages(heard.bob).map((m) => m.text)).toEqual([text]);
  });

  test(`a message of exactly ${TEXT_MAX_LENGTH} characters is delivered whole`, async () => {
    const { alice, bob, heard } = await classroom();
    const text = 'x'.repeat(TEXT_MAX_LENGTH);
    await send(alice, text);
    await settle(bob);
    expect(chatMessages(heard.bob).map((m) => m.text)).toEqual([text]);
  });
});

describe('rooms never leak', () => {
  test('a message sent in general never reaches Carol in random', async () => {
    const { alice, carol, heard } = await classroom();
    await send(alice, 'general only');
    // Carol's own later message in random arrives after anything general could have sent her.
    const later = waitFor<ChatMessage>(carol, 'receive-message');
    const carols = await send(carol, 'random only');
    expect(await later).toEqual(carols);
    expect(heard.carol).toEqual([received(carols)]);
  });

  test('a message sent in random never reaches Alice or Bob in general', async () => {
    const { alice, bob, carol, heard } = await classroom();
    await send(carol, 'random only');
    const later = waitFor<ChatMessage>(bob, 'receive-message');
    const alices = await send(alice, 'general only');
    await later;
    await settle(alice);
    expect(heard.alice).toEqual([received(alices)]);
    expect(heard.bob).toEqual([received(alices)]);
  });

  test('a message sent in general never reaches Dave, who is in no room', async () => {
    const { alice, dave, heard } = await classroom();
    await send(alice, 'anyone there?');
    await settle(dave);
    expect(heard.dave).toEqual([]);
  });

  test('once Bob moves to random, messages in general no longer reach him and messages in random do', async () => {
    const { alice, bob, carol, heard } = await classroom();
    await bob.emitWithAck('join-room', { room: 'random', name: 'Bob' });
    await settle(bob);
    heard.bob.length = 0;

    const inGeneral = await send(alice, 'general only');
    const inRandom = await send(carol, 'random only');
    await settle(bob);

    expect(heard.bob).toEqual([received(inRandom)]);
    expect(chatMessages(heard.alice)).toEqual([inGeneral]);
  });
});

describe('typing', () => {
  test('Bob sees Alice typing and stopping; Alice never sees her own typing, nor do Carol in random or Dave', async () => {
    const { alice, bob, heard, everyone } = await classroom();

    expect(await alice.emitWithAck('typing', { isTyping: true })).toEqual({ ok: true });
    untyped(alice).emit('typing', { isTyping: false });
    await waitFor(bob, 'typing');
    await settle(...everyone);

    expect(heard.bob).toEqual([typing('Alice', true), typing('Alice', false)]);
    expect(heard.alice).toEqual([]);
    expect(heard.carol).toEqual([]);
    expect(heard.dave).toEqual([]);
  });

  test('when Alice disconnects while typing, Bob is told she stopped typing, then that she left', async () => {
    const { alice, bob, carol, heard } = await classroom();
    await alice.emitWithAck('typing', { isTyping: true });

    alice.disconnect();
    await vi.waitFor(() => expect(heard.bob).toContainEqual(left('general', 'Alice')));
    await settle(bob, carol);

    expect(heard.bob).toEqual([
      typing('Alice', true),
      typing('Alice', false),
      notice('general', 'Alice', 'Alice left'),
      left('general', 'Alice'),
    ]);
    expect(heard.carol).toEqual([]);
  });

  test('when Alice stopped typing before disconnecting, Bob is not told a second time', async () => {
    const { alice, bob, heard } = await classroom();
    await alice.emitWithAck('typing', { isTyping: true });
    await alice.emitWithAck('typing', { isTyping: false });

    alice.disconnect();
    await vi.waitFor(() => expect(heard.bob).toContainEqual(left('general', 'Alice')));

    expect(heard.bob).toEqual([
      typing('Alice', true),
      typing('Alice', false),
      notice('general', 'Alice', 'Alice left'),
      left('general', 'Alice'),
    ]);
  });

  test('when Alice moves to random while typing, general is told she stopped typing and random is not told she types', async () => {
    const { alice, bob, carol, heard } = await classroom();
    await alice.emitWithAck('typing', { isTyping: true });

    await alice.emitWithAck('join-room', { room: 'random', name: 'Alice' });
    await settle(bob, carol);

    expect(heard.bob).toEqual([
      typing('Alice', true),
      typing('Alice', false),
      notice('general', 'Alice', 'Alice left'),
      left('general', 'Alice'),
    ]);
    expect(heard.carol).toEqual([notice('random', 'Alice', 'Alice joined'), joined('random', 'Alice')]);
  });
});

describe('disconnecting', () => {
  test('when Bob closes his tab, Alice sees "Bob left" and his name leaves her online list; Carol sees nothing', async () => {
    const { bob, alice, carol, heard } = await classroom();

    bob.disconnect();
    await waitFor(alice, 'presence');
    await settle(alice, carol);

    expect(heard.alice).toEqual([notice('general', 'Bob', 'Bob left'), left('general', 'Bob')]);
    expect(heard.carol).toEqual([]);
  });

  test('when Dave, in no room, disconnects, nobody is told anything', async () => {
    const { alice, bob, carol, dave, heard } = await classroom();
    const sockets = server.io.of('/').sockets;
    const before = sockets.size;

    dave.disconnect();
    await vi.waitFor(() => expect(sockets.size).toBe(before - 1));
    await settle(alice, bob, carol);

    expect([heard.alice, heard.bob, heard.carol]).toEqual([[], [], []]);
  });

  test('when the last one in random disconnects, the next to join random finds it empty', async () => {
    const carol = await connectAs('Carol', 'random');
    carol.disconnect();
    await vi.waitFor(() => expect(server.io.of('/').adapter.rooms.has('random')).toBe(false));
    const erin = await server.client();
    expect(await erin.emitWithAck('join-room', { room: 'random', name: 'Erin' })).toEqual({
      ok: true,
      room: 'random',
      users: ['Erin'],
    });
  });
});

interface BadRequest {
  /** Arguments before the acknowledgement; none at all is a request with no payload. */
  args: unknown[];
  event: ChatEventName;
  /** Alice is in general; Dave has not joined any room yet. */
  sender: 'Alice' | 'Dave';
}

const longName = 'N'.repeat(NAME_MAX_LENGTH + 1);
const longRoom = 'r'.repeat(ROOM_MAX_LENGTH + 1);
const longText = 'x'.repeat(TEXT_MAX_LENGTH + 1);

const badRequests: [string, BadRequest][] = [
  ['join-room with nothing at all', { event: 'join-room', args: [], sender: 'Alice' }],
  ['join-room with null', { event: 'join-room', args: [null], sender: 'Alice' }],
  ['join-room with a number', { event: 'join-room', args: [42], sender: 'Alice' }],
  ['join-room with a string', { event: 'join-room', args: ['general'], sender: 'Alice' }],
  ['join-room with an array', { event: 'join-room', args: [['general', 'Alice']], sender: 'Alice' }],
  ['join-room with an empty object', { event: 'join-room', args: [{}], sender: 'Alice' }],
  ['join-room with no name', { event: 'join-room', args: [{ room: 'random' }], sender: 'Alice' }],
  ['join-room with no room', { event: 'join-room', args: [{ name: 'Alice' }], sender: 'Alice' }],
  ['join-room with a number as the room', { event: 'join-room', args: [{ room: 7, name: 'Alice' }], sender: 'Alice' }],
  ['join-room with null as the name', { event: 'join-room', args: [{ room: 'random', name: null }], sender: 'Alice' }],
  ['join-room with an empty name', { event: 'join-room', args: [{ room: 'random', name: '' }], sender: 'Alice' }],
  ['join-room with a whitespace-only name', { event: 'join-room', args: [{ room: 'random', name: '   ' }], sender: 'Alice' }],
  [`join-room with a ${NAME_MAX_LENGTH + 1}-character name`, { event: 'join-room', args: [{ room: 'random', name: longName }], sender: 'Dave' }],
  ['join-room with an empty room', { event: 'join-room', args: [{ room: '', name: 'Dave' }], sender: 'Dave' }],
  [`join-room with a ${ROOM_MAX_LENGTH + 1}-character room`, { event: 'join-room', args: [{ room: longRoom, name: 'Dave' }], sender: 'Dave' }],
  ['join-room with an uppercase room', { event: 'join-room', args: [{ room: 'Random', name: 'Alice' }], sender: 'Alice' }],
  ['join-room with a space in the room', { event: 'join-room', args: [{ room: 'the lounge', name: 'Dave' }], sender: 'Dave' }],
  ['join-room with an emoji in the room', { event: 'join-room', args: [{ room: 'party🎉', name: 'Dave' }], sender: 'Dave' }],
  ['send-message with nothing at all', { event: 'send-message', args: [], sender: 'Alice' }],
  ['send-message with null', { event: 'send-message', args: [null], sender: 'Alice' }],
  ['send-message with a bare string', { event: 'send-message', args: ['hello'], sender: 'Alice' }],
  ['send-message with a number', { event: 'send-message', args: [3], sender: 'Alice' }],
  ['send-message with an array', { event: 'send-message', args: [[{ text: 'hello' }]], sender: 'Alice' }],
  ['send-message with no text', { event: 'send-message', args: [{}], sender: 'Alice' }],
  ['send-message with a number as text', { event: 'send-message', args: [{ text: 12 }], sender: 'Alice' }],
  ['send-message with null as text', { event: 'send-message', args: [{ text: null }], sender: 'Alice' }],
  ['send-message with empty text', { event: 'send-message', args: [{ text: '' }], sender: 'Alice' }],
  ['send-message with whitespace-only text', { event: 'send-message', args: [{ text: ' \n\t ' }], sender: 'Alice' }],
  [`send-message with ${TEXT_MAX_LENGTH + 1} characters`, { event: 'send-message', args: [{ text: longText }], sender: 'Alice' }],
  ['send-message before joining any room', { event: 'send-message', args: [{ text: 'hello?' }], sender: 'Dave' }],
  ['typing with nothing at all', { event: 'typing', args: [], sender: 'Alice' }],
  ['typing with null', { event: 'typing', args: [null], sender: 'Alice' }],
  ['typing with a bare boolean', { event: 'typing', args: [true], sender: 'Alice' }],
  ['typing with an array', { event: 'typing', args: [[true]], sender: 'Alice' }],
  ['typing with an empty object', { event: 'typing', args: [{}], sender: 'Alice' }],
  ['typing with a string for isTyping', { event: 'typing', args: [{ isTyping: 'yes' }], sender: 'Alice' }],
  ['typing with a number for isTyping', { event: 'typing', args: [{ isTyping: 1 }], sender: 'Alice' }],
  ['typing before joining any room', { event: 'typing', args: [{ isTyping: true }], sender: 'Dave' }],
];

const validators = { 'join-room': validateJoinRoom, 'send-message': validateSendMessage, typing: validateTyping };

/** What the sender should be told: the core's sentence for a bad payload, else that it must join a room first. */
function expectedError({ event, args }: BadRequest): string | RegExp {
  const result = validators[event](args[0]);
  return result.ok ? /^Join a room first/ : result.error;
}

describe('bad input', () => {
  test.each(badRequests)('%s: the sender is told why through its acknowledgement, and nobody hears anything', async (_, request) => {
    const { alice, dave, heard, everyone } = await classroom();
    const sender = request.sender === 'Alice' ? alice : dave;

    const reply = await untyped(sender).timeout(5000).emitWithAck(request.event, ...request.args);
    await settle(...everyone);

    expect(reply).toEqual({ ok: false, error: expect.stringMatching(expectedError(request)) });
    expect(reply.error).toMatch(aSentence);
    expect(Object.values(heard)).toEqual([[], [], [], []]);
  });

  test.each(badRequests)('%s without an acknowledgement: only the sender gets a chat-error', async (_, request) => {
    const { alice, dave, heard, everyone } = await classroom();
    const sender = request.sender === 'Alice' ? alice : dave;

    untyped(sender).emit(request.event, ...request.args);
    await waitFor(sender, 'chat-error');
    await settle(...everyone);

    const chatError = { event: request.event, error: expect.stringMatching(expectedError(request)) };
    const senderHeard = request.sender === 'Alice' ? heard.alice : heard.dave;
    expect(senderHeard).toEqual([{ event: 'chat-error', payload: chatError }]);
    expect((senderHeard[0]?.payload as { error: string }).error).toMatch(aSentence);
    const others = Object.entries(heard).filter(([name]) => name !== request.sender.toLowerCase());
    expect(others.map(([, log]) => log)).toEqual([[], [], []]);
  });

  test('a refused join-room leaves Alice where she was: her next message still reaches general only', async () => {
    const { alice, bob, carol, heard } = await classroom();
    const reply = await alice.emitWithAck('join-room', { room: 'Random', name: 'Alice' });
    expect(reply.ok).toBe(false);

    const message = await send(alice, 'still in general');
    await settle(bob, carol);

    expect(message.room).toBe('general');
    expect(heard.bob).toEqual([received(message)]);
    expect(heard.carol).toEqual([]);
  });

  test('a message refused for being too long never reaches Bob, and Alice can send again right away', async () => {
    const { alice, bob, heard } = await classroom();
    await alice.emitWithAck('send-message', { text: longText });
    const ok = await send(alice, 'short one');
    await settle(bob);
    expect(heard.bob).toEqual([received(ok)]);
  });

  test('the server keeps serving after a flood of bad input from one client', async () => {
    // Bad input, not its rate, is the point here: the rate limits have their own tests (client-events.test.ts).
    await server.stop();
    server = await startTestServer({ rateLimits: UNLIMITED_RATES });
    const { alice, bob, carol, dave, heard } = await classroom();
    // Payloads refused whoever sends them (Alice is in a room, so "before joining" requests would be fine from her).
    const badPayloads = badRequests.map(([, request]) => request).filter(({ event, args }) => !validators[event](args[0]).ok);
    const rounds = 10;
    const chatErrors = new Promise<void>((resolve) => {
      let count = 0;
      alice.on('chat-error', () => ++count === badPayloads.length * rounds && resolve());
    });

    const replies: Promise<unknown>[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const { event, args } of badPayloads) {
        untyped(alice).emit(event, ...args);
        replies.push(untyped(alice).timeout(5000).emitWithAck(event, ...args));
      }
    }
    await chatErrors;
    expect((await Promise.all(replies)).every((reply) => (reply as { ok: boolean }).ok === false)).toBe(true);

    expect(alice.connected).toBe(true);
    const fromBob = await send(bob, 'still working?');
    const fromAlice = await send(alice, 'yes');
    expect(await dave.emitWithAck('join-room', { room: 'random', name: 'Dave' })).toEqual({
      ok: true,
      room: 'random',
      users: ['Carol', 'Dave'],
    });
    await settle(bob, carol);
    expect(chatMessages(heard.alice)).toEqual([fromBob, fromAlice]);
    expect(heard.bob).toEqual([received(fromBob), received(fromAlice)]);
    expect(heard.carol).toEqual([notice('random', 'Dave', 'Dave joined'), joined('random', 'Dave')]);
  });
});
