// Reference solution for lesson 10's exercise (lessons/exercises/namespaces.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';

export function alertOtherNamespace(io: ExerciseServer, message: ChatMessage): void {
  // io.emit is io.of('/').emit: each namespace has its own sockets.
  io.of('/other').emit('receive-message', message);
}
