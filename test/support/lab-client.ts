import { io as connect, type Socket } from 'socket.io-client';
import { DeliveryLog } from '../../core/delivery-log.ts';
import { MAIN_NAMESPACE, type EmitRequest } from '../../core/emit-rules.ts';
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
  /** Asks the server, over this socket, to perform an emit with this socket as the sender. */
  perform(request: EmitRequest | Record<string, unknown>): Promise<Reply<{ result: EmitResult }>>;
  /** Disconnects, and resolves once the server has seen the socket go. */
  close(): Promise<void>;
}

export async function labClient(server: Pick<TestServer, 'url' | 'io'>, options: LabClientOptions): Promise<LabClient> {
  const { name, room, extraRooms = [], namespace = MAIN_NAMESPACE, answersAcks = true } = options;
  const auth: ClientAuth = { name, lab: true };
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
  await waitFor(socket, 'connect');

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
    perform: (request) => socket.emitWithAck('lab:perform', request as EmitRequest),
    async close() {
      const serverSide = server.io.of(namespace).sockets.get(id);
      const gone = serverSide ? waitFor(serverSide, 'disconnect') : Promise.resolve();
      socket.disconnect();
      await gone;
    },
  };
}
