// Exercise for lesson 6, "why Node.js". Check it with: npm run check -- why-node
//
// When a client emits send-message, the server calls relaySignedMessage, which signs the message
// (a slow hash, like checking a password) and sends it to the sender's room. It does reach the room.
// But pbkdf2Sync computes on the event loop's one thread: while it runs, no other client is served,
// no ping answered. The check's latency probe measures how long the handler keeps the loop in one go.
//
// Keep the same hash, but let the loop go on while it is computed, so that every check passes.
import { pbkdf2Sync } from 'node:crypto';
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';

const ITERATIONS = 1_000_000;

export async function relaySignedMessage(io: ExerciseServer, room: string, message: ChatMessage): Promise<void> {
  const signature = pbkdf2Sync(message.text, 'emit-playground', ITERATIONS, 32, 'sha256').toString('hex');
  io.to(room).emit('receive-message', { ...message, text: `${message.text} (signed ${signature.slice(0, 8)})` });
}
