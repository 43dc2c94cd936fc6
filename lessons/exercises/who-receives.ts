// Exercise for lesson 4, "who receives it". Check it with: npm run check -- who-receives
//
// When a client emits send-message, the server calls relayMessage with the sender's socket, its
// chat room and the message the server stamped. Every socket in that room must receive it as
// receive-message, the sender included: the sender's card shows its own message only once the
// server has sent it back, with the server's timestamp. Nobody outside the room may receive it.
//
// The line below forgets the sender. Change it so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function relayMessage(io: ExerciseServer, socket: ExerciseSocket, room: string, message: ChatMessage): void {
  socket.to(room).emit('receive-message', message);
}
