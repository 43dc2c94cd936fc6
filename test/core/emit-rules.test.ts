import { describe, expect, test } from 'vitest';
import { codeLine, emitCall, predictDeliveries, variant, type EmitRequest, type SocketView } from '../../core/emit-rules.ts';

// Hand-made ids: the rules only compare them, so they need not look like socket.io's.
const alice: SocketView = { id: 'id-alice', name: 'Alice', namespace: '/', rooms: ['id-alice', 'general'] };
const bob: SocketView = { id: 'id-bob', name: 'Bob', namespace: '/', rooms: ['id-bob', 'general', 'random'] };
const carol: SocketView = { id: 'id-carol', name: 'Carol', namespace: '/', rooms: ['id-carol', 'random'] };
const erin: SocketView = { id: 'id-erin', name: 'Erin', namespace: '/other', rooms: ['id-erin'] };
const cast = [alice, bob, carol, erin];

/** name → whether it receives, and the sentence its card shows. */
function predict(request: EmitRequest, sender = alice) {
  return Object.fromEntries(predictDeliveries(request, sender.id, cast).map((verdict) => {
    const socket = cast.find((candidate) => candidate.id === verdict.socketId)!;
    return [socket.name, [verdict.receives, verdict.reason]];
  }));
}

describe('predictDeliveries', () => {
  test('socket.to(general) from Alice reaches Bob, not Alice herself, Carol in random, or Erin in /other', () => {
    expect(predict({ variant: 'socket.to(room).emit', room: 'general' })).toEqual({
      Alice: [false, 'Alice is the sender, and socket.to excludes the sender.'],
      Bob: [true, 'Bob is in general.'],
      Carol: [false, 'Carol is not in general.'],
      Erin: [false, 'Erin is in the /other namespace, and this emit only reaches /.'],
    });
  });

  test('socket.to([general, random]) reaches Bob, in both, once, and Carol', () => {
    expect(predict({ variant: 'socket.to([room1, room2]).emit', room: 'general', secondRoom: 'random' })).toMatchObject({
      Alice: [false, expect.any(String)],
      Bob: [true, 'Bob is in general and random, and receives the emit once.'],
      Carol: [true, 'Carol is in random.'],
    });
  });

  test('io.to(general).except(random) reaches Alice but not Bob, who is in random too', () => {
    expect(predict({ variant: 'io.to(room).except(room2).emit', room: 'general', secondRoom: 'random' })).toMatchObject({
      Alice: [true, 'Alice is in general.'],
      Bob: [false, 'Bob is in random, which the emit excepts.'],
      Carol: [false, 'Carol is not in general.'],
    });
  });

  test('io.except(general) leaves the sender out when it is in general, and reaches it when it is not, as its summary says', () => {
    expect(predict({ variant: 'io.except(room).emit', room: 'general' })).toMatchObject({
      Alice: [false, 'Alice is in general, which the emit excepts.'],
      Carol: [true, 'Carol is not in general, so the emit reaches it.'],
    });
    expect(predict({ variant: 'io.except(room).emit', room: 'general' }, carol).Carol).toEqual([true, 'Carol is not in general, so the emit reaches it.']);
    expect(variant('io.except(room).emit').summary).toBe('Every socket of / not in the room: the sender too, unless it is in the room.');
  });

  test("socket.to(Alice's own id) from Alice reaches nobody", () => {
    expect(predict({ variant: 'socket.to(socketId).emit', targetSocketId: alice.id })).toEqual({
      Alice: [false, 'Alice is the sender, and socket.to excludes the sender.'],
      Bob: [false, "Bob is not in Alice's own room (Alice's socket id)."],
      Carol: [false, "Carol is not in Alice's own room (Alice's socket id)."],
      Erin: [false, 'Erin is in the /other namespace, and this emit only reaches /.'],
    });
  });

  test('socket.emit reaches only the sender, and every other card says who that is', () => {
    expect(predict({ variant: 'socket.emit' }, carol)).toMatchObject({
      Alice: [false, 'Alice is not the sender, and socket.emit reaches only the sender, Carol.'],
      Carol: [true, 'Carol is the sender, and socket.emit reaches only the sender.'],
      Erin: [false, 'Erin is not the sender, and socket.emit reaches only the sender, Carol.'],
    });
  });

  test("io.of('/other').emit reaches Erin only", () => {
    const verdicts = predictDeliveries({ variant: "io.of('/other').emit" }, alice.id, cast);
    expect(verdicts.filter((verdict) => verdict.receives).map((verdict) => verdict.socketId)).toEqual([erin.id]);
  });
});

describe('codeLine', () => {
  const payload = "{ emit: 7, from: 'Alice' }";

  test('fills in the rooms, the socket id and the timeout the student chose', () => {
    expect(codeLine({ variant: 'socket.to([room1, room2]).emit', room: 'general', secondRoom: 'random' }, payload))
      .toBe(`socket.to(['general', 'random']).emit('hello', ${payload});`);
    expect(codeLine({ variant: 'io.to(socketId).emit', targetSocketId: 'id-bob' }, payload))
      .toBe(`io.to('id-bob').emit('hello', ${payload});`);
    expect(codeLine({ variant: 'io.timeout(ms).emit', timeoutMs: 500 }, payload))
      .toBe(`io.timeout(500).emit('hello', ${payload}, (err, answers) => { … });`);
    expect(codeLine({ variant: "io.of('/other').emit" }, payload)).toBe(`io.of('/other').emit('hello', ${payload});`);
  });

  test('a quote in a room name cannot break out of the string', () => {
    expect(codeLine({ variant: 'io.to(room).emit', room: "it's" }, payload)).toBe(`io.to('it\\'s').emit('hello', ${payload});`);
  });
});

describe('emitCall', () => {
  test('names the call a summary counts, without the event and payload', () => {
    expect(emitCall({ variant: 'io.to(room).emit', room: 'general' })).toBe("io.to('general').emit");
    expect(emitCall({ variant: 'socket.emit' })).toBe('socket.emit');
    expect(emitCall({ variant: 'io.timeout(ms).emit', timeoutMs: 300 })).toBe('io.timeout(300).emit');
    expect(emitCall({ variant: "io.of('/other').emit" })).toBe("io.of('/other').emit");
  });
});
