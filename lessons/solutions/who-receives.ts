// Reference solution for lesson 4's exercise (lessons/exercises/who-receives.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function relayMessage(io: ExerciseServer, socket: ExerciseSocket, room: string, message: ChatMessage): void {
  // io.to(room) reaches every socket in the room; socket.to(room) would leave out the sender.
  io.to(room).emit('receive-message', message);
}
