// Reference solution for lesson 2's exercise (lessons/exercises/events.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseSocket } from '../../server/exercise-server.ts';

export function answerHello(socket: ExerciseSocket, message: ChatMessage): void {
  // Typed with the chat's events, a misspelt event name no longer compiles.
  socket.emit('receive-message', message);
}
