import { describe, expect, test } from 'vitest';
import { NAME_MAX_LENGTH, ROOM_MAX_LENGTH, TEXT_MAX_LENGTH } from '../../core/limits.ts';
import {
  validateJoinRoom,
  validateName,
  validateRoom,
  validateSendMessage,
  validateText,
  validateTyping,
  type Validated,
} from '../../core/validation.ts';

/** The error a rejected input is told; fails the test if the input was accepted. */
function errorOf(result: Validated<unknown>): string {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.error;
}

// Shapes a client can send instead of the object the event expects.
const notObjects: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'general'],
  ['a boolean', true],
  ['an array', [{ room: 'general', name: 'Alice', text: 'hi', isTyping: true }]],
];

// Non-strings where a name, room or text is expected.
const notText: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 7],
  ['a boolean', false],
  ['an array', ['general']],
  ['an object', { value: 'general' }],
];

/** A sentence a student can read: a capital letter first, a period last. */
const aSentence = /^[A-Z].*\.$/s;

describe('names', () => {
  test(`a name of ${NAME_MAX_LENGTH} characters is accepted as typed`, () => {
    const name = 'A'.repeat(NAME_MAX_LENGTH);
    expect(validateName(name)).toEqual({ ok: true, value: name });
  });

  test(`a name of ${NAME_MAX_LENGTH + 1} characters is refused with the limit in the sentence`, () => {
    const error = errorOf(validateName('A'.repeat(NAME_MAX_LENGTH + 1)));
    expect(error).toMatch(aSentence);
    expect(error).toContain(String(NAME_MAX_LENGTH));
  });

  test('a one-letter name is accepted', () => {
    expect(validateName('Q')).toEqual({ ok: true, value: 'Q' });
  });

  test('spaces around a name are dropped, and do not count towards the limit', () => {
    expect(validateName('  Bob  ')).toEqual({ ok: true, value: 'Bob' });
    const name = 'B'.repeat(NAME_MAX_LENGTH);
    expect(validateName(`  ${name}\t`)).toEqual({ ok: true, value: name });
  });

  test('a name with a space inside is kept whole', () => {
    expect(validateName('Mary Ann')).toEqual({ ok: true, value: 'Mary Ann' });
  });

  test.each(['', '   ', '\t\n '])('an empty or whitespace-only name (%j) asks for a name', (name) => {
    expect(errorOf(validateName(name))).toBe('Please enter a name.');
  });

  test.each(notText)('a name that is %s is refused as not text', (_, name) => {
    expect(errorOf(validateName(name))).toBe('Your name must be text.');
  });
});

describe('rooms', () => {
  test(`a room of ${ROOM_MAX_LENGTH} characters is accepted`, () => {
    const room = 'r'.repeat(ROOM_MAX_LENGTH);
    expect(validateRoom(room)).toEqual({ ok: true, value: room });
  });

  test(`a room of ${ROOM_MAX_LENGTH + 1} characters is refused with the limit in the sentence`, () => {
    const error = errorOf(validateRoom('r'.repeat(ROOM_MAX_LENGTH + 1)));
    expect(error).toMatch(aSentence);
    expect(error).toContain(String(ROOM_MAX_LENGTH));
  });

  test.each(['general', 'random', 'a', 'room-2', 'lab_1', '0', '-', '_', 'a-b_c-9'])(
    'the room %j uses only a-z, 0-9, "-" and "_" and is accepted',
    (room) => {
      expect(validateRoom(room)).toEqual({ ok: true, value: room });
    },
  );

  test.each([
    ['uppercase letters', 'General'],
    ['all caps', 'RANDOM'],
    ['a space inside', 'my room'],
    ['an emoji', 'party🎉'],
    ['only an emoji', '🎉'],
    ['an accented letter', 'café'],
    ['a dot', 'room.1'],
    ['a slash', 'a/b'],
    ['a hash', '#general'],
    ['markup', '<b>room</b>'],
  ])('a room with %s (%j) is refused, and the sentence lists what is allowed', (_, room) => {
    const error = errorOf(validateRoom(room));
    expect(error).toMatch(aSentence);
    expect(error).toContain('a-z');
    expect(error).toContain('0-9');
  });

  test.each(['', '   ', '\n'])('an empty or whitespace-only room (%j) asks for a room name', (room) => {
    expect(errorOf(validateRoom(room))).toBe('Please enter a room name.');
  });

  test.each(notText)('a room that is %s is refused as not text', (_, room) => {
    expect(errorOf(validateRoom(room))).toBe('The room name must be text.');
  });
});

describe('message text', () => {
  test(`a message of ${TEXT_MAX_LENGTH} characters is accepted`, () => {
    const text = 'x'.repeat(TEXT_MAX_LENGTH);
    expect(validateText(text)).toEqual({ ok: true, value: text });
  });

  test(`a message of ${TEXT_MAX_LENGTH + 1} characters is refused with the limit in the sentence`, () => {
    const error = errorOf(validateText('x'.repeat(TEXT_MAX_LENGTH + 1)));
    expect(error).toMatch(aSentence);
    expect(error).toContain(String(TEXT_MAX_LENGTH));
  });

  test(`a message of ${TEXT_MAX_LENGTH} characters padded with spaces is accepted: the limit counts after trimming`, () => {
    const text = 'x'.repeat(TEXT_MAX_LENGTH);
    expect(validateText(`   ${text}\n\n`)).toEqual({ ok: true, value: text });
  });

  test(`a message of ${TEXT_MAX_LENGTH + 1} characters padded with spaces is still refused`, () => {
    expect(errorOf(validateText(` ${'x'.repeat(TEXT_MAX_LENGTH + 1)} `))).toMatch(aSentence);
  });

  test('a one-character message is accepted', () => {
    expect(validateText('k')).toEqual({ ok: true, value: 'k' });
  });

  test.each(['', ' ', '   \t\n  '])('an empty or whitespace-only message (%j) says it is empty', (text) => {
    expect(errorOf(validateText(text))).toBe('Your message is empty: type something first.');
  });

  test('markup in a message is kept as typed, character for character', () => {
    const text = '<script>alert("hi")</script> <b>bold</b> &amp; \'quotes\'';
    expect(validateText(text)).toEqual({ ok: true, value: text });
  });

  test('line breaks inside a message are kept', () => {
    expect(validateText('line one\nline two')).toEqual({ ok: true, value: 'line one\nline two' });
  });

  test.each(notText)('a message that is %s is refused as not text', (_, text) => {
    expect(errorOf(validateText(text))).toBe('The message must be text.');
  });
});

describe('join-room payloads', () => {
  test('a room and a name are accepted, trimmed', () => {
    expect(validateJoinRoom({ room: 'general', name: ' Alice ' })).toEqual({
      ok: true,
      value: { room: 'general', name: 'Alice' },
    });
  });

  test('extra fields are dropped from what the server keeps', () => {
    expect(validateJoinRoom({ room: 'general', name: 'Alice', admin: true })).toEqual({
      ok: true,
      value: { room: 'general', name: 'Alice' },
    });
  });

  test.each(notObjects)('a payload that is %s is refused with an example of the right shape', (_, payload) => {
    const error = errorOf(validateJoinRoom(payload));
    expect(error).toMatch(aSentence);
    expect(error).toContain('join-room');
    expect(error).toContain('room:');
    expect(error).toContain('name:');
  });

  test('a missing room is refused as not text', () => {
    expect(errorOf(validateJoinRoom({ name: 'Alice' }))).toBe('The room name must be text.');
  });

  test('a missing name is refused as not text', () => {
    expect(errorOf(validateJoinRoom({ room: 'general' }))).toBe('Your name must be text.');
  });

  test('an empty object is refused', () => {
    expect(errorOf(validateJoinRoom({}))).toMatch(aSentence);
  });

  test('a bad room and a bad name report the room first', () => {
    expect(errorOf(validateJoinRoom({ room: 'No Way', name: '' }))).toContain('a-z');
  });

  test('a room given as a number is refused', () => {
    expect(errorOf(validateJoinRoom({ room: 1, name: 'Alice' }))).toBe('The room name must be text.');
  });
});

describe('send-message payloads', () => {
  test('text is accepted, trimmed', () => {
    expect(validateSendMessage({ text: '  hello  ' })).toEqual({ ok: true, value: { text: 'hello' } });
  });

  test.each(notObjects)('a payload that is %s is refused with an example of the right shape', (_, payload) => {
    const error = errorOf(validateSendMessage(payload));
    expect(error).toMatch(aSentence);
    expect(error).toContain('send-message');
    expect(error).toContain('text:');
  });

  test('a missing text is refused as not text', () => {
    expect(errorOf(validateSendMessage({}))).toBe('The message must be text.');
  });

  test('a text given as a number is refused as not text', () => {
    expect(errorOf(validateSendMessage({ text: 5 }))).toBe('The message must be text.');
  });
});

describe('typing payloads', () => {
  test.each([true, false])('isTyping: %s is accepted', (isTyping) => {
    expect(validateTyping({ isTyping })).toEqual({ ok: true, value: { isTyping } });
  });

  test.each([
    ...notObjects,
    ['an empty object', {}],
    ['isTyping as a string', { isTyping: 'true' }],
    ['isTyping as a number', { isTyping: 1 }],
    ['isTyping as null', { isTyping: null }],
  ])('a payload that is %s is refused with an example of the right shape', (_, payload) => {
    const error = errorOf(validateTyping(payload));
    expect(error).toMatch(aSentence);
    expect(error).toContain('typing');
    expect(error).toContain('isTyping:');
  });
});

describe('every refusal is a sentence a student can read', () => {
  const refusals: [string, Validated<unknown>][] = [
    ['name: not text', validateName(1)],
    ['name: empty', validateName('')],
    ['name: too long', validateName('A'.repeat(NAME_MAX_LENGTH + 1))],
    ['room: not text', validateRoom(null)],
    ['room: empty', validateRoom('')],
    ['room: too long', validateRoom('r'.repeat(ROOM_MAX_LENGTH + 1))],
    ['room: bad characters', validateRoom('Main Hall')],
    ['text: not text', validateText([])],
    ['text: empty', validateText(' ')],
    ['text: too long', validateText('x'.repeat(TEXT_MAX_LENGTH + 1))],
    ['join-room: not an object', validateJoinRoom('general')],
    ['send-message: not an object', validateSendMessage(null)],
    ['typing: not an object', validateTyping(3)],
  ];

  test.each(refusals)('%s starts with a capital letter and ends with a period', (_, result) => {
    expect(errorOf(result)).toMatch(aSentence);
  });
});

test('an emoji counts as one character in names and messages', () => {
  expect(validateName('🙂'.repeat(NAME_MAX_LENGTH)).ok).toBe(true);
  expect(validateName('🙂'.repeat(NAME_MAX_LENGTH + 1)).ok).toBe(false);
  expect(validateText('🙂'.repeat(TEXT_MAX_LENGTH)).ok).toBe(true);
});
