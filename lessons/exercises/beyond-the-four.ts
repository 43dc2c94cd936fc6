// Exercise for lesson 8, "beyond the four". Check it with: npm run check -- beyond-the-four
//
// A private message: when a client emits private-message for another client, the server calls
// sendPrivateMessage with the target's socket id. Only the target may receive it, as
// receive-message: not the sender, not the target's room mates, nobody else.
//
// The line below leaks the secret to everyone but the sender. Change it so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function sendPrivateMessage(io: ExerciseServer, socket: ExerciseSocket, targetId: string, message: ChatMessage): void {
  socket.broadcast.emit('receive-message', message);
}
