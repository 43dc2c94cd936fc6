// The emit lab's presets: one click sets up a situation students ask about, and fires the emit.
// Data only: the page runs them, and the browser tests check what real sockets received.
import type { VariantId } from './emit-rules.ts';
import type { ClientSetup } from './scenario.ts';

/** A room nobody joins: an emit to it reaches no one, and nothing says so. */
export const EMPTY_ROOM = 'nobody-here';

export interface PresetEmit {
  /** The client whose connection handler runs the emit, by name. */
  sender: string;
  variant: VariantId;
  room?: string;
  secondRoom?: string;
  /** For io.to(socketId) and socket.to(socketId): the client whose socket id is the target, by name. */
  targetClient?: string;
}

export interface Preset {
  /** The button's text. */
  title: string;
  /** One sentence: what the student should notice. */
  teaches: string;
  /** Clients that must be on the page, each in its chat room (added, or moved there with join-room, when not). */
  clients: readonly ClientSetup[];
  /** Rooms joined on top of the chat room, with lab:join. */
  extraRooms?: readonly { client: string; room: string }[];
  emit: PresetEmit;
}

export const PRESETS: readonly Preset[] = [
  {
    title: 'Sender not in the room',
    teaches: "Dave is in no room, yet io.to('general') from his connection handler reaches everyone in general: the sender does not have to be in the room.",
    clients: [{ name: 'Alice', room: 'general' }, { name: 'Bob', room: 'general' }, { name: 'Dave' }],
    emit: { sender: 'Dave', variant: 'io.to(room).emit', room: 'general' },
  },
  {
    title: 'A socket in two targeted rooms',
    teaches: 'Bob also joins random; socket.to([general, random]) reaches each socket in either room once, so Bob gets one hello, not two.',
    clients: [{ name: 'Alice', room: 'general' }, { name: 'Bob', room: 'general' }, { name: 'Carol', room: 'random' }],
    extraRooms: [{ client: 'Bob', room: 'random' }],
    emit: { sender: 'Alice', variant: 'socket.to([room1, room2]).emit', room: 'general', secondRoom: 'random' },
  },
  {
    title: 'socket.to(own id)',
    teaches: "Alice's own room holds only Alice, and socket.to leaves the sender out: nobody receives it.",
    clients: [{ name: 'Alice', room: 'general' }],
    emit: { sender: 'Alice', variant: 'socket.to(socketId).emit', targetClient: 'Alice' },
  },
  {
    title: `io.to('${EMPTY_ROOM}')`,
    teaches: 'A room nobody joined does not exist on the server: the emit reaches no one, and no error says so.',
    clients: [{ name: 'Alice', room: 'general' }],
    emit: { sender: 'Alice', variant: 'io.to(room).emit', room: EMPTY_ROOM },
  },
  {
    title: 'A client in another namespace',
    teaches: "Olivia connects to /other: io.emit reaches every socket of / but not her. Then try io.of('/other').emit.",
    clients: [{ name: 'Alice', room: 'general' }, { name: 'Olivia', namespace: '/other' }],
    emit: { sender: 'Alice', variant: 'io.emit' },
  },
];
