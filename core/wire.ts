// What crosses the wire, in the lesson's words: Engine.IO packets carrying Socket.IO packets, as raw text.
// Pure decoding of that text, shared by the page's packet inspector and the tests.

/** Engine.IO's packet types, by their digit on the wire (`0{"sid":…}` is an open packet). */
export const ENGINE_PACKET_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export type EnginePacketType = (typeof ENGINE_PACKET_TYPES)[number];

/** Socket.IO's packet types, by their digit inside an Engine.IO message (`42[…]` is a message carrying an EVENT). */
export const SOCKET_PACKET_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;
export type SocketPacketType = (typeof SOCKET_PACKET_TYPES)[number];

/** Engine.IO long-polling joins the packets of one HTTP body with this character (ASCII record separator). */
export const POLLING_SEPARATOR = '\x1e';

export type Transport = 'polling' | 'websocket' | 'webtransport';
export type Direction = 'sent' | 'received';

/** The Engine.IO handshake: the data of the open packet the server answers first. */
export interface OpenPacketData {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

export interface SocketPacket {
  type: SocketPacketType;
  /** `/` unless the packet names another namespace (`40/lab,…`). */
  namespace: string;
  /** The acknowledgement id of an EVENT that expects an answer, or of the ACK that answers it. */
  ackId?: number;
  /** For EVENT and BINARY_EVENT: the event name and its arguments. */
  event?: string;
  args?: unknown[];
  /** For the other types: the JSON that followed (CONNECT's `{ sid }`, ACK's reply, CONNECT_ERROR's message). */
  data?: unknown;
}

export interface DecodedFrame {
  engine: EnginePacketType;
  /** The text after the type digit: `probe` for the upgrade's ping, the handshake JSON for open, the Socket.IO packet for message. */
  engineData: string;
  /** Base64 binary data, which long-polling sends as `b…`. */
  binary?: true;
  open?: OpenPacketData;
  socket?: SocketPacket;
  /** Set when the text is not what Engine.IO or Socket.IO would send; the frame is still shown as it came. */
  error?: string;
}

/** One packet as it crossed the wire of one client, decoded. */
export interface WireFrame {
  /** Order of recording in the client's trace. */
  seq: number;
  /** Client time, ms since the epoch. */
  at: number;
  direction: Direction;
  transport: Transport;
  /** The packet's text as Engine.IO encoded it, e.g. `42["receive-message",{…}]`. */
  raw: string;
  /** Its size in bytes (UTF-8). */
  bytes: number;
  decoded: DecodedFrame;
}

const utf8 = new TextEncoder();

export function byteLength(text: string): number {
  return utf8.encode(text).length;
}

/** The raw text of an Engine.IO packet with string data, as engine.io-parser encodes it. */
export function encodeEnginePacket(type: EnginePacketType, data = ''): string {
  return `${ENGINE_PACKET_TYPES.indexOf(type)}${data}`;
}

/** The packets of one long-polling HTTP body. */
export function splitPollingPayload(payload: string): string[] {
  return payload.split(POLLING_SEPARATOR);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function openPacketData(value: unknown): OpenPacketData | undefined {
  if (!isRecord(value)) return undefined;
  const { sid, upgrades, pingInterval, pingTimeout, maxPayload } = value;
  if (typeof sid !== 'string' || !Array.isArray(upgrades)) return undefined;
  if (typeof pingInterval !== 'number' || typeof pingTimeout !== 'number' || typeof maxPayload !== 'number') return undefined;
  return { sid, upgrades: upgrades.map(String), pingInterval, pingTimeout, maxPayload };
}

/** Decodes the text of a Socket.IO packet (what an Engine.IO message carries), as socket.io-parser does. */
export function decodeSocketPacket(text: string): { ok: true; packet: SocketPacket } | { ok: false; error: string } {
  const type = SOCKET_PACKET_TYPES[Number(text.charAt(0))];
  if (type === undefined || !/^\d/.test(text)) return { ok: false, error: `"${text.charAt(0)}" is not a Socket.IO packet type.` };
  let rest = text.slice(1);
  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const attachments = /^\d+-/.exec(rest);
    if (!attachments) return { ok: false, error: 'A binary packet must say how many attachments follow, e.g. 451-.' };
    rest = rest.slice(attachments[0].length);
  }
  let namespace = '/';
  if (rest.startsWith('/')) {
    const comma = rest.indexOf(',');
    namespace = comma === -1 ? rest : rest.slice(0, comma);
    rest = comma === -1 ? '' : rest.slice(comma + 1);
  }
  const packet: SocketPacket = { type, namespace };
  const id = /^\d+/.exec(rest);
  if (id) {
    packet.ackId = Number(id[0]);
    rest = rest.slice(id[0].length);
  }
  if (rest === '') return { ok: true, packet };
  const json = parseJson(rest);
  if (!json.ok) return { ok: false, error: `The data of this ${type} packet is not JSON.` };
  if (type === 'EVENT' || type === 'BINARY_EVENT') {
    const [event, ...args] = Array.isArray(json.value) ? json.value : [];
    if (typeof event !== 'string') return { ok: false, error: `An ${type} carries an array whose first item is the event name.` };
    packet.event = event;
    packet.args = args;
  } else {
    packet.data = json.value;
  }
  return { ok: true, packet };
}

/** Decodes one Engine.IO packet's raw text into its Engine.IO type and, for messages, the Socket.IO packet inside. */
export function decodeFrame(raw: string): DecodedFrame {
  if (raw.startsWith('b')) return { engine: 'message', engineData: raw.slice(1), binary: true };
  const engine = ENGINE_PACKET_TYPES[Number(raw.charAt(0))];
  if (engine === undefined || !/^\d/.test(raw)) {
    return { engine: 'noop', engineData: raw, error: `"${raw.charAt(0)}" is not an Engine.IO packet type.` };
  }
  const engineData = raw.slice(1);
  const frame: DecodedFrame = { engine, engineData };
  if (engine === 'open') {
    const json = parseJson(engineData);
    const open = json.ok ? openPacketData(json.value) : undefined;
    if (open) frame.open = open;
    else frame.error = 'An open packet carries the handshake as JSON: sid, upgrades, pingInterval, pingTimeout, maxPayload.';
  }
  if (engine === 'message') {
    const socket = decodeSocketPacket(engineData);
    if (socket.ok) frame.socket = socket.packet;
    else frame.error = socket.error;
  }
  return frame;
}

/** A one-line name for a frame, e.g. `message · EVENT receive-message` or `ping · probe`. */
export function frameSummary(frame: DecodedFrame): string {
  const { socket } = frame;
  if (socket) {
    const namespace = socket.namespace === '/' ? '' : ` ${socket.namespace}`;
    const event = socket.event === undefined ? '' : ` ${socket.event}`;
    const ack = socket.ackId === undefined ? '' : ` #${socket.ackId}`;
    return `${frame.engine} · ${socket.type}${namespace}${event}${ack}`;
  }
  if (frame.binary) return 'message · binary';
  if ((frame.engine === 'ping' || frame.engine === 'pong') && frame.engineData === 'probe') return `${frame.engine} · probe`;
  return frame.engine;
}

/** A heartbeat: Engine.IO's ping and pong, except the probe pair of an upgrade. */
export function isHeartbeat(frame: DecodedFrame): boolean {
  return (frame.engine === 'ping' || frame.engine === 'pong') && frame.engineData !== 'probe';
}
