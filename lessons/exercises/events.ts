// Exercise for lesson 2, "events". Check it with: npm run check -- events
//
// When a client emits hello, the server calls answerHello with that client's socket and a message.
// The message must go back to that client alone, as receive-message: the event its page listens for.
//
// The line below runs without any error, yet its client never sees a thing. Find out why, and fix it.
// Tip: socket is typed here as a plain socket.io Socket, which accepts any event name. Give it the
// chat's type instead, ExerciseSocket (import it from ../../server/exercise-server.ts), and run
// npx tsc --noEmit -p tsconfig.json: the typed events point at the mistake.
import type { Socket } from 'socket.io';
import type { ChatMessage } from '../../core/chat-contract.ts';

export function answerHello(socket: Socket, message: ChatMessage): void {
  socket.emit('recieve-message', message);
}
