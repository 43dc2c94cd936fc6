// The rooms view's feed to /lab observers: the whole view when an observer arrives, then only what changed.
// A full view at every join and leave cost every open page N views per join: N² for a class of N arriving.
import { randomUUID } from 'node:crypto';
import type { Namespace } from 'socket.io';
import { MAIN_NAMESPACE, OTHER_NAMESPACE } from '../core/emit-rules.ts';
import type { LabObserverEvents, NodeSocketView } from '../core/lab-contract.ts';
import { isRecord } from '../core/validation.ts';
import type { ChatServer, ChatSocket } from './chat.ts';
import { contained } from './client-events.ts';

/** The /lab room of the observers that draw the rooms view: a student's phone draws none, and is not in it. */
export const ROOMS_VIEW_ROOM = 'rooms-view';

/** Changes this close together go out as one message: a card's connect and its join-room are one change. */
const GATHER_MS = 10;

/** Each server's feed stop, for its close() (the feed is wired inside the lab). */
const feeds = new WeakMap<ChatServer, () => void>();

/** Sends the rooms view's last changes, then stops the feed: for a closing server, before its adapter goes. */
export function stopRoomsFeed(io: ChatServer): void {
  feeds.get(io)?.();
}

/** One socket as the rooms view draws it; a socket in no room is named from its id. */
export function viewOf(socket: Pick<ChatSocket, 'id' | 'data' | 'rooms'>, namespace: string): NodeSocketView {
  const view: NodeSocketView = { id: socket.id, name: socket.data.name ?? `guest ${socket.id.slice(0, 4)}`, namespace, rooms: [...socket.rooms] };
  if (socket.data.node !== undefined) view.node = socket.data.node;
  return view;
}

/**
 * Sends each observer that draws rooms `snapshot()` when it connects, then `lab:rooms-changed` with the sockets of this
 * server that joined or left a room since: numbered, so that a page can tell it missed one. Sent to the /lab room,
 * the changes reach the observers of every server through the adapter.
 */
export function feedRooms(io: ChatServer, observers: Namespace<{}, LabObserverEvents>, snapshot: () => NodeSocketView[] | Promise<NodeSocketView[]>): void {
  const server = randomUUID();
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** The sockets changed since the last message, by id, with their namespace. */
  const changed = new Map<string, string>();
  const publish = () => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || changed.size === 0) return;
    const sockets: NodeSocketView[] = [];
    const gone: string[] = [];
    for (const [id, namespace] of changed) {
      const socket = io.of(namespace).sockets.get(id);
      if (socket) sockets.push(viewOf(socket, namespace));
      else gone.push(id);
    }
    changed.clear();
    observers.to(ROOMS_VIEW_ROOM).emit('lab:rooms-changed', { server, seq: ++seq, sockets, gone });
  };
  for (const namespace of [MAIN_NAMESPACE, OTHER_NAMESPACE]) {
    const note = (_room: string, id: string) => {
      if (stopped) return;
      timer ??= setTimeout(publish, GATHER_MS);
      changed.set(id, namespace);
    };
    io.of(namespace).adapter.on('join-room', note);
    io.of(namespace).adapter.on('leave-room', note);
  }
  // A closing server sends what changed now: nothing may publish once its adapter's Redis client is closed.
  feeds.set(io, () => {
    publish();
    stopped = true;
  });
  observers.on('connection', (observer) => {
    const auth: unknown = observer.handshake.auth;
    if (isRecord(auth) && auth.rooms === false) return;
    // In the room before the snapshot is taken: a change after it reaches the page, which applies it on top.
    observer.join(ROOMS_VIEW_ROOM);
    contained(`the rooms snapshot for observer ${observer.id}`, async () => {
      observer.emit('lab:rooms', { sockets: await snapshot() });
    });
  });
}
