// Who is online in each chat room. The room's notices ("Bob joined") go out at once, one per change, in order, as
// the lesson's chat sends them; the online-users lists are told as what changed, and a window's changes go out
// together: one `presence` change to each member, however many arrived. A lecture hall joining would otherwise send
// each member a list per newcomer: N² names. A newcomer does not wait for the window: it gets the whole list on the
// next tick, then, at the window's end, only the changes its list did not include.
// Several nodes: each node numbers and windows its own sockets' changes; the list comes from fetchSockets (every
// node). A change on another node still in its window as the list is taken can reach the newcomer twice (a name
// shown twice until the next list): exact only for this node's changes.
import { systemText, type ChatMessage, type PresenceChange } from '../core/chat-contract.ts';
import type { ChatServer, ChatSocket } from './chat.ts';
import { contained } from './client-events.ts';

/** A room is told of its changes at most once in this long, longer in a big room, but never more than the most. */
export const PRESENCE_WINDOW_MS = 50;
export const PRESENCE_WINDOW_MAX_MS = 250;
/** A room smaller than this hears each change on the next tick, as the lesson's chat tells it: a few writes each. */
export const PRESENCE_GATHER_FROM = 16;

/** How long a room's changes gather: every member costs a write per message, so a big room hears less often. */
export function presenceWindow(members: number): number {
  if (members < PRESENCE_GATHER_FROM) return 0;
  return Math.min(PRESENCE_WINDOW_MAX_MS, Math.max(PRESENCE_WINDOW_MS, members / 4));
}

/** Stamps a system notice (and hands it to the room's history). */
export type StampNotice = (room: string, name: string, text: string) => ChatMessage;

interface Change {
  /** The room's count of changes so far, this one included: a list taken at `seq` already shows it. */
  seq: number;
  kind: 'joined' | 'left';
  name: string;
}

/** A socket given the whole list: it hears the changes after its list, alone, until its list has been sent. */
interface Newcomer {
  socket: ChatSocket;
  /** The room's seq when its list was taken; undefined until then. */
  since?: number;
  /** Sent its list: changes after `since` can go straight to it. */
  welcomed: boolean;
  /** Changes told to the room after `since` while its list was still on its way. */
  missed: Change[];
}

interface Room {
  seq: number;
  /** Changes not told to the members yet, in order. */
  pending: Change[];
  /** The next tick's telling, once a change arrived in a quiet room. */
  tick?: NodeJS.Immediate;
  /** The window's timer: while it runs, a change waits for its end. */
  timer?: NodeJS.Timeout;
  /** By socket id: a socket that joins twice in a window keeps only its last list. */
  newcomers: Map<string, Newcomer>;
  /** Newcomers of this tick, whose list is taken once for all of them on the next tick. */
  batch?: { newcomers: Newcomer[]; done: Promise<string[]> };
}

export class RoomPresence {
  readonly #io: ChatServer;
  readonly #stamp: StampNotice;
  readonly #users: (room: string) => Promise<string[]>;
  readonly #rooms = new Map<string, Room>();
  #stopped = false;

  constructor(io: ChatServer, stamp: StampNotice, users: (room: string) => Promise<string[]>) {
    this.#io = io;
    this.#stamp = stamp;
    this.#users = users;
  }

  /** `socket` (already in `room`) joined as `name`: resolves with the room's online users once it has been sent them. */
  joined(socket: ChatSocket, room: string, name: string): Promise<string[]> {
    this.#notice(room, name, systemText.joined(name));
    this.#change(room, 'joined', name);
    return this.welcome(socket, room);
  }

  /** Connection state recovery gave `socket` back its room: the room heard it leave, so it hears it come back. */
  back(socket: ChatSocket, room: string, name: string): Promise<string[]> {
    this.#notice(room, name, systemText.recovered(name));
    this.#change(room, 'joined', name);
    return this.welcome(socket, room);
  }

  left(room: string, name: string): void {
    this.#notice(room, name, systemText.left(name));
    this.#change(room, 'left', name);
  }

  /** Sends `socket` (in `room`) the whole list on the next tick, then the changes after it: resolves with the list. */
  welcome(socket: ChatSocket, room: string): Promise<string[]> {
    const state = this.#room(room);
    const newcomer: Newcomer = { socket, welcomed: false, missed: [] };
    state.newcomers.set(socket.id, newcomer);
    if (!state.batch) {
      // One list for all of a tick's newcomers: each would otherwise cost a sorted list of the whole room.
      const newcomers: Newcomer[] = [];
      const done = new Promise<string[]>((resolve, reject) => {
        setImmediate(() => {
          state.batch = undefined;
          if (this.#stopped) return resolve([]);
          // Taken at the call: the adapter reads its own sockets there, so the list shows the changes up to here.
          const since = state.seq;
          for (const each of newcomers) each.since = since;
          this.#users(room).then(
            (users) => {
              for (const each of newcomers) this.#welcomed(room, each, users);
              resolve(users);
            },
            (error: unknown) => {
              for (const each of newcomers) if (state.newcomers.get(each.socket.id) === each) state.newcomers.delete(each.socket.id);
              reject(error);
            },
          );
        });
      });
      state.batch = { newcomers, done };
    }
    state.batch.newcomers.push(newcomer);
    return state.batch.done;
  }

  /**
   * Tells every room what changed now, then stops: a closing server emits nothing after this (its adapter's connection
   * to the other nodes is about to close, and a late window would publish through a closed client).
   */
  stop(): void {
    for (const [room, state] of this.#rooms) {
      clearTimeout(state.timer);
      clearImmediate(state.tick);
      if (state.pending.length > 0) contained(`the online users of ${room}`, () => this.#tell(room, state, state.pending));
    }
    this.#stopped = true;
    this.#rooms.clear();
  }

  #room(room: string): Room {
    let state = this.#rooms.get(room);
    if (!state) this.#rooms.set(room, (state = { seq: 0, pending: [], newcomers: new Map() }));
    return state;
  }

  #notice(room: string, name: string, text: string): void {
    if (this.#stopped) return;
    this.#io.to(room).emit('receive-message', this.#stamp(room, name, text));
  }

  #change(room: string, kind: Change['kind'], name: string): void {
    if (this.#stopped) return;
    const state = this.#room(room);
    state.pending.push({ seq: ++state.seq, kind, name });
    // Told lately: the change waits for the end of the window, with any others. Otherwise it goes out on the next
    // tick, with whatever arrived with it, and before this tick's newcomers are sent their lists.
    if (!state.timer) state.tick ??= setImmediate(() => this.#flush(room));
  }

  #welcomed(room: string, newcomer: Newcomer, users: string[]): void {
    const state = this.#rooms.get(room);
    // Superseded by a later list, gone from the room, or the server is closing: nothing to send.
    if (!state || state.newcomers.get(newcomer.socket.id) !== newcomer || !newcomer.socket.rooms.has(room)) return;
    newcomer.socket.emit('online-users', { room, users });
    newcomer.welcomed = true;
    const change = netChange(room, newcomer.missed);
    if (change) newcomer.socket.emit('presence', change);
    newcomer.missed = [];
    // No change waiting: every change up to now has been told, so from here the room's broadcasts are right for it.
    if (state.pending.length === 0) state.newcomers.delete(newcomer.socket.id);
    if (!state.timer && !state.tick && !state.batch && state.newcomers.size === 0) this.#rooms.delete(room);
  }

  #flush(room: string): void {
    const state = this.#rooms.get(room);
    if (!state) return;
    state.tick = undefined;
    state.timer = undefined;
    const changes = state.pending;
    state.pending = [];
    if (changes.length > 0) {
      const window = presenceWindow(this.#io.of('/').adapter.rooms.get(room)?.size ?? 0);
      if (window > 0) state.timer = setTimeout(() => this.#flush(room), window);
      contained(`the online users of ${room}`, () => this.#tell(room, state, changes));
    }
    // Those already sent their list have heard everything by now: the room's broadcasts are right for them again.
    for (const newcomer of state.newcomers.values()) if (newcomer.welcomed) state.newcomers.delete(newcomer.socket.id);
    if (!state.timer && state.newcomers.size === 0 && !state.batch) this.#rooms.delete(room);
  }

  #tell(room: string, state: Room, changes: readonly Change[]): void {
    const change = netChange(room, changes);
    const apart = [...state.newcomers.values()];
    if (change) this.#io.to(room).except(apart.map(({ socket }) => socket.id)).emit('presence', change);
    // Each newcomer hears only what its list did not show.
    for (const newcomer of apart) {
      if (!newcomer.socket.rooms.has(room)) {
        state.newcomers.delete(newcomer.socket.id);
        continue;
      }
      // A list not taken yet will show all of these.
      const after = newcomer.since === undefined ? [] : changes.filter((each) => each.seq > newcomer.since!);
      if (!newcomer.welcomed) {
        newcomer.missed.push(...after);
        continue;
      }
      const own = netChange(room, after);
      if (own) newcomer.socket.emit('presence', own);
      state.newcomers.delete(newcomer.socket.id);
    }
  }
}

/** What the changes add up to, name by name (one who joined and left in the same window changes nothing). */
function netChange(room: string, changes: readonly Change[]): PresenceChange | undefined {
  const count = new Map<string, number>();
  for (const { kind, name } of changes) count.set(name, (count.get(name) ?? 0) + (kind === 'joined' ? 1 : -1));
  const joined: string[] = [];
  const left: string[] = [];
  for (const [name, net] of count) {
    for (let each = 0; each < Math.abs(net); each++) (net > 0 ? joined : left).push(name);
  }
  return joined.length > 0 || left.length > 0 ? { room, joined, left } : undefined;
}
