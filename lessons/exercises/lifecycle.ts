// Exercise for lesson 5, "the connection lifecycle". Check it with: npm run check -- lifecycle
//
// Step 10: when a client disconnects, the server calls announceDeparture from the socket's
// disconnecting event, with the socket, its chat room and a message from it. Every other socket that
// shared a room with it must hear about it, as receive-message, exactly once: its chat room, and the
// other rooms it was in too. In disconnecting (unlike disconnect), socket.rooms still lists them all.
//
// The line below only tells the chat room. Change it so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function announceDeparture(io: ExerciseServer, socket: ExerciseSocket, room: string, message: ChatMessage): void {
  socket.to(room).emit('receive-message', { ...message, text: `${message.name} left`, system: true });
}
