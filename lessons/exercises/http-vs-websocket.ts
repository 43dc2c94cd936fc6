// Exercise for lesson 1, "HTTP versus WebSocket". Check it with: npm run check -- http-vs-websocket
//
// When a client emits send-message, the server calls publishMessage with the message it stamped.
// The code below is polling thinking: it files the message in an inbox and waits for each page to
// come and ask "anything new?". Nobody asks here: every socket is connected, and they all listen for
// receive-message. Push the message to every connected socket instead, at once, so that every check passes.
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';

const inbox: ChatMessage[] = [];

export function publishMessage(io: ExerciseServer, message: ChatMessage): void {
  inbox.push(message);
}
