// Reference solution for lesson 5's exercise (lessons/exercises/lifecycle.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function announceDeparture(io: ExerciseServer, socket: ExerciseSocket, room: string, message: ChatMessage): void {
  // One emit to all its rooms at once: a socket in two of them is told once, and the leaver is left out.
  socket.to([...socket.rooms]).emit('receive-message', { ...message, text: `${message.name} left`, system: true });
}
