import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, test } from 'vitest';
import { withPresence, type ChatMessage, type OnlineUsers, type PresenceChange } from '../../core/chat-contract.ts';
import { LAB_NAMESPACE, type LabObserverEvents, type RoomsChanged, type RoomsSnapshot } from '../../core/lab-contract.ts';
import { record, startTestServer, UNLIMITED_RATES, waitFor, type ChatClient, type TestServer } from '../support/sockets.ts';

let server: TestServer;
afterEach(() => server?.stop());

type Observer = Socket<LabObserverEvents>;

async function start(): Promise<void> {
  server = await startTestServer({ rateLimits: UNLIMITED_RATES, connectionsPerAddress: 1000 });
}

async function joined(client: ChatClient, room: string, name: string): Promise<string[]> {
  const reply = await client.emitWithAck('join-room', { room, name });
  if (!reply.ok) throw new Error(`join-room was refused: ${reply.error}`);
  return reply.users;
}

/** Resolves once the server answered `client`: what it sent before has arrived (one connection keeps order). */
async function roundTrip(client: { emitWithAck(...args: any[]): Promise<unknown> }): Promise<void> {
  await client.emitWithAck('typing', 'round trip');
}

/** What the server says is in `room` right now, as a newcomer would be told. */
async function serverList(room: string): Promise<string[]> {
  const sockets = await server.io.in(room).fetchSockets();
  return sockets.map((socket) => socket.data.name ?? '').sort((a, b) => a.localeCompare(b));
}

/** A member's online list as its card keeps it: the whole list on joining, then each change applied. */
function onlineList(client: ChatClient, room: string) {
  const list = { users: [] as string[], messages: 0, names: 0, wholeLists: 0 };
  client.on('online-users', (update: OnlineUsers) => {
    if (update.room !== room) return;
    list.messages++;
    list.wholeLists++;
    list.names += update.users.length;
    list.users = update.users;
  });
  client.on('presence', (change: PresenceChange) => {
    if (change.room !== room) return;
    list.messages++;
    list.names += change.joined.length + change.left.length;
    list.users = withPresence(list.users, change);
  });
  return list;
}

/** A page's /lab observer, connected, with its first snapshot (listened to before connecting: it comes right away). */
async function observe(auth: object = {}): Promise<{ observer: Observer; firstSnapshot: Promise<RoomsSnapshot> }> {
  const observer: Observer = connect(`${server.url}${LAB_NAMESPACE}`, { forceNew: true, reconnection: false, autoConnect: false, auth });
  const firstSnapshot = waitFor<RoomsSnapshot>(observer, 'lab:rooms');
  firstSnapshot.catch(() => {});
  observer.connect();
  await waitFor(observer, 'connect');
  return { observer, firstSnapshot };
}

/** An observer's rooms view as the page keeps it: the snapshot, then each change applied; and how many socket views it was sent. */
function roomsView(observer: Observer) {
  const view = { sockets: new Map<string, RoomsSnapshot['sockets'][number]>(), views: 0 };
  observer.on('lab:rooms', (snapshot) => {
    view.views += snapshot.sockets.length;
    view.sockets = new Map(snapshot.sockets.map((socket) => [socket.id, socket]));
  });
  observer.on('lab:rooms-changed', (change: RoomsChanged) => {
    view.views += change.sockets.length;
    for (const id of change.gone) view.sockets.delete(id);
    for (const socket of change.sockets) view.sockets.set(socket.id, socket);
  });
  return view;
}

/** N students connect and join general at once; what Alice (already in general) and a page's observer were sent meanwhile. */
async function classJoins(students: number) {
  await start();
  const alice = await server.client();
  await joined(alice, 'general', 'Alice');
  const { observer, firstSnapshot } = await observe();
  const view = roomsView(observer);
  view.sockets = new Map((await firstSnapshot).sockets.map((socket) => [socket.id, socket]));
  const list = onlineList(alice, 'general');
  list.users = ['Alice'];
  const clients: ChatClient[] = [];
  for (let student = 0; student < students; student++) clients.push(await server.client({ transports: ['websocket'] }));
  await Promise.all(clients.map((client, index) => joined(client, 'general', `Student ${index + 1}`)));
  await expect.poll(() => list.users.length).toBe(students + 1);
  await expect.poll(() => clients.every((client) => view.sockets.get(client.id!)?.rooms.includes('general'))).toBe(true);
  await roundTrip(alice);
  observer.disconnect();
  return { list, views: view.views };
}

describe('a class joining one room', () => {
  test('a member is told each newcomer once, not the whole list again at every join: 100 joins cost her twice what 50 do', async () => {
    const fifty = await classJoins(50);
    await server.stop();
    const hundred = await classJoins(100);

    expect(fifty.list.names).toBe(50);
    expect(hundred.list.names).toBe(100);
    // One notice and one change per batch of joins at most: never more messages than joins.
    expect(hundred.list.messages).toBeLessThanOrEqual(100);
    expect(hundred.list.users).toEqual(await serverList('general'));
  });

  test("a page's rooms view is sent each newcomer's socket, not every socket at every join: linear in the joins", async () => {
    const fifty = await classJoins(50);
    await server.stop();
    const hundred = await classJoins(100);

    // Each student's socket appears when it connects and when it joins: two views, or one when both came together,
    // and now and then a third when a busy machine spreads them over more of the feed's windows. Full snapshots at
    // every join, as before, sent every socket each time: up to 1,275 views for 50 joins and 5,050 for 100.
    const linear = (joins: number) => 2 * joins + joins / 10;
    expect(fifty.views).toBeLessThanOrEqual(linear(50));
    expect(hundred.views).toBeLessThanOrEqual(linear(100));
  });
});

describe('a storm of joins into one room', () => {
  test('50 students joining at once, while others leave, each end with exactly who is online, and hear every arrival once, in order', async () => {
    await start();
    const alice = await server.client();
    await joined(alice, 'general', 'Alice');
    // Already in general, and leaving during the storm: the newcomers' lists must lose them too.
    const leavers: ChatClient[] = [];
    for (let each = 0; each < 10; each++) leavers.push(await server.client({ transports: ['websocket'] }));
    for (const [index, leaver] of leavers.entries()) await joined(leaver, 'general', `Leaver ${index + 1}`);
    const students: ChatClient[] = [];
    for (let each = 0; each < 50; each++) students.push(await server.client({ transports: ['websocket'] }));
    const members = [alice, ...students];
    const lists = members.map((member) => onlineList(member, 'general'));
    lists[0]!.users = await serverList('general');
    const notices = members.map((member) => record<ChatMessage>(member, 'receive-message'));

    await Promise.all([
      ...students.map((student, index) => joined(student, 'general', `Student ${index + 1}`)),
      ...leavers.map(async (leaver) => leaver.disconnect()),
    ]);
    await expect.poll(() => server.io.of('/').adapter.rooms.get('general')?.size).toBe(51);
    // One more arrival after the storm: its change reaches each member after every change of the storm (one
    // connection keeps order), so a list that shows it has heard all there was to hear.
    const zed = await server.client();
    await joined(zed, 'general', 'Zed');
    const expected = await serverList('general');
    expect(expected).toHaveLength(52);
    for (const [index, list] of lists.entries()) {
      const whose = index === 0 ? 'Alice' : `Student ${index}`;
      await expect.poll(() => list.users.includes('Zed'), { message: `${whose} hears Zed arrive` }).toBe(true);
      expect(list.users, `${whose}'s list`).toEqual(expected);
    }
    // One notice per join, the same sequence for everyone there from the start; each student hears its own arrival.
    const arrivals = (messages: ChatMessage[]) => messages.filter((message) => message.system && /^Student \d+ joined$/.test(message.text)).map((message) => message.text);
    await expect.poll(() => arrivals(notices[0]!)).toHaveLength(50);
    expect(new Set(arrivals(notices[0]!))).toEqual(new Set(students.map((_, index) => `Student ${index + 1} joined`)));
    for (const [index, student] of students.entries()) {
      await roundTrip(student);
      expect(arrivals(notices[index + 1]!)[0]).toBe(`Student ${index + 1} joined`);
      expect(arrivals(notices[index + 1]!)).toEqual(arrivals(notices[0]!).slice(arrivals(notices[0]!).indexOf(`Student ${index + 1} joined`)));
    }
  });
});

describe('online users, told as changes', () => {
  test('a newcomer gets the whole list; the others get only its name', async () => {
    await start();
    const alice = await server.client();
    const bob = await server.client();
    await joined(alice, 'general', 'Alice');
    await joined(bob, 'general', 'Bob');
    const carol = await server.client();
    const aliceLists = record<OnlineUsers>(alice, 'online-users');
    const aliceChanges = record<PresenceChange>(alice, 'presence');
    const carolLists = record<OnlineUsers>(carol, 'online-users');
    const carolChanges = record<PresenceChange>(carol, 'presence');

    expect(await joined(carol, 'general', 'Carol')).toEqual(['Alice', 'Bob', 'Carol']);
    await Promise.all([roundTrip(alice), roundTrip(carol)]);

    expect(carolLists).toEqual([{ room: 'general', users: ['Alice', 'Bob', 'Carol'] }]);
    expect(carolChanges).toEqual([]);
    expect(aliceLists).toEqual([]);
    expect(aliceChanges).toEqual([{ room: 'general', joined: ['Carol'], left: [] }]);
  });

  test("every member's list stays the server's through joins, moves, leaves and disconnects", async () => {
    await start();
    const [alice, bob, carol, dave] = await Promise.all([server.client(), server.client(), server.client(), server.client()]);
    await joined(alice!, 'general', 'Alice');
    const aliceList = onlineList(alice!, 'general');
    aliceList.users = ['Alice'];
    const bobList = onlineList(bob!, 'general');
    await joined(bob!, 'general', 'Bob');
    // Two with one name (two pages' Carols): one leaving takes one copy away.
    await Promise.all([joined(carol!, 'general', 'Carol'), joined(dave!, 'general', 'Carol')]);
    await joined(dave!, 'random', 'Carol');
    carol!.disconnect();
    const erin = await server.client();
    await joined(erin, 'general', 'Erin');
    await Promise.all([roundTrip(alice!), roundTrip(bob!)]);

    const expected = await serverList('general');
    expect(expected).toEqual(['Alice', 'Bob', 'Erin']);
    await expect.poll(() => aliceList.users).toEqual(expected);
    await expect.poll(() => bobList.users).toEqual(expected);
    // Each was sent the whole list once, on joining: everything after came as changes.
    expect([aliceList.wholeLists, bobList.wholeLists]).toEqual([0, 1]);
  });
});

describe('the rooms view, told as changes', () => {
  test("an observer's view, applying each change to its first snapshot, is what a new observer is shown", async () => {
    await start();
    const [alice, bob, carol] = await Promise.all([server.client(), server.client(), server.client()]);
    await joined(alice!, 'general', 'Alice');
    const { observer, firstSnapshot } = await observe();
    const view = roomsView(observer);
    view.sockets = new Map((await firstSnapshot).sockets.map((socket) => [socket.id, socket]));
    const snapshots = record(observer, 'lab:rooms');
    await joined(bob!, 'general', 'Bob');
    await joined(carol!, 'random', 'Carol');
    await joined(bob!, 'random', 'Bob');
    alice!.disconnect();
    await expect.poll(() => server.io.of('/').sockets.size).toBe(2);

    const { observer: latecomer, firstSnapshot: latecomerSnapshot } = await observe();
    const shown = await latecomerSnapshot;
    const byId = (sockets: RoomsSnapshot['sockets']) => [...sockets].sort((a, b) => a.id.localeCompare(b.id));
    await expect.poll(() => byId([...view.sockets.values()])).toEqual(byId(shown.sockets));
    // Only the first snapshot: every join and leave since came as a change.
    expect(snapshots).toEqual([]);
    latecomer.disconnect();
    observer.disconnect();
  });

  test("a student's phone, which draws no rooms view, is sent none", async () => {
    await start();
    const phone: Observer = connect(`${server.url}${LAB_NAMESPACE}`, { forceNew: true, reconnection: false, autoConnect: false, auth: { rooms: false } });
    const snapshots = record(phone, 'lab:rooms');
    const changes = record(phone, 'lab:rooms-changed');
    phone.connect();
    await waitFor(phone, 'connect');
    const { observer: page, firstSnapshot } = await observe();
    await firstSnapshot;
    const alice = await server.client();
    await joined(alice, 'general', 'Alice');
    await waitFor(page, 'lab:rooms-changed');
    // /lab answers any event (with an error): once it has, whatever was sent the phone before has arrived.
    await roundTrip(phone as unknown as ChatClient);
    expect([snapshots, changes]).toEqual([[], []]);
    page.disconnect();
    phone.disconnect();
  });
});
