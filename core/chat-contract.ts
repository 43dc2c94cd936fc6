// The chat's events, typed once: the server (`new Server<…>`), the page (`io<…>`) and the tests share them.

/** A chat message as the server stamps it; `system` marks "Bob joined" / "Bob left" notices. */
export interface ChatMessage {
  id: string;
  room: string;
  name: string;
  text: string;
  /** Server time, milliseconds since the epoch. */
  timestamp: number;
  system: boolean;
}

/** The system messages a room hears when a socket enters it, leaves it, or comes back through connection state recovery: one per change, at once, in order. */
export const systemText = {
  joined: (name: string) => `${name} joined`,
  left: (name: string) => `${name} left`,
  recovered: (name: string) => `${name} is back (connection recovered)`,
};

/** The whole list, sent only to the socket that just joined (or came back): the others already have it. */
export interface OnlineUsers {
  room: string;
  /** Names of the sockets in the room, sorted. */
  users: string[];
}

/**
 * What changed in a room's online users, sent to those already there: the names, not the whole list, and the
 * changes of one window together, so a class of N joining at once does not cost each member N lists of N names.
 */
export interface PresenceChange {
  room: string;
  joined: string[];
  left: string[];
}

/** The online users after a presence change; a name can be there twice (two pages' Alices), so one copy goes per leave. */
export function withPresence(users: readonly string[], { joined, left }: PresenceChange): string[] {
  const next = [...users];
  for (const name of left) if (next.includes(name)) next.splice(next.indexOf(name), 1);
  next.push(...joined);
  // Sorted as the server sorts the whole list.
  return next.sort((a, b) => a.localeCompare(b));
}

export interface TypingNotice {
  name: string;
  isTyping: boolean;
}

export interface JoinRoomPayload {
  room: string;
  name: string;
}

export interface SendMessagePayload {
  text: string;
}

export interface TypingPayload {
  isTyping: boolean;
}

export type ChatEventName = 'join-room' | 'send-message' | 'typing';

/** What a bad request is told when it gave no acknowledgement callback. */
export interface ChatError {
  event: ChatEventName;
  error: string;
}

export type Failure = { ok: false; error: string };
export type Reply<T extends object> = ({ ok: true } & T) | Failure;
export type Ack<T extends object> = (reply: Reply<T>) => void;

/** `name` (classroom mode): the name the socket actually got, e.g. "Zed 2" when another socket already is "Zed". */
export type JoinRoomReply = Reply<{ room: string; users: string[]; name?: string }>;
export type SendMessageReply = Reply<{ message: ChatMessage }>;
export type TypingReply = Reply<{}>;

// The server answers a request without an ack too (with chat-error); the ack is typed as required so
// that `emitWithAck` and `timeout().emit` are fully typed on the client.
export interface ChatClientToServerEvents {
  'join-room': (payload: JoinRoomPayload, ack: Ack<{ room: string; users: string[]; name?: string }>) => void;
  'send-message': (payload: SendMessagePayload, ack: Ack<{ message: ChatMessage }>) => void;
  typing: (payload: TypingPayload, ack: Ack<{}>) => void;
}

export interface ChatServerToClientEvents {
  'receive-message': (message: ChatMessage) => void;
  'online-users': (update: OnlineUsers) => void;
  presence: (change: PresenceChange) => void;
  typing: (notice: TypingNotice) => void;
  'chat-error': (error: ChatError) => void;
}

/** What the server remembers about each chat socket (`socket.data`). */
export interface ChatSocketData {
  name?: string;
  room?: string;
  isTyping?: boolean;
}
