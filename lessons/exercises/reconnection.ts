// Exercise for lesson 11, "reconnection". Check it with: npm run check -- reconnection
//
// Two parts: the server's, then the page's.
//
// 1. Without connection state recovery, a client that reconnects is a new socket, in no room. Its page
//    emits rejoin from its connect handler, with the room it was in, and the server calls rejoinRoom with
//    the new socket, that room (newRoom) and a message from it. The room must read "Bob is back", as
//    receive-message, Bob included: the notice is how his card knows he is in again. And from then on,
//    the room's messages must reach him. The line below announces him, but leaves him outside.
//
// 2. The page calls listenForMessages once, with its socket.io-client socket, before it connects; each
//    receive-message must be shown once (showMessage). After a reconnect, socket.io-client keeps the
//    same Socket object, with every listener it had, and emits connect again. The checker drops Bob's
//    connection, lets him reconnect, and counts how many times he is shown "Bob is back".
//
// Change both so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseClientSocket } from '../../server/exercise-checker.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function rejoinRoom(io: ExerciseServer, socket: ExerciseSocket, newRoom: string, message: ChatMessage): void {
  socket.to(newRoom).emit('receive-message', { ...message, room: newRoom, text: `${message.name} is back`, system: true });
}

export function listenForMessages(socket: ExerciseClientSocket, showMessage: (message: ChatMessage) => void): void {
  socket.on('connect', () => {
    socket.on('receive-message', showMessage);
  });
}
