// The emit lab's presets: one click sets up a situation students ask about, and fires the emit.
// Data only: the page runs them, and the browser tests check what real sockets received.
import { OTHER_NAMESPACE, ROUTE_VARIANT, VOLATILE_BURST } from './emit-rules.ts';
import { defaultCast, type Scenario } from './scenario.ts';

/** A room nobody joins: an emit to it reaches no one, and nothing says so. */
export const EMPTY_ROOM = 'nobody-here';

export interface Preset {
  /** The button's text. */
  title: string;
  /** One sentence: what the student should notice. */
  teaches: string;
  /** The page is set to exactly this cast, and the emit fired, as a lesson's "Try it" does. */
  scenario: Scenario;
}

export const PRESETS: readonly Preset[] = [
  {
    title: 'Sender not in the room',
    teaches: "Dave is in no room, yet io.to('general') from his connection handler reaches everyone in general: the sender does not have to be in the room.",
    scenario: { clients: defaultCast(), sender: 'Dave', variant: 'io.to(room).emit', room: 'general' },
  },
  {
    title: 'A socket in two targeted rooms',
    teaches: 'Bob also joins random; socket.to([general, random]) reaches each socket in either room once, so Bob gets one hello, not two.',
    scenario: {
      clients: defaultCast({ Bob: { extraRooms: ['random'] } }),
      sender: 'Alice',
      variant: 'socket.to([room1, room2]).emit',
      room: 'general',
      secondRoom: 'random',
    },
  },
  {
    title: 'socket.to(own id)',
    teaches: "Alice's own room holds only Alice, and socket.to leaves the sender out: nobody receives it.",
    scenario: { clients: defaultCast(), sender: 'Alice', variant: 'socket.to(socketId).emit', target: 'Alice' },
  },
  {
    title: `io.to('${EMPTY_ROOM}')`,
    teaches: 'A room nobody joined does not exist on the server: the emit reaches no one, and no error says so.',
    scenario: { clients: defaultCast(), sender: 'Alice', variant: 'io.to(room).emit', room: EMPTY_ROOM },
  },
  {
    title: 'A client in another namespace',
    teaches: "Olivia connects to /other: io.emit reaches every socket of / but not her. Then try io.of('/other').emit.",
    scenario: {
      clients: [...defaultCast(), { name: 'Olivia', extraRooms: [], namespace: OTHER_NAMESPACE, answersAcks: true }],
      sender: 'Alice',
      variant: 'io.emit',
    },
  },
  {
    title: `${VOLATILE_BURST} volatile emits in a row`,
    teaches: `socket.volatile.emit drops what the transport cannot take at that moment: of ${VOLATILE_BURST} fired back to back, the first is being written and the others are dropped.`,
    scenario: { clients: defaultCast(), sender: 'Alice', variant: 'socket.volatile.emit × n', burst: VOLATILE_BURST },
  },
  {
    title: 'Two tabs of Alice',
    teaches: 'socket.to(room) leaves out the sending socket, not the user: Alice’s other tab is another socket, and receives it.',
    scenario: {
      clients: [...defaultCast(), { name: 'Alice (2nd tab)', room: 'general', extraRooms: [], namespace: '/', answersAcks: true }],
      sender: 'Alice',
      variant: 'socket.to(room).emit',
      room: 'general',
    },
  },
  {
    title: 'From an HTTP route',
    teaches: 'A REST route has no socket: io.to(general) reaches everyone in general, and there is no sender to leave out.',
    scenario: { clients: defaultCast(), sender: 'Alice', variant: ROUTE_VARIANT, room: 'general' },
  },
];
