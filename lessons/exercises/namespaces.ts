// Exercise for lesson 10, "namespaces". Check it with: npm run check -- namespaces
//
// When a client of the main namespace emits send-message, the server calls alertOtherNamespace with a
// message. It is meant for the clients connected to the /other namespace, all of them and only them:
// none of the main namespace's sockets, the sender included, may receive it.
//
// The line below talks to the wrong set of sockets. Change it so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';

export function alertOtherNamespace(io: ExerciseServer, message: ChatMessage): void {
  io.emit('receive-message', message);
}
