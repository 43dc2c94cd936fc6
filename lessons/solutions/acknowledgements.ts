// Reference solution for lesson 9's exercise (lessons/exercises/acknowledgements.ts).
import type { Server } from 'socket.io';
import type { ChatMessage } from '../../core/chat-contract.ts';

export async function deliverToEveryone(io: Server, message: ChatMessage): Promise<void> {
  try {
    await io.timeout(1000).emitWithAck('receive-message', message);
  } catch {
    // With a timeout, a broadcast's acknowledgement fails as a whole when one socket stays silent: every
    // socket still received the message, only some answers are missing.
  }
}
