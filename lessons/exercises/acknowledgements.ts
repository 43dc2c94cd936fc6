// Exercise for lesson 9, "acknowledgements". Check it with: npm run check -- acknowledgements
//
// When a client emits send-message, the server calls deliverToEveryone, which sends receive-message to
// every socket with an acknowledgement and waits for their answers, one second at most. The page that
// sent it then learns the message went out, whoever answered: a socket that never answers (asleep,
// gone, or not listening for acks) must not turn the whole send into a failure.
//
// The code below works while everyone answers. See what the caller gets when someone does not, and fix it.
import type { Server } from 'socket.io';
import type { ChatMessage } from '../../core/chat-contract.ts';

export async function deliverToEveryone(io: Server, message: ChatMessage): Promise<void> {
  const answers = await io.timeout(1000).emitWithAck('receive-message', message);
  console.log(`${answers.length} sockets answered`);
}
