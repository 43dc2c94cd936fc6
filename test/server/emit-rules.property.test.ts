// The rules in core/emit-rules.ts against real socket.io: random casts, rooms and emits, one real server.
//
// On a failure, vitest shows fast-check's message with the seed and the path of the (shrunk)
// counterexample, e.g. `{ seed: 1560290037, path: "0:1:3", endOnFailure: true }`. Replay it with
//   FC_SEED=1560290037 FC_PATH=0:1:3 npx vitest run test/server/emit-rules.property.test.ts
// (FC_SEED alone replays the whole run, shrinking included). FC_RUNS=3000 hunts longer (~45 s).
// socket.volatile.emit could be dropped by a transport that is not writable; 3000 runs never saw it, so it is not special-cased.
// Its bursts count as received when one copy arrives (the first always did here); test/server/confusions.test.ts counts the copies.
// The HTTP route's variant is not a socket's request: lab:perform refuses it, and test/server/lab.test.ts checks it through the route.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROUTE_VARIANT, VARIANTS, predictDeliveries, type EmitRequest, type SocketView, type VariantId } from '../../core/emit-rules.ts';
import { CLIENT_NAMES } from '../../core/scenario.ts';
import { labClient, type LabClient } from '../support/lab-client.ts';
import { startTestServer, type TestServer } from '../support/sockets.ts';

const CHAT_ROOMS = ['a', 'b', 'c'] as const;
/** Only ever joined with lab:join, as an extra room. */
const EXTRA_ONLY_ROOM = 'd';
const EMPTY_ROOM = 'nobody-here';
const MAX_CLIENTS = 6;

/** A room the emit names: a room by name, or the own room (socket id) of a client of the cast. */
type RoomPick = string | { idOf: string };

interface ClientPlan {
  name: string;
  namespace: '/' | '/other';
  room?: string;
  extraRoom?: string;
}

interface Scenario {
  clients: ClientPlan[];
  sender: string;
  variant: VariantId;
  room: RoomPick;
  secondRoom: RoomPick;
  target: RoomPick;
  timeoutMs: number;
}

const roomPick = fc.oneof(
  fc.constantFrom<string>(...CHAT_ROOMS, EXTRA_ONLY_ROOM, EMPTY_ROOM),
  fc.constant('sender' as const),
  fc.nat({ max: MAX_CLIENTS - 1 }),
);

const scenarios: fc.Arbitrary<Scenario> = fc.record({
  names: fc.uniqueArray(fc.constantFrom(...CLIENT_NAMES), { minLength: 2, maxLength: MAX_CLIENTS }),
  placements: fc.array(fc.record({
    room: fc.option(fc.constantFrom(...CHAT_ROOMS), { nil: undefined }),
    extraRoom: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.constantFrom(...CHAT_ROOMS, EXTRA_ONLY_ROOM), weight: 1 }),
  }), { minLength: MAX_CLIENTS, maxLength: MAX_CLIENTS }),
  inOther: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.nat({ max: MAX_CLIENTS - 1 }), weight: 1 }),
  sender: fc.nat({ max: MAX_CLIENTS - 1 }),
  variant: fc.constantFrom(...VARIANTS.map((variant) => variant.id).filter((id) => id !== ROUTE_VARIANT)),
  room: roomPick,
  secondRoom: roomPick,
  target: roomPick,
  timeoutMs: fc.integer({ min: 1, max: 30 }),
}).map((raw): Scenario => {
  const other = raw.inOther === undefined ? -1 : raw.inOther % raw.names.length;
  const clients = raw.names.map((name, index): ClientPlan => {
    if (index === other) return { name, namespace: '/other' };
    const { room, extraRoom } = raw.placements[index]!;
    // lab:join refuses the socket's own chat room.
    return { name, namespace: '/', room, extraRoom: extraRoom === room ? undefined : extraRoom };
  });
  const senders = clients.filter((client) => client.namespace === '/');
  const sender = senders[raw.sender % senders.length]!.name;
  const resolve = (pick: string | number): RoomPick =>
    pick === 'sender' ? { idOf: sender } : typeof pick === 'number' ? { idOf: clients[pick % clients.length]!.name } : pick;
  return {
    clients, sender, variant: raw.variant,
    room: resolve(raw.room), secondRoom: resolve(raw.secondRoom), target: resolve(raw.target), timeoutMs: raw.timeoutMs,
  };
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** Runs one scenario with real clients, and compares what they received with what the rules predict. */
async function check(scenario: Scenario): Promise<void> {
  const clients = await Promise.all(scenario.clients.map((plan) => labClient(server, {
    name: plan.name,
    namespace: plan.namespace,
    room: plan.room,
    extraRooms: plan.extraRoom === undefined ? [] : [plan.extraRoom],
  })));
  try {
    const byName = (name: string): LabClient => clients.find((client) => client.name === name)!;
    const named = (pick: RoomPick) => (typeof pick === 'string' ? pick : byName(pick.idOf).id);
    const sender = byName(scenario.sender);
    const request: EmitRequest = {
      variant: scenario.variant,
      room: named(scenario.room),
      secondRoom: named(scenario.secondRoom),
      targetSocketId: named(scenario.target),
      timeoutMs: scenario.timeoutMs,
      burst: 10,
    };
    const reply = await sender.perform(request);
    if (!reply.ok) throw new Error(`the lab refused the request: ${reply.error}`);
    const { emit, outcomes } = reply.result;

    // The cast as the test set it up, independent of what the server reports.
    const views: SocketView[] = scenario.clients.map((plan) => {
      const { id } = byName(plan.name);
      return { id, name: plan.name, namespace: plan.namespace, rooms: [id, plan.room, plan.extraRoom].filter((room) => room !== undefined) };
    });
    const predicted = Object.fromEntries(predictDeliveries(request, sender.id, views)
      .map((verdict, index) => [views[index]!.name, verdict.receives]));
    const real = Object.fromEntries(clients.map((client) => [client.name, client.received(emit)]));
    expect(real, 'who really received the hello vs. what predictDeliveries says').toEqual(predicted);

    const reported = Object.fromEntries(outcomes.map((outcome) => [outcome.name, [outcome.received, outcome.predicted]]));
    expect(reported, 'the cards of the EmitResult: [received, predicted]').toEqual(
      Object.fromEntries(clients.map((client) => [client.name, [real[client.name], real[client.name]]])),
    );
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

test('predictDeliveries says exactly who receives, for random casts, rooms and emits on a real server', async () => {
  const replay = {
    ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  };
  await fc.assert(fc.asyncProperty(scenarios, check), {
    numRuns: Number(process.env.FC_RUNS ?? 40),
    ...replay,
    // Shrinking a failure runs real sockets too: stop it in time for fast-check to print the seed before vitest's timeout.
    plugins: [fc.interruptAfterTimeLimit(60_000)],
  });
}, 90_000);
