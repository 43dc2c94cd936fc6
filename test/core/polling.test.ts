import { describe, expect, test } from 'vitest';
import type { ChatMessage } from '../../core/chat-contract.ts';
import { RecentMessages, delayStats, messagesPath, seenAt, validatePoll } from '../../core/polling.ts';

let clock = 1_700_000_000_000;
const stamped = (room: string, text: string): ChatMessage => ({ id: `${room}-${text}`, room, name: 'Alice', text, timestamp: clock++, system: false });

describe('the recent messages the server keeps for polling clients', () => {
  test('a room keeps its last messages only', () => {
    const recent = new RecentMessages(3, 10);
    for (const text of ['a', 'b', 'c', 'd']) recent.add(stamped('news', text));
    expect(recent.since('news').map((message) => message.text)).toEqual(['b', 'c', 'd']);
  });

  test('past the room limit, the room quiet for longest is forgotten', () => {
    const recent = new RecentMessages(3, 2);
    recent.add(stamped('first', 'a'));
    recent.add(stamped('second', 'b'));
    recent.add(stamped('first', 'c'));
    recent.add(stamped('third', 'd'));
    expect(recent.roomCount).toBe(2);
    expect(recent.since('second')).toEqual([]);
    expect(recent.since('first').map((message) => message.text)).toEqual(['a', 'c']);
  });

  test('since is inclusive: a message stamped in the same millisecond as the last answer is not lost', () => {
    const recent = new RecentMessages();
    const message = stamped('news', 'same ms');
    recent.add(message);
    expect(recent.since('news', message.timestamp)).toEqual([message]);
    expect(recent.since('news', message.timestamp + 1)).toEqual([]);
  });
});

describe('a poll’s request', () => {
  test('names the room in the path and since in the query', () => {
    expect(messagesPath('news')).toBe('/api/rooms/news/messages');
    expect(messagesPath('news', 42)).toBe('/api/rooms/news/messages?since=42');
  });

  test('is checked with the chat’s room rules and a whole number of milliseconds', () => {
    expect(validatePoll('news', undefined)).toEqual({ ok: true, value: { room: 'news' } });
    expect(validatePoll('news', '1700000000000')).toEqual({ ok: true, value: { room: 'news', since: 1_700_000_000_000 } });
    expect(validatePoll('News!', undefined)).toMatchObject({ ok: false, error: expect.stringContaining('lowercase') });
    for (const since of ['-1', '1.5', 'now', '', ['1', '2']]) expect(validatePoll('news', since)).toMatchObject({ ok: false });
  });
});

describe('delays', () => {
  test('are measured from the server’s stamp to the client’s receive time; history has none', () => {
    const message = stamped('news', 'x');
    const seen = [seenAt(message, message.timestamp + 5000, true), seenAt(message, message.timestamp + 1200, false), seenAt(message, message.timestamp + 400, false)];
    expect(delayStats(seen)).toEqual({ count: 2, lastMs: 400, averageMs: 800, maxMs: 1200 });
    expect(delayStats([])).toEqual({ count: 0 });
  });

  test('a receive clock slightly behind the server’s gives zero, not a negative delay', () => {
    const message = stamped('news', 'y');
    expect(seenAt(message, message.timestamp - 3, false).delayMs).toBe(0);
  });
});
