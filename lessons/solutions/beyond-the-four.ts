// Reference solution for lesson 8's exercise (lessons/exercises/beyond-the-four.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function sendPrivateMessage(io: ExerciseServer, socket: ExerciseSocket, targetId: string, message: ChatMessage): void {
  // Every socket is alone in the room named after its id: that room is its private address.
  io.to(targetId).emit('receive-message', message);
}
