import { describe, expect, test } from 'vitest';
import { renderInlineMarkdown, renderLesson, renderMarkdown } from '../../core/lesson-markdown.ts';
import {
  claimDifference,
  claimedRuns,
  handledDifference,
  lessonBlock,
  lessonBlocks,
  parseLesson,
  parseLessons,
  receiversTableRows,
  type Lesson,
} from '../../core/lessons.ts';
import { defaultCast, scenarioRequest } from '../../core/scenario.ts';
import { lessonFiles, readLessons } from '../../server/lesson-files.ts';

const FILE = 'lessons/99-bad.md';
/** A lesson whose body starts on line 6, after five lines of front matter. */
const withBody = (...body: string[]) => ['---', 'id: bad', 'title: A bad lesson', 'order: 99', '---', ...body].join('\n');
const scenario = (...lines: string[]) => ['```scenario', ...lines, '```'];

function parsed(text: string, file = FILE): Lesson {
  const result = parseLesson(file, text);
  if (!result.ok) throw new Error(result.error);
  return result.lesson;
}

function errorOf(text: string): string {
  const result = parseLesson(FILE, text);
  if (result.ok) throw new Error('the lesson was accepted');
  return result.error;
}

const lessons = (() => {
  const read = readLessons();
  if (!read.ok) throw new Error(read.errors.join('\n'));
  return read.lessons;
})();
const lesson = (id: string) => lessons.find((candidate) => candidate.id === id)!;

describe('the real lessons', () => {
  test('all twelve parse, in their order', () => {
    expect(lessons.map((candidate) => `${candidate.order} ${candidate.id}`)).toEqual([
      '1 http-vs-websocket', '2 events', '3 rooms', '4 who-receives', '5 lifecycle', '6 why-node',
      '7 bonus-features', '8 beyond-the-four', '9 acknowledgements', '10 namespaces', '11 reconnection',
      '12 more-than-one-server',
    ]);
    expect(lessonFiles().map((file) => file.file)).toContain('lessons/04-who-receives.md');
  });

  test('each opens with one of its own scenarios', () => {
    for (const candidate of lessons) expect(lessonBlock(candidate, 'scenario', candidate.scenario ?? '')).toBeDefined();
  });

  test('lesson 4 claims what the four emits from Alice to general reach, in a table drawn from its scenarios', () => {
    const whoReceives = lesson('who-receives');
    const rows = receiversTableRows(whoReceives, lessonBlock(whoReceives, 'receivers-table', 'the-four')!);
    expect(rows.map(({ code, receivers }) => [code, receivers])).toEqual([
      ["socket.emit('hello', message);", ['Alice']],
      ["io.emit('hello', message);", ['Alice', 'Bob', 'Carol', 'Dave']],
      ["socket.to('general').emit('hello', message);", ['Bob']],
      ["io.to('general').emit('hello', message);", ['Alice', 'Bob']],
    ]);
    expect(rows.every((row) => row.scenario.sender === 'Alice')).toBe(true);
  });

  test("a table row for a private message names the target's socket id, which only exists at run time", () => {
    const beyond = lesson('beyond-the-four');
    const rows = receiversTableRows(beyond, lessonBlock(beyond, 'receivers-table', 'beyond-the-four-table')!);
    expect(rows.find((row) => row.scenario.id === 'private-to-carol')?.code).toBe("io.to(carolSocketId).emit('hello', message);");
    const privateToCarol = lessonBlock(beyond, 'scenario', 'private-to-carol')!;
    expect(scenarioRequest(privateToCarol, (name) => `id-of-${name}`)).toEqual({ variant: 'io.to(socketId).emit', targetSocketId: 'id-of-Carol' });
  });

  test('a scenario block reads as its cast, call and claim', () => {
    expect(lessonBlock(lesson('acknowledgements'), 'scenario', 'ask-everyone')).toMatchObject({
      line: 83,
      clients: [
        { name: 'Alice', room: 'general', extraRooms: [], namespace: '/', answersAcks: true },
        { name: 'Bob', room: 'general', extraRooms: [], namespace: '/', answersAcks: true },
        { name: 'Carol', room: 'random', extraRooms: [], namespace: '/', answersAcks: true },
        { name: 'Dave', extraRooms: [], namespace: '/', answersAcks: false },
      ],
      sender: 'Alice',
      variant: 'io.timeout(ms).emit',
      timeoutMs: 300,
      receivers: ['Alice', 'Bob', 'Carol', 'Dave'],
      unanswered: ['Dave'],
    });
  });
});

describe('a well-formed lesson', () => {
  const text = withBody(
    'Intro with `code`.', // 6
    '', // 7
    ...scenario( // 8
      'id: to-room',
      'clients:',
      '  Alice: general',
      '  Bob: general, random',
      '  Erin: /other',
      '  Zoe: no room, does not answer acks',
      'sender: Alice',
      'variant: socket.to(room).emit',
      'room: general',
      'receivers: [Bob]',
    ),
    '```quiz',
    'id: guess',
    'scenario: to-room',
    'question: Who gets it?',
    'options:',
    '  - [Bob]',
    '  - []',
    '```',
  );

  test('reads its front matter, its blocks with the line of their fence, and an omitted cast is the default one', () => {
    const read = parsed(text);
    expect(read).toMatchObject({ file: FILE, id: 'bad', title: 'A bad lesson', order: 99, bodyLine: 6 });
    expect(read.blocks.map((block) => [block.kind, block.id, block.line])).toEqual([['scenario', 'to-room', 8], ['quiz', 'guess', 20]]);
    expect(lessonBlock(read, 'scenario', 'to-room')?.clients).toEqual([
      { name: 'Alice', room: 'general', extraRooms: [], namespace: '/', answersAcks: true },
      { name: 'Bob', room: 'general', extraRooms: ['random'], namespace: '/', answersAcks: true },
      { name: 'Erin', extraRooms: [], namespace: '/other', answersAcks: true },
      { name: 'Zoe', extraRooms: [], namespace: '/', answersAcks: false },
    ]);
    expect(lessonBlock(read, 'quiz', 'guess')?.options).toEqual([['Bob'], []]);
    const defaultCast = parsed(withBody(...scenario('id: plain', 'sender: Dave', 'variant: io.emit', 'receivers: [Alice, Bob, Carol, Dave]')));
    expect(lessonBlock(defaultCast, 'scenario', 'plain')?.clients.map((client) => `${client.name}:${client.room ?? '-'}`)).toEqual([
      'Alice:general', 'Bob:general', 'Carol:random', 'Dave:-',
    ]);
  });

  test('a client can listen in connect and reconnect, and the scenario claims how often each handler runs', () => {
    const read = parsed(withBody(...scenario(
      'id: twice', 'clients:', '  Alice: general', '  Bob: general, listens in connect, reconnected', '  Carol: general, reconnected',
      'sender: Alice', 'variant: io.to(room).emit', 'room: general', 'receivers: [Alice, Bob, Carol]', 'handled: [Bob twice]',
    )));
    const block = lessonBlock(read, 'scenario', 'twice')!;
    expect(block.clients).toEqual([
      { name: 'Alice', room: 'general', extraRooms: [], namespace: '/', answersAcks: true },
      { name: 'Bob', room: 'general', extraRooms: [], namespace: '/', answersAcks: true, listensInConnect: true, reconnected: true },
      { name: 'Carol', room: 'general', extraRooms: [], namespace: '/', answersAcks: true, reconnected: true },
    ]);
    expect(block.handled).toEqual([{ name: 'Bob', runs: 2 }]);
    // A receiver not named runs its handler once.
    expect(claimedRuns(block)).toEqual([{ name: 'Alice', runs: 1 }, { name: 'Bob', runs: 2 }, { name: 'Carol', runs: 1 }]);
    expect(lessonBlock(parsed(withBody(...scenario('id: plain', 'sender: Alice', 'variant: socket.emit', 'receivers: [Alice]'))), 'scenario', 'plain')?.handled).toBeUndefined();
  });

  test("an exercise can name the student's client-side function and run on several nodes, its checks placing clients on them", () => {
    const read = parsed(withBody(
      '```exercise', 'id: e', 'call: rejoinRoom(io, socket, newRoom, message)', 'client: listenForMessages(socket, showMessage)', 'on: rejoin', 'watch: receive-message', 'nodes: 2', '```',
      '```check', 'id: c', 'clients:', '  Alice: general, on node 1', '  Bob: no room, reconnected, on node 2', 'sender: Bob', 'room: general', 'receivers: [Alice, Bob]', 'hint: Join him, then tell the room.', '```',
    ));
    expect(lessonBlock(read, 'exercise', 'e')).toMatchObject({ handler: 'rejoinRoom', client: { handler: 'listenForMessages', args: ['socket', 'showMessage'] }, nodes: 2 });
    expect(lessonBlock(read, 'check', 'c')!.clients[1]).toMatchObject({ name: 'Bob', reconnected: true, node: 2 });
  });

  test('a check can claim the rooms its sender ends up in', () => {
    const read = parsed(withBody(
      '```exercise', 'id: e', 'call: moveToRoom(io, socket, room, newRoom, message)', 'on: join-room', 'watch: receive-message', '```',
      '```check', 'id: c', 'clients:', '  Alice: general', '  Bob: general', 'sender: Bob', 'room: random', 'receivers: [Alice, Bob]', 'senderRooms: [random]', 'hint: Leave, then join.', '```',
    ));
    expect(lessonBlock(read, 'check', 'c')).toMatchObject({ sender: 'Bob', room: 'random', senderRooms: ['random'] });
  });

  test('Windows line endings read the same', () => {
    expect(parsed(text.replace(/\n/g, '\r\n')).blocks.map((block) => block.line)).toEqual([8, 20]);
  });
});

describe('the page\'s hooks are blocks too: the lifecycle diagram and the idle-connections measure', () => {
  test('a lifecycle block has only its id; a measure block says how many connections, 500 when it does not', () => {
    const read = parsed(withBody('```lifecycle', 'id: replay', '```', '', '```measure', 'id: idle', '```', '', '```measure', 'id: more', 'connections: 1200', '```'));
    expect(read.blocks).toEqual([
      { kind: 'lifecycle', id: 'replay', line: 6 },
      { kind: 'measure', id: 'idle', line: 10, connections: 500 },
      { kind: 'measure', id: 'more', line: 14, connections: 1200 },
    ]);
  });

  test('lesson 1 links to the polling demo, lesson 5 replays the lifecycle, lesson 6 measures idle connections', () => {
    expect(renderLesson(lesson('http-vs-websocket'))).toContain('<a href="#polling-demo">polling demo</a>');
    expect(lessonBlocks(lesson('lifecycle'), 'lifecycle').map((block) => block.id)).toEqual(['replay-the-lifecycle']);
    expect(lessonBlocks(lesson('why-node'), 'measure')).toMatchObject([{ id: 'idle-connections', connections: 500 }]);
  });

  test.each([
    ['a measure of too many connections', ['```measure', 'id: m', 'connections: 5000', '```'], `${FILE}:8: connections is a whole number from 1 to 2000, like "connections: 500"`],
    ['a measure of no connections', ['```measure', 'id: m', 'connections: 0', '```'], `${FILE}:8: connections is a whole number from 1 to 2000, like "connections: 500"`],
    ['a lifecycle block with a key it does not have', ['```lifecycle', 'id: l', 'client: Alice', '```'], `${FILE}:8: unknown key "client" in this lifecycle block; it may have id`],
    ['a measure block without an id', ['```measure', 'connections: 10', '```'], `${FILE}:6: a measure block needs id`],
  ])('%s fails on its line', (_what, body, expected) => {
    expect(errorOf(withBody(...body))).toBe(expected);
  });
});

describe('a malformed lesson fails with its file and line', () => {
  const cases: [string, string, string][] = [
    ['no front matter', '# Rooms\n', `${FILE}:1: a lesson starts with front matter: a line "---", then id, title and order, then "---"`],
    ['front matter never closed', '---\nid: bad\ntitle: Bad\n', `${FILE}:1: the front matter opened on line 1 is never closed with "---"`],
    ['no title', '---\nid: bad\norder: 3\n---\n', `${FILE}:1: the front matter needs a title`],
    ['no id', '---\ntitle: Bad\norder: 3\n---\n', `${FILE}:1: the front matter needs an id`],
    ['an order that is not a number', '---\nid: bad\ntitle: Bad\norder: four\n---\n', `${FILE}:4: order must be a whole number from 1, not "four"`],
    ['an unknown front matter key', '---\nid: bad\ntitle: Bad\norder: 4\nauthor: me\n---\n', `${FILE}:5: unknown key "author" in the front matter; it may have id, title, order and scenario`],
    ['a line that is not key: value', '---\nid: bad\ntitle Bad\n---\n', `${FILE}:3: expected "key: value" in the front matter, got "title Bad"`],
    ['a quoted value', '---\nid: bad\ntitle: "Bad"\norder: 4\n---\n', `${FILE}:3: write values without quotes: title: Bad`],
    ['an id with capitals', '---\nid: Who_Receives\ntitle: Bad\norder: 4\n---\n', `${FILE}:2: the lesson id "Who_Receives" must be lowercase words joined by hyphens, like who-receives`],
    [
      'an unknown opening scenario',
      '---\nid: bad\ntitle: Bad\norder: 4\nscenario: nowhere\n---\n',
      `${FILE}:5: the front matter names unknown scenario "nowhere"; this lesson has no scenario block`,
    ],
    [
      'an unknown sender',
      withBody('', ...scenario('id: x', 'sender: Zed', 'variant: io.emit', 'receivers: []')),
      `${FILE}:9: unknown client "Zed"; the clients are Alice, Bob, Carol and Dave`,
    ],
    [
      'an unknown variant',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: socket.shout', 'receivers: []')),
      `${FILE}:10: unknown variant "socket.shout"; the variants are socket.emit, io.emit, socket.to(room).emit, io.to(room).emit, socket.broadcast.emit, socket.to([room1, room2]).emit, socket.except(room).emit, io.except(room).emit, io.to(room).except(room2).emit, io.to(socketId).emit, socket.to(socketId).emit, io.of('/other').emit, socket.volatile.emit, socket.timeout(ms).emit, io.timeout(ms).emit, socket.volatile.emit × n, socket.emit + socket.volatile.emit, io.emit(…, ack) without timeout, setTimeout(() => io.to(room).emit) or POST /api/lab/broadcast → io.to(room).emit`,
    ],
    [
      'receivers naming an unknown client',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice, Bobby]')),
      `${FILE}:11: unknown client "Bobby"; the clients are Alice, Bob, Carol and Dave`,
    ],
    [
      'receivers not in brackets',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: io.emit', 'receivers: Alice, Bob')),
      `${FILE}:11: write receivers as a list in brackets, like [Alice, Bob], or [] for none`,
    ],
    [
      'a client of the cast listed twice',
      withBody('', ...scenario('id: x', 'clients:', '  Alice: general', '  Alice: random', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice]')),
      `${FILE}:11: Alice is listed twice in the clients`,
    ],
    [
      'a client without rooms',
      withBody('', ...scenario('id: x', 'clients:', '  Alice:', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice]')),
      `${FILE}:10: say which rooms Alice is in, or "Alice: no room"`,
    ],
    [
      'a client of /other put in a room',
      withBody('', ...scenario('id: x', 'clients:', '  Alice: general', '  Erin: /other, general', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice]')),
      `${FILE}:11: Erin is in /other, where the chat has no rooms: write "Erin: /other"`,
    ],
    [
      'a sender in /other',
      withBody('', ...scenario('id: x', 'clients:', '  Erin: /other', 'sender: Erin', 'variant: io.emit', 'receivers: []')),
      `${FILE}:11: Erin is in /other; the sender must be a client of /, where the server listens for it`,
    ],
    [
      'a room name the chat would refuse',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: io.to(room).emit', 'room: Main Hall', 'receivers: []')),
      `${FILE}:11: room "Main Hall": A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".`,
    ],
    [
      'a variant missing its room',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: socket.to(room).emit', 'receivers: [Bob]')),
      `${FILE}:7: a scenario block needs room`,
    ],
    [
      'a room for a variant that takes none',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: io.emit', 'room: general', 'receivers: [Alice]')),
      `${FILE}:11: io.emit takes no room: remove "room:"`,
    ],
    [
      'a timeout out of range',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: socket.timeout(ms).emit', 'timeout: 0', 'receivers: [Alice]')),
      `${FILE}:11: timeout is a whole number of milliseconds from 1 to 10000, like "timeout: 300"`,
    ],
    [
      'unanswered acks claimed for an emit without one',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice]', 'unanswered: [Alice]')),
      `${FILE}:12: io.emit asks for no acknowledgement: remove "unanswered:"`,
    ],
    [
      'a key a scenario does not have',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: io.emit', 'answer: [Alice]')),
      `${FILE}:11: unknown key "answer" in this scenario block; it may have id, clients, sender, variant, room, secondRoom, target, timeout, burst, receivers, delivered, handled, unanswered, nodes, call and joins`,
    ],
    [
      'a client on a node of a scenario that runs on one server',
      withBody('', ...scenario('id: x', 'clients:', '  Alice: general, on node 2', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice]')),
      `${FILE}:9: Alice is "on node 2": say how many nodes the scenario runs on, like "nodes: 2"`,
    ],
    [
      'a node call that does not fit the variant',
      withBody('', ...scenario('id: x', 'nodes: 2', 'sender: Alice', 'variant: socket.emit', 'call: io.local', 'receivers: [Alice]')),
      `${FILE}:12: call: io.local makes io.emit or io.to(room).emit another way; this scenario's variant is socket.emit`,
    ],
    [
      'a block id on the fence line',
      withBody('', '```scenario to-room', 'sender: Alice', '```'),
      `${FILE}:7: the opening line of a scenario block is just "\`\`\`scenario"; put "id: to-room" inside the block`,
    ],
    [
      'duplicate block ids',
      withBody(
        '', ...scenario('id: same', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice, Bob, Carol, Dave]'),
        '', ...scenario('id: same', 'sender: Alice', 'variant: socket.emit', 'receivers: [Alice]'),
      ),
      `${FILE}:15: duplicate id "same": the scenario block on line 7 already uses it`,
    ],
    [
      'a quiz about an unknown scenario',
      withBody('', '```quiz', 'id: q', 'scenario: nowhere', 'question: Who?', '```'),
      `${FILE}:9: quiz q names unknown scenario "nowhere"; this lesson has no scenario block`,
    ],
    [
      'a quiz none of whose options is the claim',
      withBody(
        '', ...scenario('id: s', 'sender: Alice', 'variant: socket.emit', 'receivers: [Alice]'),
        '', '```quiz', 'id: q', 'scenario: s', 'question: Who?', 'options:', '  - [Bob]', '  - [Carol]', '```',
      ),
      `${FILE}:18: quiz q: no option is what scenario s claims (Alice)`,
    ],
    [
      'a quiz with the same option twice',
      withBody(
        '', ...scenario('id: s', 'sender: Alice', 'variant: socket.emit', 'receivers: [Alice]'),
        '', '```quiz', 'id: q', 'scenario: s', 'question: Who?', 'options:', '  - [Alice, Bob]', '  - [Bob, Alice]', '```',
      ),
      `${FILE}:20: quiz q: this option is the same set of receivers as the one on line 19`,
    ],
    [
      'a receivers-table naming an unknown scenario',
      withBody('', ...scenario('id: s', 'sender: Alice', 'variant: socket.emit', 'receivers: [Alice]'), '```receivers-table', 'id: t', 'scenarios: [s, nope]', '```'),
      `${FILE}:15: receivers-table t names unknown scenario "nope"; its scenarios are s`,
    ],
    [
      'a check without an exercise',
      withBody('', '```check', 'id: c', 'sender: Alice', 'receivers: [Alice]', 'hint: Try io.to(room).', '```'),
      `${FILE}:7: check c has no exercise block to check in this lesson`,
    ],
    [
      'an exercise without checks',
      withBody('', '```exercise', 'id: e', 'call: relayMessage(io, socket, room, message)', 'on: send-message', 'watch: receive-message', '```'),
      `${FILE}:7: an exercise needs at least one check block saying who must receive what`,
    ],
    [
      'an exercise passing something the checker does not have',
      withBody('', '```exercise', 'id: e', 'call: relayMessage(io, database)', 'on: send-message', 'watch: receive-message', '```'),
      `${FILE}:9: the checker cannot pass "database"; it can pass io, socket, room, message, text, targetId or newRoom`,
    ],
    [
      'a check placing a client on a node of an exercise on one server',
      withBody('', '```exercise', 'id: e', 'call: relayMessage(io, socket, room, message)', 'on: send-message', 'watch: receive-message', '```', '```check', 'id: c', 'clients:', '  Alice: general, on node 2', 'sender: Alice', 'receivers: [Alice]', 'hint: Try io.to(room).', '```'),
      `${FILE}:15: Alice is "on node 2": say how many nodes the exercise runs on, like "nodes: 2" in its exercise block`,
    ],
    [
      'a check placing a client on a node the exercise does not have',
      withBody('', '```exercise', 'id: e', 'call: relayMessage(io, socket, room, message)', 'on: send-message', 'watch: receive-message', 'nodes: 2', '```', '```check', 'id: c', 'clients:', '  Alice: general, on node 3', 'sender: Alice', 'receivers: [Alice]', 'hint: Try io.to(room).', '```'),
      `${FILE}:16: Alice is on node 3, but the exercise runs on nodes 1 to 2`,
    ],
    [
      'a check reconnecting a client when the exercise has no client code',
      withBody('', '```exercise', 'id: e', 'call: relayMessage(io, socket, room, message)', 'on: send-message', 'watch: receive-message', '```', '```check', 'id: c', 'clients:', '  Alice: general, reconnected', 'sender: Alice', 'receivers: [Alice]', 'hint: Try io.to(room).', '```'),
      `${FILE}:15: Alice reconnects, but the exercise has no client code to survive it: add "client:" to the exercise, or remove "reconnected"`,
    ],
    [
      'a check claiming its sender ends up in a room no one could name',
      withBody('', '```exercise', 'id: e', 'call: moveToRoom(io, socket, room, newRoom, message)', 'on: join-room', 'watch: receive-message', '```', '```check', 'id: c', 'sender: Alice', 'room: random', 'receivers: [Alice]', 'senderRooms: [Random Room]', 'hint: Leave, then join.', '```'),
      `${FILE}:18: senderRooms "Random Room": A room name may only use lowercase letters a-z, digits 0-9, "-" and "_".`,
    ],
    [
      'an exercise whose client code the checker cannot call',
      withBody('', '```exercise', 'id: e', 'call: relayMessage(io, socket, room, message)', 'on: send-message', 'watch: receive-message', 'client: listen(socket, window)', '```', '```check', 'id: c', 'sender: Alice', 'receivers: [Alice]', 'hint: Try io.to(room).', '```'),
      `${FILE}:12: the checker cannot pass "window"; it can pass socket or showMessage`,
    ],
    [
      'a client listening in connect, and no claim of how often handlers run',
      withBody('', ...scenario('id: x', 'clients:', '  Alice: general', '  Bob: general, listens in connect, reconnected', 'sender: Alice', 'variant: socket.to(room).emit', 'room: general', 'receivers: [Bob]')),
      `${FILE}:7: Bob listens in connect: claim how many times the receivers' handlers run, like "handled: [Bob twice]" or "handled: [Bob once]"`,
    ],
    [
      'handled naming a client that does not receive it',
      withBody('', ...scenario('id: x', 'clients:', '  Alice: general', '  Bob: general, listens in connect, reconnected', 'sender: Alice', 'variant: socket.to(room).emit', 'room: general', 'receivers: [Bob]', 'handled: [Alice twice]')),
      `${FILE}:16: Alice is not among the receivers, so its handler never runs: remove it from handled`,
    ],
    [
      'handled with a count in words it does not know',
      withBody('', ...scenario('id: x', 'clients:', '  Alice: general', '  Bob: general, listens in connect, reconnected', 'sender: Alice', 'variant: socket.to(room).emit', 'room: general', 'receivers: [Bob]', 'handled: [Bob two times]')),
      `${FILE}:16: write each of handled as a receiver and how often its handler runs, like "Bob twice", "Bob once" or "Bob 3 times", not "Bob two times"`,
    ],
    [
      'handled for a call that sends several copies',
      withBody('', ...scenario('id: x', 'sender: Alice', 'variant: socket.volatile.emit × n', 'burst: 10', 'receivers: [Alice]', 'delivered: fewer than 10', 'handled: [Alice once]')),
      `${FILE}:14: socket.volatile.emit × n sends 10 copies, and "handled:" counts the runs for one: remove it`,
    ],
    [
      'a client of /other listening in connect',
      withBody('', ...scenario('id: x', 'clients:', '  Alice: general', '  Erin: /other, listens in connect', 'sender: Alice', 'variant: io.emit', 'receivers: [Alice]')),
      `${FILE}:11: Erin is in /other: only a chat card of / can listen in connect or reconnect; remove those words`,
    ],
    [
      'an indented line with no list key above it',
      withBody('', ...scenario('id: x', 'sender: Alice', '  variant: io.emit', 'receivers: []')),
      `${FILE}:10: this line is indented, but no list key like "clients:" comes before it in this scenario block`,
    ],
  ];

  test.each(cases)('%s', (_what, text, expected) => {
    expect(errorOf(text)).toBe(expected);
  });

  test('two lessons with one id or one order: the second is named with its line', () => {
    const first = { file: 'lessons/01-a.md', text: '---\nid: same\ntitle: A\norder: 1\n---\n' };
    const sameId = { file: 'lessons/02-b.md', text: '---\ntitle: B\nid: same\norder: 2\n---\n' };
    const sameOrder = { file: 'lessons/03-c.md', text: '---\nid: c\ntitle: C\norder: 1\n---\n' };
    expect(parseLessons([first, sameId, sameOrder])).toEqual({
      ok: false,
      errors: ['lessons/02-b.md:3: lesson id "same" is already used by lessons/01-a.md', 'lessons/03-c.md:4: order 1 is already used by lessons/01-a.md'],
    });
  });

  test('every malformed lesson among several is reported, and the good ones come back in order', () => {
    const good = [
      { file: 'lessons/02-b.md', text: '---\nid: b\ntitle: B\norder: 2\n---\n' },
      { file: 'lessons/01-a.md', text: '---\nid: a\ntitle: A\norder: 1\n---\n' },
    ];
    const read = parseLessons(good);
    expect(read.ok && read.lessons.map((candidate) => candidate.id)).toEqual(['a', 'b']);
    expect(parseLessons([...good, { file: 'lessons/x.md', text: 'oops' }, { file: 'lessons/y.md', text: '---\n' }])).toEqual({
      ok: false,
      errors: [
        'lessons/x.md:1: a lesson starts with front matter: a line "---", then id, title and order, then "---"',
        'lessons/y.md:1: the front matter opened on line 1 is never closed with "---"',
      ],
    });
  });
});

describe('claims against what socket.io delivered', () => {
  test("the handlers' difference names the claimed runs and those socket.io-client really made", () => {
    const claim = { clients: defaultCast().slice(0, 3), receivers: ['Alice', 'Bob'], handled: [{ name: 'Bob', runs: 2 }] };
    const ran = (bob: number) => [{ name: 'Alice', runs: 1 }, { name: 'Bob', runs: bob }, { name: 'Carol', runs: 0 }];
    expect(handledDifference(claim, ran(2))).toBeUndefined();
    expect(handledDifference(claim, ran(1))).toBe('claims the hello handlers ran Alice once, Bob twice; socket.io-client ran them Alice once, Bob once');
    // No claim about handlers, nothing to differ.
    expect(handledDifference({ clients: claim.clients, receivers: claim.receivers }, ran(3))).toBeUndefined();
  });

  test('the difference names the claim and the real receivers, in the cast order', () => {
    const delivered = [{ name: 'Alice', times: 1 }, { name: 'Bob', times: 1 }, { name: 'Carol', times: 0 }];
    expect(claimDifference(['Bob'], delivered)).toBe('claims Bob; socket.io delivered to Alice, Bob');
    expect(claimDifference(['Bob', 'Alice'], delivered)).toBeUndefined();
    expect(claimDifference([], [{ name: 'Alice', times: 0 }])).toBeUndefined();
    expect(claimDifference(['Alice'], [{ name: 'Alice', times: 2 }])).toBe('claims Alice; socket.io delivered to Alice (twice)');
    expect(claimDifference(['Alice'], [{ name: 'Alice', times: 0 }])).toBe('claims Alice; socket.io delivered to nobody');
  });
});

describe('the Markdown renderer', () => {
  test('shows raw HTML in a lesson as text, never as markup', () => {
    const html = renderMarkdown('Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n<div onclick="x()">block</div>');
    expect(html).not.toMatch(/<script|<img|<div/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(renderInlineMarkdown('a <script>b</script> `c`')).toBe('a &lt;script&gt;b&lt;/script&gt; <code>c</code>');
  });

  test('a lesson\'s own raw HTML comes out as text, around its blocks\' placeholders', () => {
    const html = renderLesson(parsed(withBody('Hi <script>alert(1)</script>', '', '<img src=x onerror="alert(1)">', '', '```lifecycle', 'id: replay', '```')));
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<div data-block="lifecycle" data-id="replay"></div>');
  });

  test('keeps http(s) and relative links, and refuses javascript:, data: and the like', () => {
    expect(renderMarkdown('[docs](https://socket.io/docs/v4/) [next](./05-lifecycle.md) [top](#top)')).toBe(
      '<p><a href="https://socket.io/docs/v4/">docs</a> <a href="./05-lifecycle.md">next</a> <a href="#top">top</a></p>\n',
    );
    for (const unsafe of ['[x](javascript:alert(1))', '[x](JavaScript:alert(1))', '[x](jav&#x61;script:alert(1))', '<javascript:alert(1)>', '![x](data:image/svg+xml,<svg onload=alert(1)>)', '[x](vbscript:msgbox)', '[x](file:///etc/passwd)']) {
      expect(renderMarkdown(unsafe)).not.toMatch(/<a |<img /);
    }
  });

  test('leaves a placeholder for each block, and ordinary code as code', () => {
    const html = renderLesson(lesson('who-receives'));
    expect(html).toContain('<div data-block="scenario" data-id="to-room"></div>');
    expect(html).toContain('<div data-block="receivers-table" data-id="the-four"></div>');
    expect(html).toContain('<div data-block="quiz" data-id="carol-calls-general"></div>');
    expect(html).toContain('<div data-block="exercise" data-id="relay-message"></div>');
    expect(html).toContain('<div data-block="check" data-id="sender-sees-own-message"></div>');
    expect(html).not.toContain('receivers: [');
    expect(renderLesson(lesson('events'))).toContain('<pre><code class="language-js">// In the browser');
  });

  test('every block of every lesson has its placeholder, once', () => {
    for (const candidate of lessons) {
      const html = renderLesson(candidate);
      const placeholders = [...html.matchAll(/<div data-block="([^"]+)" data-id="([^"]+)"><\/div>/g)].map((match) => `${match[1]} ${match[2]}`);
      expect(placeholders, candidate.file).toEqual(candidate.blocks.map((block) => `${block.kind} ${block.id}`));
    }
  });

  test('a block inside a lesson that is not parsed stays visible as code', () => {
    expect(renderMarkdown('```scenario\nid: x\n```')).toBe('<pre><code class="language-scenario">id: x\n</code></pre>\n');
  });
});
