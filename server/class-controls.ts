// The instructor's controls over the class: who is where, moving students (one, a selection, a split),
// resetting the class, and opening "Students may emit". A move is the chat's own join move (server/chat.ts),
// so the students' cards, chat and online users follow as if they had clicked Join themselves.
import type { Reply } from '../core/chat-contract.ts';
import {
  CLASS_CONTROLS_ARE_FOR_CLASSROOMS,
  CLASS_RESET_ROOM,
  dealRoundRobin,
  splitRoomNames,
  validateClassMove,
  validateClassSplit,
  validateNoFields,
  validateStudentsMayEmit,
  type ClassRoster,
  type InstructorOnlyAction,
} from '../core/classroom.ts';
import { MAIN_NAMESPACE } from '../core/emit-rules.ts';
import { describeValue } from '../core/validation.ts';
import { SOMEONE_ELSES_ROOM, type ChatRooms, type ChatServer, type ChatSocket } from './chat.ts';
import type { Classroom } from './classroom.ts';
import type { Lab } from './lab.ts';
import type { Answer, ClientEvents, ClientEventHandler } from './client-events.ts';

export function registerClassControls(io: ChatServer, events: ClientEvents<ChatSocket>, chat: ChatRooms, classroom: Classroom, lab: Pick<Lab, 'disarm'>): void {
  const main = io.of(MAIN_NAMESPACE);
  const nameOf = (socket: ChatSocket) => socket.data.name ?? `guest ${socket.id.slice(0, 4)}`;
  /** Every socket of / without the key, by name: the order the panel lists them in and a split deals them in. */
  const students = (): ChatSocket[] =>
    [...main.sockets.values()]
      .filter((socket) => socket.data.instructor !== true)
      .sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || a.id.localeCompare(b.id));

  /**
   * Each student moves as their own Join would, one after the other: a student's whole list of who is online must
   * reach them before the next one's "joined", or it would overwrite that change.
   */
  const moveAll = async (moves: readonly [ChatSocket, string][]): Promise<number> => {
    for (const [socket, room] of moves) await chat.moveToRoom(socket, room, nameOf(socket));
    return moves.length;
  };

  const tellStudentsMayEmit = (open: boolean) => {
    classroom.studentsMayEmit = open;
    main.emit('class:students-may-emit', { open });
  };

  /** The instructor's only, and only in classroom mode: solo mode has no class to drive. */
  const control = (action: InstructorOnlyAction, handler: ClientEventHandler<ChatSocket>): ClientEventHandler<ChatSocket> =>
    classroom.instructorOnly(action, (socket, payload): Answer | Promise<Answer> =>
      classroom.on ? handler(socket, payload) : { ok: false, error: CLASS_CONTROLS_ARE_FOR_CLASSROOMS },
    );

  events.on('class:roster', control('class:roster', (_socket, payload): Reply<ClassRoster> => {
    const checked = validateNoFields('class:roster', payload);
    if (!checked.ok) return checked;
    const roster = students().map((socket) => ({ socketId: socket.id, name: nameOf(socket), ...(socket.data.room === undefined ? {} : { room: socket.data.room }) }));
    return { ok: true, students: roster, studentsMayEmit: classroom.studentsMayEmit };
  }));

  events.on('class:move', control('class:move', async (_socket, payload): Promise<Reply<{ moved: number }>> => {
    const move = validateClassMove(payload);
    if (!move.ok) return move;
    const { socketIds, room } = move.value;
    if (main.sockets.has(room)) return { ok: false, error: SOMEONE_ELSES_ROOM };
    const moving: [ChatSocket, string][] = [];
    for (const id of socketIds) {
      const student = main.sockets.get(id);
      // Nobody is moved unless everyone named can be: a half-done move is harder to explain than a refusal.
      if (!student || student.data.instructor === true) return { ok: false, error: `${describeValue(id)} is not a student of the class (any more): refresh the list and pick again.` };
      moving.push([student, room]);
    }
    return { ok: true, moved: await moveAll(moving) };
  }));

  events.on('class:split', control('class:split', async (_socket, payload): Promise<Reply<{ rooms: string[]; moved: number }>> => {
    const split = validateClassSplit(payload);
    if (!split.ok) return split;
    const rooms = splitRoomNames(split.value.rooms);
    const taken = rooms.find((room) => main.sockets.has(room));
    if (taken !== undefined) return { ok: false, error: SOMEONE_ELSES_ROOM };
    return { ok: true, rooms, moved: await moveAll(dealRoundRobin(students(), rooms)) };
  }));

  events.on('class:reset', control('class:reset', async (_socket, payload): Promise<Reply<{ moved: number }>> => {
    const checked = validateNoFields('class:reset', payload);
    if (!checked.ok) return checked;
    for (const socket of main.sockets.values()) delete socket.data.prediction;
    lab.disarm();
    tellStudentsMayEmit(false);
    return { ok: true, moved: await moveAll(students().map((student) => [student, CLASS_RESET_ROOM])) };
  }));

  events.on('class:students-may-emit', control('class:students-may-emit', (_socket, payload): Reply<{}> => {
    const notice = validateStudentsMayEmit(payload);
    if (!notice.ok) return notice;
    tellStudentsMayEmit(notice.value.open);
    return { ok: true };
  }));

  // A student who arrives (or reloads) while emits are open sees their emit buttons at once.
  main.on('connection', (socket) => {
    if (classroom.studentsMayEmit) socket.emit('class:students-may-emit', { open: true });
  });
}
