// Reference solution for lesson 1's exercise (lessons/exercises/http-vs-websocket.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';

export function publishMessage(io: ExerciseServer, message: ChatMessage): void {
  // Push: the server speaks first, to every socket of the main namespace, without waiting to be asked.
  io.emit('receive-message', message);
}
