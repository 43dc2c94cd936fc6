import { describe, expect, test } from 'vitest';
import { defaultCast } from '../../core/scenario.ts';
import {
  SHARED_CLIENTS_MAX,
  SHARED_SCENARIO_MAX_CHARS,
  decodeSharedScenario,
  encodeSharedScenario,
  parseSharedScenario,
  scenarioOf,
  shareStage,
  sharedScenarioInHash,
  sharedScenarioJson,
  sharedScenarioLink,
  validateSharedScenario,
  type SharedScenario,
  type StageNow,
} from '../../core/shared-scenario.ts';
import type { Validated } from '../../core/validation.ts';

/** The error a rejected input is told; fails the test if it was accepted. */
function errorOf(result: Validated<unknown> | undefined): string {
  if (!result) throw new Error('expected a rejection, got nothing read');
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A sentence a student can read: a capital letter first, a period last. */
const aSentence = /^[A-Z].*\.$/s;

/** Carol in two rooms who ignores acks, Olivia in /other, Alice sending io.to('general') in lesson 4. */
const stage: SharedScenario = {
  version: 1,
  clients: defaultCast({ Carol: { extraRooms: ['general'], answersAcks: false } }).concat({ name: 'Olivia', extraRooms: [], namespace: '/other', answersAcks: true }),
  sender: 'Alice',
  variant: 'io.to(room).emit',
  room: 'general',
  lesson: 'who-receives',
};

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('a stage shared as a link', () => {
  test('comes back exactly as it was shared, with only URL-safe characters', () => {
    const encoded = encodeSharedScenario(stage);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSharedScenario(encoded)).toEqual({ ok: true, value: stage });
  });

  test("leaves a client's defaults out, so a four-card stage stays a short link", () => {
    const fourCards: SharedScenario = { version: 1, clients: defaultCast(), sender: 'Alice', variant: 'socket.emit' };
    const json = Buffer.from(encodeSharedScenario(fourCards), 'base64url').toString('utf8');
    expect(json).not.toContain('extraRooms');
    expect(json).not.toContain('answersAcks');
    expect(encodeSharedScenario(fourCards).length).toBeLessThan(250);
  });

  test('is the lesson’s page with #scenario=, read back from location.hash', () => {
    const link = sharedScenarioLink('http://10.0.0.7:3000', stage);
    expect(link.startsWith('http://10.0.0.7:3000/lessons/who-receives#scenario=')).toBe(true);
    expect(sharedScenarioInHash(new URL(link).hash)).toEqual({ ok: true, value: stage });
    expect(sharedScenarioInHash('')).toBeUndefined();
    expect(sharedScenarioInHash('#lifecycle')).toBeUndefined();
  });

  test('names in any script survive the trip', () => {
    const names: SharedScenario = { version: 1, clients: [{ name: 'Zoë 🚀', extraRooms: [], namespace: '/', answersAcks: true }], sender: 'Zoë 🚀' };
    expect(decodeSharedScenario(encodeSharedScenario(names))).toEqual({ ok: true, value: names });
  });

  test('a link cut short or garbled is refused with a sentence that says to copy it again', () => {
    const encoded = encodeSharedScenario(stage);
    for (const broken of [encoded.slice(0, encoded.length / 2), `${encoded}%%`, '!!!', base64url('{"version":1,')]) {
      const error = errorOf(decodeSharedScenario(broken));
      expect(error).toMatch(aSentence);
    }
    expect(errorOf(decodeSharedScenario(encoded.slice(0, 17)))).toContain('copy all of it');
  });

  test(`a link longer than ${SHARED_SCENARIO_MAX_CHARS} characters is refused before it is decoded`, () => {
    expect(errorOf(decodeSharedScenario('A'.repeat(SHARED_SCENARIO_MAX_CHARS + 1)))).toContain(String(SHARED_SCENARIO_MAX_CHARS));
  });
});

describe('a stage exported as JSON', () => {
  test('is readable JSON with every field, and imports back to the same stage', () => {
    const json = sharedScenarioJson(stage);
    expect(json).toContain('"extraRooms": []');
    expect(parseSharedScenario(json)).toEqual({ ok: true, value: stage });
  });

  test('a file that is not JSON, or too long, says so', () => {
    expect(errorOf(parseSharedScenario('<html>'))).toBe('This file is not JSON: export a scenario from the playground, then import that file.');
    expect(errorOf(parseSharedScenario(' '.repeat(SHARED_SCENARIO_MAX_CHARS + 1)))).toMatch(aSentence);
  });
});

describe('what a shared scenario may hold', () => {
  const valid = { version: 1, clients: [{ name: 'Alice', room: 'general' }, { name: 'Bob' }], sender: 'Alice' };
  const refused: [string, unknown, RegExp][] = [
    ['not an object', [valid], /not an array/],
    ['another version', { ...valid, version: 2 }, /version is 2/],
    ['no version', { ...valid, version: undefined }, /version is undefined/],
    ['a field it does not have', { ...valid, admin: true }, /no field "admin"/],
    ['no clients', { ...valid, clients: [] }, /at least one/],
    ['clients not a list', { ...valid, clients: { name: 'Alice' } }, /list of clients/],
    ['too many clients', { ...valid, clients: Array.from({ length: SHARED_CLIENTS_MAX + 1 }, (_, n) => ({ name: `C${n}` })) }, new RegExp(`at most ${SHARED_CLIENTS_MAX}`)],
    ['a client that is a string', { ...valid, clients: ['Alice'] }, /Client 1 must be an object/],
    ['a client with an unknown field', { ...valid, clients: [{ name: 'Alice', toString: 'x' }] }, /"toString"/],
    ['a nameless client', { ...valid, clients: [{ room: 'general' }] }, /Client 1: Your name must be text/],
    ['two clients with one name', { ...valid, clients: [{ name: 'Alice' }, { name: 'Alice' }] }, /Two clients are called Alice/],
    ['a room with capitals', { ...valid, clients: [{ name: 'Alice', room: 'General' }] }, /Alice's room: A room name may only use/],
    ['extra rooms not a list', { ...valid, clients: [{ name: 'Alice', extraRooms: 'random' }] }, /list of room names/],
    ['a room twice', { ...valid, clients: [{ name: 'Alice', room: 'general', extraRooms: ['general'] }] }, /in general twice/],
    ['a namespace that is not / nor /other', { ...valid, clients: [{ name: 'Alice', namespace: '/admin' }] }, /"\/admin"/],
    ['a room in /other', { ...valid, clients: [{ name: 'Alice' }, { name: 'Olivia', namespace: '/other', room: 'general' }] }, /Olivia is in \/other/],
    ['acks that are not true or false', { ...valid, clients: [{ name: 'Alice', answersAcks: 'no' }] }, /true or false/],
    ['a sender not in the cast', { ...valid, sender: 'Mallory' }, /sender "Mallory"/],
    ['a sender in /other', { ...valid, clients: [{ name: 'Olivia', namespace: '/other' }], sender: 'Olivia' }, /clients of \//],
    ['an emit the lab does not have', { ...valid, variant: 'io.sockets.emit' }, /There is no emit "io.sockets.emit"/],
    ['a target room with a space', { ...valid, room: 'gen eral' }, /target room/],
    ['a target not in the cast', { ...valid, variant: 'socket.to(socketId).emit', target: 'Zed' }, /target "Zed"/],
    ['a negative timeout', { ...valid, timeoutMs: -1 }, /timeout/],
    ['a burst of a million', { ...valid, burst: 1e6 }, /burst/],
    ['a lesson id with a slash', { ...valid, lesson: '../etc' }, /not a lesson's id/],
  ];

  test.each(refused)('%s is refused with a sentence', (_what, value, says) => {
    const error = errorOf(validateSharedScenario(value));
    expect(error).toMatch(aSentence);
    expect(error).toMatch(says);
  });

  test('a client given only a name is connected to /, in no room, answering acks', () => {
    expect(validateSharedScenario(valid)).toEqual({
      ok: true,
      value: {
        version: 1,
        clients: [
          { name: 'Alice', room: 'general', extraRooms: [], namespace: '/', answersAcks: true },
          { name: 'Bob', extraRooms: [], namespace: '/', answersAcks: true },
        ],
        sender: 'Alice',
      },
    });
  });

  test('a value with a toString that is not a function, or nested deep, is described and never run', () => {
    const hostile = { toString: 42, valueOf: 'x' };
    expect(errorOf(validateSharedScenario({ ...valid, sender: hostile }))).toBe('The sender an object must be one of the clients of /.');
    let deep: unknown = [];
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(errorOf(validateSharedScenario({ ...valid, clients: [{ name: 'Alice', extraRooms: [deep] }] }))).toMatch(/extra room: The room name must be text/);
  });
});

describe('the page’s stage, captured and set again', () => {
  const now: StageNow = {
    clients: defaultCast(),
    sender: 'Bob',
    variant: 'socket.to(room).emit',
    room: 'random',
    secondRoom: 'general',
    target: 'Carol',
    timeoutMs: 1000,
    burst: 10,
    lesson: 'rooms',
  };

  test('keeps only the inputs its emit uses', () => {
    expect(shareStage(now)).toEqual({ version: 1, clients: defaultCast(), sender: 'Bob', variant: 'socket.to(room).emit', room: 'random', lesson: 'rooms' });
  });

  test('before any emit, keeps the pickers’ rooms and names no emit, so opening it fires nothing', () => {
    const shared = shareStage({ ...now, variant: undefined });
    expect(shared).toEqual({ version: 1, clients: defaultCast(), sender: 'Bob', room: 'random', secondRoom: 'general', lesson: 'rooms' });
    expect(scenarioOf(shared)).toEqual({ clients: defaultCast(), sender: 'Bob', variant: 'socket.emit', room: 'random', secondRoom: 'general' });
  });

  test('is the scenario the lab runs, without the format’s own fields', () => {
    expect(scenarioOf(stage)).toEqual({ clients: stage.clients, sender: 'Alice', variant: 'io.to(room).emit', room: 'general' });
  });
});
