// Exercise for lesson 3, "rooms". Check it with: npm run check -- rooms
//
// When a client in a chat room emits join-room for another room, the server calls moveToRoom with its
// socket, the room it is in (room), the room it asks for (newRoom) and a message from it. Like the
// playground's chat, the move is announced on both floors, as receive-message:
//   - the old room hears "Bob left", and Bob no longer does: he has left;
//   - the new room hears "Bob joined", Bob included: that is how his card learns he got in.
// Each socket concerned receives one announcement, exactly once.
//
// The code below only does half of it. Complete it so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function moveToRoom(io: ExerciseServer, socket: ExerciseSocket, room: string, newRoom: string, message: ChatMessage): void {
  socket.join(newRoom);
  io.to(newRoom).emit('receive-message', { ...message, room: newRoom, text: `${message.name} joined`, system: true });
}
