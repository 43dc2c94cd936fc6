// Reference solution for lesson 11's exercise (lessons/exercises/reconnection.ts).
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseClientSocket } from '../../server/exercise-checker.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function rejoinRoom(io: ExerciseServer, socket: ExerciseSocket, newRoom: string, message: ChatMessage): void {
  // The server forgot the old socket's rooms: the new socket is put back, then the whole room, it included, is told.
  socket.join(newRoom);
  io.to(newRoom).emit('receive-message', { ...message, room: newRoom, text: `${message.name} is back`, system: true });
}

export function listenForMessages(socket: ExerciseClientSocket, showMessage: (message: ChatMessage) => void): void {
  // Registered once, outside connect: the Socket object and its listeners outlive every reconnect.
  socket.on('receive-message', showMessage);
}
