// Reference solution for lesson 3's exercise (lessons/exercises/rooms.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function moveToRoom(io: ExerciseServer, socket: ExerciseSocket, room: string, newRoom: string, message: ChatMessage): void {
  // Leave first: the old floor's notice is for those who stay, not for the one who goes.
  socket.leave(room);
  io.to(room).emit('receive-message', { ...message, room, text: `${message.name} left`, system: true });
  socket.join(newRoom);
  io.to(newRoom).emit('receive-message', { ...message, room: newRoom, text: `${message.name} joined`, system: true });
}
