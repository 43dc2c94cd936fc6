// Decoding the wire's text, checked against the parsers socket.io itself uses to write it.
import { decodePacket, decodePayload, encodePacket, encodePayload, type Packet } from 'engine.io-parser';
import { Encoder, PacketType, type Packet as SocketIoPacket } from 'socket.io-parser';
import { describe, expect, test } from 'vitest';
import {
  byteLength,
  decodeFrame,
  decodeSocketPacket,
  encodeEnginePacket,
  frameSummary,
  isHeartbeat,
  splitPollingPayload,
} from '../../core/wire.ts';

/** The text engine.io-parser puts on the wire for a packet. */
function engineText(packet: Packet): string {
  let text = '';
  encodePacket(packet, false, (encoded) => (text = String(encoded)));
  return text;
}

/** The text socket.io-parser puts inside an Engine.IO message for a packet. */
function socketIoText(packet: SocketIoPacket): string {
  const [text] = new Encoder().encode(packet);
  return String(text);
}

const message = { id: 'm1', room: 'general', name: 'Alice', text: 'hello "you" ✓', timestamp: 1_700_000_000_000, system: false };

describe('Engine.IO packets', () => {
  test('every packet type encodes as engine.io-parser does, and decodes back to its name', () => {
    const packets: Packet[] = [
      { type: 'open', data: '{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' },
      { type: 'close' },
      { type: 'ping' },
      { type: 'pong' },
      { type: 'ping', data: 'probe' },
      { type: 'pong', data: 'probe' },
      { type: 'message', data: '2["hello"]' },
      { type: 'upgrade' },
      { type: 'noop' },
    ];
    for (const packet of packets) {
      const raw = encodeEnginePacket(packet.type as Exclude<Packet['type'], 'error'>, packet.data as string | undefined);
      expect(raw).toBe(engineText(packet));
      const decoded = decodeFrame(raw);
      expect(decoded.engine).toBe(packet.type);
      expect(decoded.engineData).toBe(packet.data ?? '');
      expect(decodePacket(raw)).toMatchObject({ type: decoded.engine });
    }
  });

  test('the open packet carries the handshake: sid, upgrades, pingInterval, pingTimeout, maxPayload', () => {
    const decoded = decodeFrame('0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
    expect(decoded.engine).toBe('open');
    expect(decoded.open).toEqual({ sid: 'lv_VI97HAXpY6yYWAAAC', upgrades: ['websocket'], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 });
    expect(decoded.error).toBeUndefined();
  });

  test('a long-polling body is several packets joined by the record separator', async () => {
    const packets: Packet[] = [{ type: 'message', data: '40' }, { type: 'ping' }, { type: 'message', data: '2["a",1]' }];
    const payload = await new Promise<string>((resolve) => encodePayload(packets, resolve));
    const parts = splitPollingPayload(payload);
    expect(parts).toEqual(packets.map(engineText));
    expect(parts.map((part) => decodeFrame(part).engine)).toEqual(decodePayload(payload).map((packet) => packet.type));
  });

  test('text that is not a packet is flagged, not thrown', () => {
    expect(decodeFrame('x').error).toMatch(/not an Engine.IO packet type/);
    expect(decodeFrame('0not json').error).toMatch(/handshake as JSON/);
    expect(decodeFrame('4x').error).toMatch(/not a Socket.IO packet type/);
    expect(decodeFrame('42{broken').error).toMatch(/not JSON/);
    expect(decodeFrame('').error).toBeDefined();
  });

  test('base64 binary from long-polling is a message', () => {
    expect(decodeFrame('bAQID')).toMatchObject({ engine: 'message', binary: true, engineData: 'AQID' });
  });
});

describe('Socket.IO packets inside a message', () => {
  const cases: [string, SocketIoPacket][] = [
    ['CONNECT to /', { type: PacketType.CONNECT, nsp: '/' }],
    ['CONNECT with auth', { type: PacketType.CONNECT, nsp: '/', data: { name: 'Alice', lab: true } }],
    ['CONNECT answered with the socket id', { type: PacketType.CONNECT, nsp: '/', data: { sid: 'xYz_123' } }],
    ['CONNECT to /lab', { type: PacketType.CONNECT, nsp: '/lab' }],
    ['an EVENT', { type: PacketType.EVENT, nsp: '/', data: ['receive-message', message] }],
    ['an EVENT expecting an ack', { type: PacketType.EVENT, nsp: '/', id: 12, data: ['join-room', { room: 'general', name: 'Alice' }] }],
    ['an EVENT in another namespace', { type: PacketType.EVENT, nsp: '/other', id: 3, data: ['hello', { emit: 1 }] }],
    ['an ACK', { type: PacketType.ACK, nsp: '/', id: 12, data: [{ ok: true, room: 'general', users: ['Alice'] }] }],
    ['a DISCONNECT', { type: PacketType.DISCONNECT, nsp: '/' }],
    ['a CONNECT_ERROR', { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'Not authorized' } }],
  ];

  test.each(cases)('%s decodes to what socket.io-parser encoded', (_name, packet) => {
    const text = socketIoText(packet);
    const decoded = decodeSocketPacket(text);
    if (!decoded.ok) throw new Error(decoded.error);
    const { type, namespace, ackId, event, args, data } = decoded.packet;
    expect(type).toBe(PacketType[packet.type]);
    expect(namespace).toBe(packet.nsp);
    expect(ackId).toBe(packet.id);
    if (packet.type === PacketType.EVENT) {
      expect([event, ...(args ?? [])]).toEqual(packet.data);
    } else {
      expect(data).toEqual(packet.data);
    }
  });

  test('a receive-message frame names its event and carries the message as JSON', () => {
    const raw = `4${socketIoText({ type: PacketType.EVENT, nsp: '/', data: ['receive-message', message] })}`;
    expect(raw.startsWith('42["receive-message",{')).toBe(true);
    const decoded = decodeFrame(raw);
    expect(decoded.socket).toMatchObject({ type: 'EVENT', event: 'receive-message', args: [message] });
    expect(frameSummary(decoded)).toBe('message · EVENT receive-message');
  });

  test('a binary event says how many attachments follow', () => {
    const decoded = decodeSocketPacket('51-["upload",{"_placeholder":true,"num":0}]');
    expect(decoded).toMatchObject({ ok: true, packet: { type: 'BINARY_EVENT', event: 'upload' } });
    expect(decodeSocketPacket('5["upload"]')).toMatchObject({ ok: false });
  });
});

describe('names and sizes for the inspector', () => {
  test('summaries name the Engine.IO type, then the Socket.IO type, event and ack id', () => {
    expect(frameSummary(decodeFrame('2'))).toBe('ping');
    expect(frameSummary(decodeFrame('2probe'))).toBe('ping · probe');
    expect(frameSummary(decodeFrame('40'))).toBe('message · CONNECT');
    expect(frameSummary(decodeFrame('40/lab,'))).toBe('message · CONNECT /lab');
    expect(frameSummary(decodeFrame('4212["join-room",{}]'))).toBe('message · EVENT join-room #12');
    expect(frameSummary(decodeFrame('4312[{"ok":true}]'))).toBe('message · ACK #12');
  });

  test('heartbeats are ping and pong, but not the probe of an upgrade', () => {
    expect(isHeartbeat(decodeFrame('2'))).toBe(true);
    expect(isHeartbeat(decodeFrame('3'))).toBe(true);
    expect(isHeartbeat(decodeFrame('2probe'))).toBe(false);
    expect(isHeartbeat(decodeFrame('42["typing",{}]'))).toBe(false);
  });

  test('sizes are UTF-8 bytes, as they cross the wire', () => {
    expect(byteLength('42["a"]')).toBe(7);
    expect(byteLength('✓')).toBe(3);
    expect(byteLength('😀')).toBe(4);
  });
});
