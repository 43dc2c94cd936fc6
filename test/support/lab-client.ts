import { io as connect, type Socket } from 'socket.io-client';
import { DeliveryLog } from '../../core/delivery-log.ts';
import { LAB_BROADCAST_ROUTE, MAIN_NAMESPACE, type EmitRequest } from '../../core/emit-rules.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/events.ts';
import type { ClientAuth, EmitResult, LabPayload } from '../../core/lab-contract.ts';
import type { Reply } from '../../core/chat-contract.ts';
import { record, waitFor, type TestServer } from './sockets.ts';

export type LabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LabClientOptions {
  name: string;
  /** The chat room it joins with join-room; none by default. */
  room?: string;
  /** More rooms it joins with lab:join. */
  extraRooms?: string[];
  namespace?: '/' | '/other';
  /** Whether it answers the acknowledgement of a hello sent with one (the timeout variants); true by default. */
  answersAcks?: boolean;
  /** Its hello handler is registered inside its connect handler (the classic bug), so each connect adds one more. */
  listensInConnect?: boolean;
  /** It disconnects and connects again once, on the same Socket object, before joining its rooms. */
  reconnected?: boolean;
  /** Classroom mode: the key it sends in its handshake auth (the instructor's, or a wrong one). */
  key?: string;
}

/** A client that runs the lab's code, as a card of the page does. */
export interface LabClient {
  name: string;
  namespace: '/' | '/other';
  socket: LabSocket;
  id: string;
  /** Every hello that really arrived on this socket, in order. */
  hellos: LabPayload[];
  /** Whether the hello of that emit really arrived here. */
  received(emit: number): boolean;
  /** How many times its hello handler ran for that emit: the listeners socket.io-client really called. */
  handled(emit: number): number;
  /** Asks the server, over this socket, to perform an emit with this socket as the sender. */
  perform(request: EmitRequest | Record<string, unknown>): Promise<Reply<{ result: EmitResult }>>;
  /** Disconnects, and resolves once the server has seen the socket go. */
  close(): Promise<void>;
}

export async function labClient(server: Pick<TestServer, 'url' | 'io'>, options: LabClientOptions): Promise<LabClient> {
  const { name, room, extraRooms = [], namespace = MAIN_NAMESPACE, answersAcks = true, listensInConnect = false, reconnected = false, key } = options;
  const auth: ClientAuth = { name, lab: true, ...(key === undefined ? {} : { key }) };
  const path = namespace === MAIN_NAMESPACE ? '' : namespace;
  const socket: LabSocket = connect(`${server.url}${path}`, { forceNew: true, reconnection: false, auth });
  const log = new DeliveryLog();
  const hellos = record<LabPayload>(socket, 'hello');
  socket.on('hello', (payload, ack) => {
    log.received(payload);
    // With connection state recovery on, an emit without an ack carries its offset (a string) last instead.
    if (answersAcks && typeof ack === 'function') ack({ socketId: socket.id!, name });
  });
  socket.on('lab:settle', (marker, report) => report(log.settled(marker)));
  // The student's handler, apart from the recording above: a new listener each time it is registered, as in lesson 2.
  const handlerRuns = new Map<number, number>();
  const listen = () => {
    socket.on('hello', (payload) => void handlerRuns.set(payload.emit, (handlerRuns.get(payload.emit) ?? 0) + 1));
  };
  // The classic bug, for real: socket.on('connect', () => socket.on('hello', …)).
  if (listensInConnect) socket.on('connect', listen);
  else listen();
  await waitFor(socket, 'connect');
  if (reconnected) {
    // The same Socket object, and so the same listeners, on a new connection: the server forgets the old one's rooms.
    const first = server.io.of(namespace).sockets.get(socket.id!);
    const gone = first ? waitFor(first, 'disconnect') : Promise.resolve();
    socket.disconnect();
    await gone;
    socket.connect();
    await waitFor(socket, 'connect');
  }

  const mustJoin = (reply: Reply<{}>, joined: string) => {
    if (!reply.ok) throw new Error(`${name} could not join ${joined}: ${reply.error}`);
  };
  if (room !== undefined) mustJoin(await socket.emitWithAck('join-room', { room, name }), room);
  for (const extraRoom of extraRooms) mustJoin(await socket.emitWithAck('lab:join', { room: extraRoom }), extraRoom);

  const id = socket.id!;
  return {
    name,
    namespace,
    socket,
    id,
    hellos,
    received: (emit) => hellos.some((hello) => hello.emit === emit),
    handled: (emit) => handlerRuns.get(emit) ?? 0,
    perform: (request) => socket.emitWithAck('lab:perform', request as EmitRequest),
    async close() {
      const serverSide = server.io.of(namespace).sockets.get(id);
      const gone = serverSide ? waitFor(serverSide, 'disconnect') : Promise.resolve();
      socket.disconnect();
      await gone;
    },
  };
}

/** Asks the lab's HTTP route for io.to(room).emit, as the page's fetch does: no socket sends it. */
export async function broadcastFromRoute(url: string, room: string): Promise<{ status: number; body: Reply<{ result: EmitResult }> }> {
  const response = await fetch(`${url}${LAB_BROADCAST_ROUTE}?room=${encodeURIComponent(room)}`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Reply<{ result: EmitResult }> };
}
