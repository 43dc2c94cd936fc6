// Exercise for lesson 7, "the chat's bonus features". Check it with: npm run check -- bonus-features
//
// While a client types, it emits typing, and the server calls announceTyping with its socket, its chat
// room and a message from it (message.name is who types). The others in the room must receive typing,
// { name, isTyping: true }, to show "Bob is typing…". The one who types must not: he knows.
//
// The line below shows Bob that Bob is typing. Change it so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer, ExerciseSocket } from '../../server/exercise-server.ts';

export function announceTyping(io: ExerciseServer, socket: ExerciseSocket, room: string, message: ChatMessage): void {
  io.to(room).emit('typing', { name: message.name, isTyping: true });
}
