// Reference solution for lesson 6's exercise (lessons/exercises/why-node.ts).
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ExerciseServer } from '../../server/exercise-server.ts';

const ITERATIONS = 1_000_000;
const hash = promisify(pbkdf2);

export async function relaySignedMessage(io: ExerciseServer, room: string, message: ChatMessage): Promise<void> {
  // The asynchronous pbkdf2 runs on libuv's thread pool: the event loop serves everyone else meanwhile.
  const signature = (await hash(message.text, 'emit-playground', ITERATIONS, 32, 'sha256')).toString('hex');
  io.to(room).emit('receive-message', { ...message, text: `${message.text} (signed ${signature.slice(0, 8)})` });
}
