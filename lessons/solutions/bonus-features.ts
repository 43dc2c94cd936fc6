// Reference solution for lesson 7's exercise (lessons/exercises/bonus-features.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function announceTyping(io: ExerciseServer, socket: ExerciseSocket, room: string, message: ChatMessage): void {
  // socket.to(room): the room, minus the socket that types.
  socket.to(room).emit('typing', { name: message.name, isTyping: true });
}
