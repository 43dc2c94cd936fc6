// Classroom mode on a real server with real clients: the instructor drives, students watch, chat and predict.
import { connect } from 'socket.io-client';
import { afterEach, expect, test } from 'vitest';
import {
  CLASSROOM_ROUTE,
  CLASS_CONTROLS_ARE_FOR_CLASSROOMS,
  INSTRUCTOR_KEY_HEADER,
  PREDICTIONS_ARE_FOR_CLASSROOMS,
  instructorOnlyError,
  type ClassRoster,
  type StudentsMayEmit,
} from '../../core/classroom.ts';
import { withPresence, type ChatMessage, type OnlineUsers, type Reply } from '../../core/chat-contract.ts';
import { STUDENT_EMIT_RATE_LIMIT } from '../../core/limits.ts';
import { LAB_BROADCAST_ROUTE, OTHER_NAMESPACE } from '../../core/emit-rules.ts';
import type { ArmedNotice, EmitResult } from '../../core/lab-contract.ts';
import { onlineUsers } from '../../server/chat.ts';
import { broadcastFromRoute, labClient, type LabClient } from '../support/lab-client.ts';
import { record, startTestServer, type TestServer } from '../support/sockets.ts';

const KEY = 'projector-key-123';
const classroom = { classroom: { instructorKey: KEY } };

let server: TestServer;
afterEach(() => server?.stop());

/** Alice on the projector (the instructor's key) and Bob in general, Carol in random, Dave in no room: students. */
async function classroomCast() {
  server = await startTestServer(classroom);
  const alice = await labClient(server, { name: 'Alice', room: 'general', key: KEY });
  const bob = await labClient(server, { name: 'Bob', room: 'general' });
  const carol = await labClient(server, { name: 'Carol', room: 'random' });
  const dave = await labClient(server, { name: 'Dave' });
  return { alice, bob, carol, dave, everyone: [alice, bob, carol, dave] };
}

async function perform(sender: LabClient, request: { variant: string; room?: string }): Promise<EmitResult> {
  const reply = await sender.perform(request);
  if (!reply.ok) throw new Error(`the lab refused ${request.variant}: ${reply.error}`);
  return reply.result;
}

const outcomeOf = (result: EmitResult, name: string) => result.outcomes.find((outcome) => outcome.name === name);
const serverSide = (client: LabClient) => server.io.of(client.namespace).sockets.get(client.id)!;

async function classroomInfo(headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${server.url}${CLASSROOM_ROUTE}`, { headers });
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

test("a student cannot perform an emit, join or leave the lab's rooms, nor broadcast from the route: told why, and nobody receives anything", async () => {
  const { bob, everyone } = await classroomCast();

  expect(await bob.perform({ variant: 'io.emit' })).toEqual({ ok: false, error: instructorOnlyError('lab:perform') });
  expect(await bob.socket.emitWithAck('lab:join', { room: 'team-a' })).toEqual({ ok: false, error: instructorOnlyError('lab:join') });
  expect(await bob.socket.emitWithAck('lab:leave', { room: 'general' })).toEqual({ ok: false, error: instructorOnlyError('lab:leave') });
  const route = await broadcastFromRoute(server.url, 'general');
  expect(route).toEqual({ status: 403, body: { ok: false, error: instructorOnlyError(`POST ${LAB_BROADCAST_ROUTE}`) } });
  expect(instructorOnlyError('lab:perform')).toMatch(/^Only the instructor can perform an emit in classroom mode: /);

  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(everyone.map((client) => client.hellos.length)).toEqual([0, 0, 0, 0]);
  expect([...serverSide(bob).rooms].sort()).toEqual([bob.id, 'general'].sort());
});

test("the instructor's io.to('general').emit reaches exactly the sockets in general, and so does its broadcast from the route", async () => {
  const { alice, bob, everyone } = await classroomCast();
  expect(serverSide(alice).data.instructor).toBe(true);
  expect(serverSide(bob).data.instructor).toBeUndefined();

  const result = await perform(alice, { variant: 'io.to(room).emit', room: 'general' });
  expect(everyone.filter((client) => client.received(result.emit)).map((client) => client.name)).toEqual(['Alice', 'Bob']);
  expect(result.outcomes.filter((outcome) => outcome.received).map((outcome) => outcome.name).sort()).toEqual(['Alice', 'Bob']);

  const response = await fetch(`${server.url}${LAB_BROADCAST_ROUTE}?room=random`, { method: 'POST', headers: { [INSTRUCTOR_KEY_HEADER]: KEY } });
  const body = (await response.json()) as Reply<{ result: EmitResult }>;
  if (!body.ok) throw new Error(body.error);
  expect(everyone.filter((client) => client.received(body.result.emit)).map((client) => client.name)).toEqual(['Carol']);

  expect(await alice.socket.emitWithAck('lab:join', { room: 'team-a' })).toEqual({ ok: true, rooms: ['general', 'team-a'] });
});

test("a wrong key, even one of the same length, is a student's, on / and on /other", async () => {
  server = await startTestServer(classroom);
  const sameLength = await labClient(server, { name: 'Mallory', room: 'general', key: KEY.replace(/3$/, '4') });
  const longer = await labClient(server, { name: 'Trent', key: `${KEY}0` });
  const other = await labClient(server, { name: 'Olivia', namespace: OTHER_NAMESPACE, key: 'nope' });
  const instructorElsewhere = await labClient(server, { name: 'Ivan', namespace: OTHER_NAMESPACE, key: KEY });

  for (const student of [sameLength, longer]) {
    expect(await student.perform({ variant: 'io.emit' })).toEqual({ ok: false, error: instructorOnlyError('lab:perform') });
  }
  expect(serverSide(other).data.instructor).toBeUndefined();
  expect(serverSide(instructorElsewhere).data.instructor).toBe(true);
  const wrongHeader = await fetch(`${server.url}${LAB_BROADCAST_ROUTE}?room=general`, { method: 'POST', headers: { [INSTRUCTOR_KEY_HEADER]: 'nope' } });
  expect(wrongHeader.status).toBe(403);
});

test('a second "Zed" becomes "Zed 2", and a third "Zed 3": the ack and the room say the name it really got', async () => {
  server = await startTestServer(classroom);
  const first = await labClient(server, { name: 'Zed' });
  const second = await labClient(server, { name: 'Zed' });
  const seen = record<ChatMessage>(first.socket, 'receive-message');

  expect(await first.socket.emitWithAck('join-room', { room: 'general', name: 'Zed' })).toMatchObject({ ok: true, name: 'Zed' });
  const secondJoin = await second.socket.emitWithAck('join-room', { room: 'general', name: 'Zed' });
  expect(secondJoin).toEqual({ ok: true, room: 'general', users: ['Zed', 'Zed 2'], name: 'Zed 2' });
  expect(serverSide(second).data.name).toBe('Zed 2');
  await expect.poll(() => seen.map((message) => message.text)).toContain('Zed 2 joined');

  // Named in its handshake: renamed at once, so even a socket in no room is told apart in the lab.
  const third = await labClient(server, { name: 'Zed' });
  expect(serverSide(third).data.name).toBe('Zed 3');
  // Joining another room with its first name again keeps the name it got.
  expect(await second.socket.emitWithAck('join-room', { room: 'random', name: 'Zed' })).toMatchObject({ ok: true, room: 'random', name: 'Zed 2' });
});

test("students' predictions are reported beside the instructor's next result, then forgotten", async () => {
  const { alice, bob, carol } = await classroomCast();
  expect(await bob.socket.emitWithAck('lab:predict', { willReceive: true })).toEqual({ ok: true });
  expect(await carol.socket.emitWithAck('lab:predict', { emit: 1, willReceive: true })).toEqual({ ok: true });
  // The latest guess counts.
  expect(await carol.socket.emitWithAck('lab:predict', { emit: 1, willReceive: false })).toEqual({ ok: true });
  expect(await bob.socket.emitWithAck('lab:predict', { willReceive: 'yes' } as never)).toMatchObject({ ok: false });
  expect(await bob.socket.emitWithAck('lab:predict', { willReceive: true, emit: -1 })).toMatchObject({ ok: false });
  expect(await bob.socket.emitWithAck('lab:predict', { willReceive: true, extra: 1 } as never)).toMatchObject({ ok: false });
  expect(serverSide(bob).data.prediction).toBe(true);

  const result = await perform(alice, { variant: 'io.to(room).emit', room: 'general' });
  expect(outcomeOf(result, 'Bob')).toMatchObject({ received: true, predictedByStudent: true });
  expect(outcomeOf(result, 'Carol')).toMatchObject({ received: false, predictedByStudent: false });
  expect(outcomeOf(result, 'Alice')?.predictedByStudent).toBeUndefined();
  expect(outcomeOf(result, 'Dave')?.predictedByStudent).toBeUndefined();

  const next = await perform(alice, { variant: 'io.emit' });
  expect(next.outcomes.filter((outcome) => outcome.predictedByStudent !== undefined)).toEqual([]);
  expect(serverSide(bob).data.prediction).toBeUndefined();
});

test("the instructor arms an emit: every student is asked, a student cannot arm, and the guesses then count for its result", async () => {
  const { alice, bob, carol, dave } = await classroomCast();
  const asked = [bob, carol, dave].map((student) => record<ArmedNotice>(student.socket, 'lab:armed'));

  expect(await bob.socket.emitWithAck('lab:arm', { armed: true })).toEqual({ ok: false, error: instructorOnlyError('lab:arm') });
  expect(instructorOnlyError('lab:arm')).toMatch(/^Only the instructor can arm an emit for the class to predict in classroom mode: /);
  expect(await alice.socket.emitWithAck('lab:arm', { armed: 'yes' } as never)).toMatchObject({ ok: false, error: expect.stringMatching(/\{ armed: true \}/) });
  expect(await alice.socket.emitWithAck('lab:arm', { armed: true, variant: 'io.emit' } as never)).toMatchObject({ ok: false });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(asked.map((notices) => notices.length)).toEqual([0, 0, 0]);

  // A guess from before the question does not count for it.
  expect(await dave.socket.emitWithAck('lab:predict', { willReceive: true })).toEqual({ ok: true });
  expect(await alice.socket.emitWithAck('lab:arm', { armed: true })).toEqual({ ok: true });
  await expect.poll(() => asked.map((notices) => notices.at(-1))).toEqual([{ armed: true }, { armed: true }, { armed: true }]);
  expect(serverSide(dave).data.prediction).toBeUndefined();
  // A student who arrives during the question is asked at once.
  const late = connect(server.url, { forceNew: true, reconnection: false, autoConnect: false, auth: { name: 'Erin', lab: true } });
  const lateAsked = record<ArmedNotice>(late, 'lab:armed');
  late.connect();
  await expect.poll(() => lateAsked).toEqual([{ armed: true }]);
  late.close();

  expect(await bob.socket.emitWithAck('lab:predict', { willReceive: true })).toEqual({ ok: true });
  expect(await carol.socket.emitWithAck('lab:predict', { willReceive: true })).toEqual({ ok: true });
  const result = await perform(alice, { variant: 'io.to(room).emit', room: 'general' });
  expect(outcomeOf(result, 'Bob')).toMatchObject({ received: true, predictedByStudent: true });
  expect(outcomeOf(result, 'Carol')).toMatchObject({ received: false, predictedByStudent: true });
  expect(outcomeOf(result, 'Dave')?.predictedByStudent).toBeUndefined();

  expect(await alice.socket.emitWithAck('lab:arm', { armed: false })).toEqual({ ok: true });
  await expect.poll(() => asked.map((notices) => notices.at(-1))).toEqual([{ armed: false }, { armed: false }, { armed: false }]);
});

test('GET /api/classroom says the mode, and whether the X-Instructor-Key header is the instructor’s, never echoing it', async () => {
  server = await startTestServer(classroom);
  expect(await classroomInfo()).toEqual({ mode: 'classroom', instructor: false });
  expect(await classroomInfo({ [INSTRUCTOR_KEY_HEADER]: 'nope' })).toEqual({ mode: 'classroom', instructor: false });
  expect(await classroomInfo({ [INSTRUCTOR_KEY_HEADER]: KEY })).toEqual({ mode: 'classroom', instructor: true });
});

test('the students\' URL goes to the pages that drive the lab: the instructor\'s in classroom mode, every page in solo mode', async () => {
  const studentsUrl = 'http://192.0.2.10:3000/';
  server = await startTestServer({ classroom: { instructorKey: KEY }, studentsUrl });
  expect(await classroomInfo({ [INSTRUCTOR_KEY_HEADER]: KEY })).toEqual({ mode: 'classroom', instructor: true, studentsUrl });
  expect(await classroomInfo()).toEqual({ mode: 'classroom', instructor: false });
  await server.stop();
  // HOST=0.0.0.0 npm start: every device drives the lab, and presenter mode shows where the others join.
  server = await startTestServer({ studentsUrl });
  expect(await classroomInfo()).toEqual({ mode: 'solo', studentsUrl });
});

test('solo mode is unchanged: anyone performs, names may repeat, and predictions are refused', async () => {
  server = await startTestServer();
  expect(await classroomInfo()).toEqual({ mode: 'solo' });
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const twin = await labClient(server, { name: 'Alice' });
  const result = await perform(alice, { variant: 'io.to(room).emit', room: 'general' });
  expect(outcomeOf(result, 'Alice')).toMatchObject({ received: true });
  expect(await twin.socket.emitWithAck('join-room', { room: 'general', name: 'Alice' })).toEqual({ ok: true, room: 'general', users: ['Alice', 'Alice'] });
  expect(await twin.socket.emitWithAck('lab:predict', { willReceive: true })).toEqual({ ok: false, error: PREDICTIONS_ARE_FOR_CLASSROOMS });
  expect(await alice.socket.emitWithAck('lab:arm', { armed: true })).toEqual({ ok: false, error: PREDICTIONS_ARE_FOR_CLASSROOMS });
  expect(await broadcastFromRoute(server.url, 'general')).toMatchObject({ status: 200, body: { ok: true } });
});

/** Who is online in a client's room, as a card tracks it: the whole list on joining, then each presence change. */
function onlineSeenBy(client: LabClient): () => OnlineUsers {
  let seen: OnlineUsers = { room: '', users: [] };
  client.socket.on('online-users', (update) => (seen = update));
  client.socket.on('presence', (change) => {
    if (change.room === seen.room) seen = { room: seen.room, users: withPresence(seen.users, change) };
  });
  return () => seen;
}

/** The chat room each client is in, as the server has it. */
const chatRooms = (...clients: LabClient[]) => clients.map((client) => serverSide(client).data.room);
const texts = (messages: ChatMessage[]) => messages.map((message) => `${message.room}: ${message.text}`);

test("the instructor moves one student, then a selection: both rooms hear it, and the students' online users follow", async () => {
  const { alice, bob, carol, dave } = await classroomCast();
  const bobHeard = record<ChatMessage>(bob.socket, 'receive-message');
  const bobOnline = record<OnlineUsers>(bob.socket, 'online-users');
  const aliceHeard = record<ChatMessage>(alice.socket, 'receive-message');

  expect(await alice.socket.emitWithAck('class:move', { socketIds: [bob.id], room: 'team-a' })).toEqual({ ok: true, moved: 1 });
  expect(chatRooms(bob)).toEqual(['team-a']);
  expect([...serverSide(bob).rooms].sort()).toEqual([bob.id, 'team-a'].sort());
  await expect.poll(() => texts(aliceHeard)).toContain('general: Bob left');
  await expect.poll(() => texts(bobHeard)).toContain('team-a: Bob joined');
  await expect.poll(() => bobOnline.at(-1)).toEqual({ room: 'team-a', users: ['Bob'] });

  expect(await alice.socket.emitWithAck('class:move', { socketIds: [bob.id, carol.id, dave.id], room: 'team-b' })).toEqual({ ok: true, moved: 3 });
  expect(chatRooms(bob, carol, dave)).toEqual(['team-b', 'team-b', 'team-b']);
  expect(await onlineUsers(server.io, 'team-b')).toEqual(['Bob', 'Carol', 'Dave']);
  await expect.poll(() => bobOnline.at(-1)?.room).toBe('team-b');
  // The instructor's own card stays where it is.
  expect(chatRooms(alice)).toEqual(['general']);

  // Nobody moves when one of those named cannot: the instructor's own socket, a socket that left, someone else's room.
  expect(await alice.socket.emitWithAck('class:move', { socketIds: [bob.id, alice.id], room: 'team-c' })).toMatchObject({ ok: false, error: expect.stringMatching(/is not a student of the class/) });
  expect(await alice.socket.emitWithAck('class:move', { socketIds: ['gone-socket-id'], room: 'team-c' })).toMatchObject({ ok: false });
  expect(await alice.socket.emitWithAck('class:move', { socketIds: [], room: 'team-c' })).toEqual({ ok: false, error: 'Pick at least one student to move.' });
  expect(await alice.socket.emitWithAck('class:move', { socketIds: [bob.id], room: 'Team C' })).toMatchObject({ ok: false });
  expect(chatRooms(bob, carol, dave)).toEqual(['team-b', 'team-b', 'team-b']);
});

test('the instructor lists the class, splits it into rooms round-robin by name, and resets it: everyone back in general, no question armed, no student emits', async () => {
  const { alice, bob, carol, dave } = await classroomCast();
  const erin = await labClient(server, { name: 'Erin', room: 'random' });
  const roster = async () => {
    const reply = await alice.socket.emitWithAck('class:roster', {});
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  };
  expect(await roster()).toEqual({
    ok: true,
    studentsMayEmit: false,
    students: [
      { socketId: bob.id, name: 'Bob', room: 'general' },
      { socketId: carol.id, name: 'Carol', room: 'random' },
      { socketId: dave.id, name: 'Dave' },
      { socketId: erin.id, name: 'Erin', room: 'random' },
    ],
  } satisfies Reply<ClassRoster>);

  const bobOnline = onlineSeenBy(bob);
  const erinOnline = onlineSeenBy(erin);
  expect(await alice.socket.emitWithAck('class:split', { rooms: 2 })).toEqual({ ok: true, rooms: ['room-1', 'room-2'], moved: 4 });
  expect(chatRooms(bob, carol, dave, erin)).toEqual(['room-1', 'room-2', 'room-1', 'room-2']);
  // Each student's list of who is online, from the whole list on arriving and the changes after it.
  await expect.poll(bobOnline).toEqual({ room: 'room-1', users: ['Bob', 'Dave'] });
  await expect.poll(erinOnline).toEqual({ room: 'room-2', users: ['Carol', 'Erin'] });
  expect(await alice.socket.emitWithAck('class:split', { rooms: ['red', 'green', 'blue'] })).toEqual({ ok: true, rooms: ['red', 'green', 'blue'], moved: 4 });
  expect(chatRooms(bob, carol, dave, erin)).toEqual(['red', 'green', 'blue', 'red']);
  expect(await alice.socket.emitWithAck('class:split', { rooms: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/^Split the class into 2 to \d+ rooms/) });
  expect(await alice.socket.emitWithAck('class:split', { rooms: ['red', 'red'] })).toEqual({ ok: false, error: 'red is named twice: name each room once.' });

  expect(await alice.socket.emitWithAck('class:students-may-emit', { open: true })).toEqual({ ok: true });
  expect(await alice.socket.emitWithAck('lab:arm', { armed: true })).toEqual({ ok: true });
  expect(await bob.socket.emitWithAck('lab:predict', { willReceive: true })).toEqual({ ok: true });
  const closed = record<StudentsMayEmit>(carol.socket, 'class:students-may-emit');
  const disarmed = record<ArmedNotice>(dave.socket, 'lab:armed');
  expect(await alice.socket.emitWithAck('class:reset', {})).toEqual({ ok: true, moved: 4 });
  // The question in play is withdrawn too: no card is left asking "Will you receive it?".
  await expect.poll(() => disarmed).toEqual([{ armed: false }]);
  expect(chatRooms(alice, bob, carol, dave, erin)).toEqual(['general', 'general', 'general', 'general', 'general']);
  expect(serverSide(bob).data.prediction).toBeUndefined();
  await expect.poll(() => closed).toEqual([{ open: false }]);
  expect(await bob.perform({ variant: 'io.emit' })).toEqual({ ok: false, error: instructorOnlyError('lab:perform') });
  expect((await roster()).studentsMayEmit).toBe(false);
});

test("the instructor performs from a student's handler: socket.to('general').emit from Bob leaves Bob out, and the result says Bob sent it", async () => {
  const { alice, bob, everyone } = await classroomCast();
  const result = await perform(alice, { variant: 'socket.to(room).emit', room: 'general', senderId: bob.id } as never);
  expect(result).toMatchObject({ senderId: bob.id, senderName: 'Bob' });
  expect(everyone.filter((client) => client.received(result.emit)).map((client) => client.name)).toEqual(['Alice']);
  expect(outcomeOf(result, 'Bob')).toMatchObject({ received: false, predicted: false });

  expect(await alice.perform({ variant: 'io.emit', senderId: 'not-connected-any-more' })).toEqual({ ok: false, error: 'That sender is no longer connected: pick another sender.' });
  expect(await alice.perform({ variant: 'io.emit', senderId: 42 })).toMatchObject({ ok: false, error: expect.stringMatching(/^Pick the sender/) });
});

test('with "Students may emit" open, a student performs the four emits from their own socket only, at a student\'s rate; closed, they cannot', async () => {
  const { alice, bob, carol, everyone } = await classroomCast();
  const notices = record<StudentsMayEmit>(bob.socket, 'class:students-may-emit');
  expect(await alice.socket.emitWithAck('class:students-may-emit', { open: true })).toEqual({ ok: true });
  await expect.poll(() => notices).toEqual([{ open: true }]);
  // A student who arrives while emits are open is told at once.
  const late = connect(server.url, { forceNew: true, reconnection: false, autoConnect: false, auth: { name: 'Erin', lab: true } });
  const lateNotices = record<StudentsMayEmit>(late, 'class:students-may-emit');
  late.connect();
  await expect.poll(() => lateNotices).toEqual([{ open: true }]);
  late.close();

  const own = await perform(bob, { variant: 'io.to(room).emit', room: 'general' });
  expect(own).toMatchObject({ senderId: bob.id, senderName: 'Bob' });
  expect(everyone.filter((client) => client.received(own.emit)).map((client) => client.name)).toEqual(['Alice', 'Bob']);
  expect(await perform(bob, { variant: 'socket.emit', senderId: bob.id } as never)).toMatchObject({ senderName: 'Bob' });

  expect(await bob.perform({ variant: 'io.emit', senderId: carol.id })).toEqual({ ok: false, error: instructorOnlyError('lab:perform from another socket') });
  expect(await bob.perform({ variant: 'io.timeout(ms).emit', timeoutMs: 5000 })).toMatchObject({ ok: false, error: expect.stringMatching(/four emits of the lesson only/) });
  // Two emits went, a third is within the burst, a fourth is too soon.
  expect(STUDENT_EMIT_RATE_LIMIT.burst).toBe(3);
  await perform(bob, { variant: 'socket.emit' });
  expect(await bob.perform({ variant: 'socket.emit' })).toMatchObject({ ok: false, error: expect.stringMatching(/^Slow down: a student may perform an emit every 5 seconds/) });
  // The instructor's own emits are not held to it.
  for (let count = 0; count < 4; count++) await perform(alice, { variant: 'socket.emit' });

  expect(await alice.socket.emitWithAck('class:students-may-emit', { open: false })).toEqual({ ok: true });
  await expect.poll(() => notices).toEqual([{ open: true }, { open: false }]);
  expect(await carol.perform({ variant: 'io.emit' })).toEqual({ ok: false, error: instructorOnlyError('lab:perform') });
});

test('a student, or a plain socket.io-client without the key, cannot list, move, split, reset, open emits or pick another sender: told why, and nothing is delivered', async () => {
  const { alice, bob, carol, everyone } = await classroomCast();
  const plain = await server.client();
  const heard = everyone.map((client) => ({ messages: record<ChatMessage>(client.socket, 'receive-message'), notices: record<StudentsMayEmit>(client.socket, 'class:students-may-emit') }));
  const attempts = [
    ['class:roster', {}],
    ['class:move', { socketIds: [carol.id], room: 'team-a' }],
    ['class:split', { rooms: 2 }],
    ['class:reset', {}],
    ['class:students-may-emit', { open: true }],
  ] as const;
  for (const socket of [bob.socket, plain]) {
    for (const [event, payload] of attempts) {
      expect(await (socket as typeof bob.socket).emitWithAck(event, payload as never)).toEqual({ ok: false, error: instructorOnlyError(event) });
    }
  }
  expect(await bob.perform({ variant: 'io.emit', senderId: alice.id })).toEqual({ ok: false, error: instructorOnlyError('lab:perform') });
  expect(instructorOnlyError('class:move')).toMatch(/^Only the instructor can move students between rooms in classroom mode: /);

  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(chatRooms(alice, bob, carol)).toEqual(['general', 'general', 'random']);
  expect(heard.map(({ messages, notices }) => messages.length + notices.length)).toEqual([0, 0, 0, 0]);
  expect(everyone.map((client) => client.hellos.length)).toEqual([0, 0, 0, 0]);
});

test('solo mode has no class to drive: every class control is refused', async () => {
  server = await startTestServer();
  const alice = await labClient(server, { name: 'Alice', room: 'general' });
  const bob = await labClient(server, { name: 'Bob', room: 'general' });
  expect(await alice.socket.emitWithAck('class:move', { socketIds: [bob.id], room: 'team-a' })).toEqual({ ok: false, error: CLASS_CONTROLS_ARE_FOR_CLASSROOMS });
  expect(await alice.socket.emitWithAck('class:students-may-emit', { open: true })).toEqual({ ok: false, error: CLASS_CONTROLS_ARE_FOR_CLASSROOMS });
  expect(serverSide(bob).data.room).toBe('general');
});
