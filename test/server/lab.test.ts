import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, test } from 'vitest';
import { ROUTE_VARIANT, VARIANTS, type EmitRequest, type VariantId } from '../../core/emit-rules.ts';
import { LAB_NAMESPACE, type EmitResult, type LabObserverEvents, type RoomsChanged } from '../../core/lab-contract.ts';
import { DEFAULT_CLIENTS } from '../../core/scenario.ts';
import { broadcastFromRoute, labClient, type LabClient, type LabClientOptions } from '../support/lab-client.ts';
import { record, startTestServer, waitFor, type TestServer } from '../support/sockets.ts';

let server: TestServer;
afterEach(() => server?.stop());

type Observer = Socket<LabObserverEvents>;

/** Alice and Bob in general, Carol in random, Dave in no room: the cast the page opens with. */
async function defaultCast(changes: Partial<Record<string, Partial<LabClientOptions>>> = {}) {
  server = await startTestServer();
  const [alice, bob, carol, dave] = await Promise.all(
    DEFAULT_CLIENTS.map((setup) => labClient(server, { ...setup, ...changes[setup.name] })),
  );
  return { alice: alice!, bob: bob!, carol: carol!, dave: dave!, everyone: [alice!, bob!, carol!, dave!] };
}

/** A page's view of the lab: the /lab namespace, which only observes. */
async function observe(): Promise<Observer> {
  const observer: Observer = connect(`${server.url}${LAB_NAMESPACE}`, { forceNew: true, reconnection: false });
  await waitFor(observer, 'connect');
  return observer;
}

async function perform(sender: LabClient, request: EmitRequest): Promise<EmitResult> {
  const reply = await sender.perform(request);
  if (!reply.ok) throw new Error(`the lab refused ${request.variant}: ${reply.error}`);
  return reply.result;
}

/** Who really got the hello, as the clients saw it. */
const deliveredTo = (clients: LabClient[], result: EmitResult) =>
  clients.filter((client) => client.received(result.emit)).map((client) => client.name);

/** The card of one client in the result. */
function outcomeOf(result: EmitResult, client: { id: string }) {
  const outcome = result.outcomes.find((candidate) => candidate.socketId === client.id);
  if (!outcome) throw new Error(`no outcome for socket ${client.id}`);
  return outcome;
}

/** The result reports what really happened, and the rules predicted it. */
function expectOutcomesAgree(result: EmitResult, clients: LabClient[]) {
  const reported = Object.fromEntries(clients.map((client) => {
    const { received, predicted } = outcomeOf(result, client);
    return [client.name, { received, predicted }];
  }));
  const real = Object.fromEntries(clients.map((client) => {
    const received = client.received(result.emit);
    return [client.name, { received, predicted: received }];
  }));
  expect(reported).toEqual(real);
}

async function viaRoute(room: string): Promise<EmitResult> {
  const { body } = await broadcastFromRoute(server.url, room);
  if (!body.ok) throw new Error(`the route refused: ${body.error}`);
  return body.result;
}

const reasonOf = (result: EmitResult, client: LabClient) => outcomeOf(result, client).reason;

type Cast = Awaited<ReturnType<typeof defaultCast>>;

interface Row {
  /** The request Alice sends; general and random unless the row says otherwise. */
  request: (cast: Cast) => Omit<EmitRequest, 'variant'>;
  receivers: string[];
  /** A sentence (or its start) a card must show, by client name. */
  reasons: Record<string, string>;
  /** For the calls that send several copies: how many, of which each receiver gets at least one and fewer than all. */
  copiesSent?: number;
}

const inGeneral = () => ({ room: 'general', secondRoom: 'random' });

// A Record, so that a new variant fails to compile until it has a row.
const everyVariant: Record<VariantId, Row> = {
  'socket.emit': {
    request: () => ({}),
    receivers: ['Alice'],
    reasons: { Alice: 'Alice is the sender, and socket.emit reaches only the sender.', Bob: 'Bob is not the sender, and socket.emit reaches only the sender, Alice.' },
  },
  'io.emit': {
    request: () => ({}),
    receivers: ['Alice', 'Bob', 'Carol', 'Dave'],
    reasons: { Dave: 'Dave is a socket of /, and this emit reaches every socket of /.' },
  },
  'socket.to(room).emit': {
    request: inGeneral,
    receivers: ['Bob'],
    reasons: { Alice: 'Alice is the sender, and socket.to excludes the sender.', Bob: 'Bob is in general.', Carol: 'Carol is not in general.' },
  },
  'io.to(room).emit': {
    request: inGeneral,
    receivers: ['Alice', 'Bob'],
    reasons: { Alice: 'Alice is in general.', Carol: 'Carol is not in general.', Dave: 'Dave is not in general.' },
  },
  'socket.broadcast.emit': {
    request: () => ({}),
    receivers: ['Bob', 'Carol', 'Dave'],
    reasons: { Alice: 'Alice is the sender, and socket.broadcast excludes the sender.', Dave: 'Dave is not the sender, and socket.broadcast reaches every other socket of /.' },
  },
  'socket.to([room1, room2]).emit': {
    request: inGeneral,
    receivers: ['Bob', 'Carol'],
    reasons: { Alice: 'Alice is the sender, and socket.to excludes the sender.', Carol: 'Carol is in random.', Dave: 'Dave is not in general or random.' },
  },
  'socket.except(room).emit': {
    request: inGeneral,
    receivers: ['Carol', 'Dave'],
    reasons: { Alice: 'Alice is the sender, and socket.except excludes the sender.', Bob: 'Bob is in general, which the emit excepts.', Carol: 'Carol is not in general, so the emit reaches it.' },
  },
  'io.except(room).emit': {
    request: inGeneral,
    receivers: ['Carol', 'Dave'],
    reasons: { Alice: 'Alice is in general, which the emit excepts.', Dave: 'Dave is not in general, so the emit reaches it.' },
  },
  'io.to(room).except(room2).emit': {
    request: ({ bob }) => ({ room: 'general', secondRoom: bob.id }),
    receivers: ['Alice'],
    reasons: { Alice: 'Alice is in general.', Bob: 'Bob is in its own room (its socket id), which the emit excepts.', Carol: 'Carol is not in general.' },
  },
  'io.to(socketId).emit': {
    request: ({ bob }) => ({ targetSocketId: bob.id }),
    receivers: ['Bob'],
    reasons: { Alice: "Alice is not in Bob's own room (Bob's socket id).", Bob: 'Bob is in its own room (its socket id).' },
  },
  'socket.to(socketId).emit': {
    request: ({ bob }) => ({ targetSocketId: bob.id }),
    receivers: ['Bob'],
    reasons: { Bob: 'Bob is in its own room (its socket id).', Carol: "Carol is not in Bob's own room (Bob's socket id)." },
  },
  "io.of('/other').emit": {
    request: () => ({}),
    receivers: [],
    reasons: { Alice: 'Alice is in the / namespace, and this emit only reaches /other.' },
  },
  'socket.volatile.emit': {
    request: () => ({}),
    receivers: ['Alice'],
    reasons: { Alice: 'Alice is the sender, and socket.volatile.emit reaches only the sender.' },
  },
  'socket.timeout(ms).emit': {
    request: () => ({ timeoutMs: 2000 }),
    receivers: ['Alice'],
    reasons: { Bob: 'Bob is not the sender, and socket.timeout(ms).emit reaches only the sender, Alice.' },
  },
  'io.timeout(ms).emit': {
    request: () => ({ timeoutMs: 2000 }),
    receivers: ['Alice', 'Bob', 'Carol', 'Dave'],
    reasons: { Carol: 'Carol is a socket of /, and this emit reaches every socket of /.' },
  },
  'socket.volatile.emit × n': {
    request: () => ({ burst: 10 }),
    receivers: ['Alice'],
    reasons: { Alice: 'Alice is the sender, and socket.volatile.emit × n reaches only the sender.' },
    copiesSent: 10,
  },
  'socket.emit + socket.volatile.emit': {
    request: () => ({}),
    receivers: ['Alice'],
    reasons: { Bob: 'Bob is not the sender, and socket.emit + socket.volatile.emit reaches only the sender, Alice.' },
    copiesSent: 2,
  },
  'io.emit(…, ack) without timeout': {
    request: () => ({}),
    receivers: ['Alice', 'Bob', 'Carol', 'Dave'],
    reasons: { Dave: 'Dave is a socket of /, and this emit reaches every socket of /.' },
  },
  'setTimeout(() => io.to(room).emit)': {
    request: inGeneral,
    receivers: ['Alice', 'Bob'],
    reasons: { Alice: 'Alice is in general.', Carol: 'Carol is not in general.' },
  },
  [ROUTE_VARIANT]: {
    request: inGeneral,
    receivers: ['Alice', 'Bob'],
    reasons: { Alice: 'Alice is in general.', Dave: 'Dave is not in general.' },
  },
};


describe('every variant, sent by Alice (general) to Bob (general), Carol (random) and Dave (no room)', () => {
  test('the table below has a row for every variant the lab offers', () => {
    expect(Object.keys(everyVariant)).toEqual(VARIANTS.map((variant) => variant.id));
  });

  const rows = Object.entries(everyVariant) as [VariantId, Row][];
  test.for(rows.map(([variant, row]) => [variant, row.receivers.join(', ') || 'nobody', row] as const))(
    '%s reaches %s, and the cards say so and why',
    async ([variant, , row]) => {
      const cast = await defaultCast();
      const request = { variant, ...row.request(cast) };
      const result = variant === ROUTE_VARIANT ? await viaRoute(request.room!) : await perform(cast.alice, request);

      expect(deliveredTo(cast.everyone, result)).toEqual(row.receivers);
      const copies = row.copiesSent ?? 1;
      expect(result.copiesSent).toBe(row.copiesSent);
      for (const client of cast.everyone) {
        const got = client.hellos.length;
        if (!row.receivers.includes(client.name)) expect(got, client.name).toBe(0);
        else if (copies === 1) expect(got, client.name).toBe(1);
        else {
          expect(got, `${client.name} got ${got} of ${copies}`).toBeLessThan(copies);
          expect(outcomeOf(result, client).copies).toBe(got);
        }
      }
      expectOutcomesAgree(result, cast.everyone);
      const shown = Object.fromEntries(Object.keys(row.reasons).map((name) => [name, reasonOf(result, cast.everyone.find((client) => client.name === name)!)]));
      expect(shown).toEqual(row.reasons);
      if (variant.includes('timeout(')) {
        for (const client of cast.everyone) {
          expect(outcomeOf(result, client).ack).toBe(row.receivers.includes(client.name) ? 'answered' : undefined);
        }
        expect(result.ackError).toBeUndefined();
      }
    },
  );
});

describe('edge cases a student runs into', () => {
  test('io.to(general) from Dave, who is in no room, reaches Alice and Bob but not Dave', async () => {
    const { dave, everyone } = await defaultCast();
    const result = await perform(dave, { variant: 'io.to(room).emit', room: 'general' });
    expect(deliveredTo(everyone, result)).toEqual(['Alice', 'Bob']);
    expectOutcomesAgree(result, everyone);
    expect(reasonOf(result, dave)).toBe('Dave is not in general.');
  });

  test('socket.to(general) from Carol, who is in random, reaches Alice and Bob', async () => {
    const { carol, everyone } = await defaultCast();
    const result = await perform(carol, { variant: 'socket.to(room).emit', room: 'general' });
    expect(deliveredTo(everyone, result)).toEqual(['Alice', 'Bob']);
    expectOutcomesAgree(result, everyone);
    expect(reasonOf(result, carol)).toBe('Carol is not in general.');
  });

  test('Bob, in both general and random, gets socket.to([general, random]) once', async () => {
    const { alice, bob, everyone } = await defaultCast({ Bob: { extraRooms: ['random'] } });
    const result = await perform(alice, { variant: 'socket.to([room1, room2]).emit', room: 'general', secondRoom: 'random' });
    expect(deliveredTo(everyone, result)).toEqual(['Bob', 'Carol']);
    expect(bob.hellos).toEqual([{ emit: result.emit, from: 'Alice' }]);
    expectOutcomesAgree(result, everyone);
    expect(reasonOf(result, bob)).toBe('Bob is in general and random, and receives the emit once.');
  });

  test('socket.to(own socket id) reaches nobody, not even the sender', async () => {
    const { alice, bob, everyone } = await defaultCast();
    const result = await perform(alice, { variant: 'socket.to(socketId).emit', targetSocketId: alice.id });
    expect(deliveredTo(everyone, result)).toEqual([]);
    expectOutcomesAgree(result, everyone);
    expect(reasonOf(result, alice)).toBe('Alice is the sender, and socket.to excludes the sender.');
    expect(reasonOf(result, bob)).toBe("Bob is not in Alice's own room (Alice's socket id).");
  });

  test('io.to(Carol’s socket id) from Alice is a private message: only Carol gets it', async () => {
    const { alice, carol, everyone } = await defaultCast();
    const result = await perform(alice, { variant: 'io.to(socketId).emit', targetSocketId: carol.id });
    expect(deliveredTo(everyone, result)).toEqual(['Carol']);
    expectOutcomesAgree(result, everyone);
    expect(reasonOf(result, carol)).toBe('Carol is in its own room (its socket id).');
    expect(result.code).toBe(`io.to('${carol.id}').emit('hello', { emit: ${result.emit}, from: 'Alice' });`);
  });

  test('io.to(nobody-here) reaches nobody, and every card says it is not in that room', async () => {
    const { alice, everyone } = await defaultCast();
    const result = await perform(alice, { variant: 'io.to(room).emit', room: 'nobody-here' });
    expect(deliveredTo(everyone, result)).toEqual([]);
    expectOutcomesAgree(result, everyone);
    expect(everyone.map((client) => reasonOf(result, client))).toEqual(everyone.map((client) => `${client.name} is not in nobody-here.`));
  });

  test('Erin, in the /other namespace, misses io.emit and gets io.of(/other).emit', async () => {
    const { alice, everyone } = await defaultCast();
    const erin = await labClient(server, { name: 'Erin', namespace: '/other' });
    const all = [...everyone, erin];

    const toSlash = await perform(alice, { variant: 'io.emit' });
    expect(deliveredTo(all, toSlash)).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    expectOutcomesAgree(toSlash, all);
    expect(outcomeOf(toSlash, erin)).toMatchObject({ name: 'Erin', namespace: '/other' });
    expect(reasonOf(toSlash, erin)).toBe('Erin is in the /other namespace, and this emit only reaches /.');

    const toOther = await perform(alice, { variant: "io.of('/other').emit" });
    expect(deliveredTo(all, toOther)).toEqual(['Erin']);
    expectOutcomesAgree(toOther, all);
    expect(reasonOf(toOther, erin)).toBe('Erin is a socket of /other, and this emit reaches every socket of /other.');
  });

  test('io.timeout(300).emit: Dave does not answer, so his card times out while the others answered', async () => {
    const { alice, dave, everyone } = await defaultCast({ Dave: { answersAcks: false } });
    const result = await perform(alice, { variant: 'io.timeout(ms).emit', timeoutMs: 300 });
    expect(deliveredTo(everyone, result)).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    expectOutcomesAgree(result, everyone);
    expect(Object.fromEntries(everyone.map((client) => [client.name, outcomeOf(result, client).ack]))).toEqual({
      Alice: 'answered', Bob: 'answered', Carol: 'answered', Dave: 'timed out',
    });
    expect(result.ackError).toBe('operation has timed out');
    expect(dave.received(result.emit)).toBe(true);
  });

  test('socket.timeout(2000).emit: Alice gets it and answers in time, no one else is asked', async () => {
    const { alice, everyone } = await defaultCast();
    const result = await perform(alice, { variant: 'socket.timeout(ms).emit', timeoutMs: 2000 });
    expect(deliveredTo(everyone, result)).toEqual(['Alice']);
    expectOutcomesAgree(result, everyone);
    expect(everyone.map((client) => outcomeOf(result, client).ack)).toEqual(['answered', undefined, undefined, undefined]);
    expect(result.ackError).toBeUndefined();
  });

  test('io.emit reaches exactly the chat sockets of /: an observer of /lab gets the result, not the hello', async () => {
    const { alice, everyone } = await defaultCast();
    const observer = await observe();
    const observerHellos = record(observer, 'hello');
    const observed = waitFor<EmitResult>(observer, 'lab:result');
    const result = await perform(alice, { variant: 'io.emit' });
    // The result is emitted to /lab after the emit itself, so a hello on this connection would have come first.
    expect((await observed).emit).toBe(result.emit);
    expect(observerHellos).toEqual([]);
    expect(deliveredTo(everyone, result)).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    expect(result.outcomes.map((outcome) => outcome.name)).toEqual(['Alice', 'Bob', 'Carol', 'Dave']);
    observer.disconnect();
  });

  test('a bare socket.io-client with no lab code receives io.emit, shows up in the rooms view, and its card cannot tell', async () => {
    const { alice, everyone } = await defaultCast();
    const observer = await observe();
    const changes = record<RoomsChanged>(observer, 'lab:rooms-changed');
    const bare = await server.client();
    await expect.poll(() => changes.some((change) => change.sockets.some((socket) => socket.id === bare.id))).toBe(true);
    const shown = changes.findLast((change) => change.sockets.some((socket) => socket.id === bare.id))!;
    expect(shown.sockets.find((socket) => socket.id === bare.id)).toMatchObject({
      id: bare.id, name: `guest ${bare.id!.slice(0, 4)}`, namespace: '/', rooms: [bare.id],
    });

    const bareHello = waitFor<{ emit: number; from: string }>(bare, 'hello');
    const result = await perform(alice, { variant: 'io.emit' });
    expect(await bareHello).toEqual({ emit: result.emit, from: 'Alice' });
    expect(outcomeOf(result, { id: bare.id! })).toMatchObject({ received: null, predicted: true });
    expectOutcomesAgree(result, everyone);
    observer.disconnect();
  });

  test("a sender named O'Brien is shown a code line that is still valid JavaScript", async () => {
    server = await startTestServer();
    const obrien = await labClient(server, { name: "O'Brien", room: 'general' });
    const result = await perform(obrien, { variant: 'io.to(room).emit', room: 'general' });
    expect(result.code).toBe(`io.to('general').emit('hello', { emit: ${result.emit}, from: 'O\\'Brien' });`);
    expect(() => new Function('io', result.code)).not.toThrow();
    expect(obrien.hellos).toEqual([{ emit: result.emit, from: "O'Brien" }]);
  });

  test('bad requests are answered with a sentence, and nothing is emitted', async () => {
    const { alice, everyone } = await defaultCast();
    const observer = await observe();
    const started = record(observer, 'lab:started');
    const refusals: [Record<string, unknown>, string | RegExp][] = [
      [{ variant: 'socket.shout' }, '"socket.shout" is not one of the emit variants the lab knows.'],
      [{ variant: 'socket.to(room).emit' }, 'Please enter a room name.'],
      [{ variant: 'io.to(room).except(room2).emit', room: 'general', secondRoom: 'No Spaces' }, /^Second room: A room name may only use/],
      [{ variant: 'io.to(socketId).emit' }, 'Pick the socket to send the private message to.'],
      [{ variant: 'io.timeout(ms).emit' }, /^The timeout must be a whole number of milliseconds from 1 to \d+\.$/],
      [{ variant: 'io.timeout(ms).emit', timeoutMs: 0 }, /^The timeout must be/],
      [{ variant: 'socket.timeout(ms).emit', timeoutMs: 2.5 }, /^The timeout must be/],
      [{ variant: 'socket.timeout(ms).emit', timeoutMs: '500' }, /^The timeout must be/],
    ];
    for (const [request, error] of refusals) {
      const reply = await alice.perform(request);
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.error).toMatch(error);
    }
    // One good emit afterwards: if a refused request had emitted, its hello would have arrived before this one.
    const result = await perform(alice, { variant: 'io.emit' });
    for (const client of everyone) expect(client.hellos).toEqual([{ emit: result.emit, from: 'Alice' }]);
    await expect.poll(() => started.length).toBe(1);
    observer.disconnect();
  });

  test('a request with an ack but no payload is answered, not left waiting', async () => {
    const { alice } = await defaultCast();
    const untyped = alice.socket as unknown as Socket;
    const perform = await untyped.timeout(2000).emitWithAck('lab:perform');
    expect(perform).toEqual({ ok: false, error: 'An emit request needs an object like { variant: "io.emit" }.' });
    const join = await untyped.timeout(2000).emitWithAck('lab:join');
    expect(join).toEqual({ ok: false, error: 'The lab:join event needs an object like { room: "team-a" }.' });
  });
});
