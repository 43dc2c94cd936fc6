// Reference solution for lesson 12's exercise (lessons/exercises/more-than-one-server.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';

export function announce(io: ExerciseServer, message: ChatMessage): void {
  // Through the adapter: Redis carries it to the other nodes, which deliver it to their own sockets.
  io.emit('receive-message', { ...message, system: true });
}
