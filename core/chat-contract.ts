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

/** The system messages a room hears when a socket enters it, leaves it, or comes back through connection state recovery. */
export const systemText = {
  joined: (name: string) => `${name} joined`,
  left: (name: string) => `${name} left`,
  recovered: (name: string) => `${name} is back (connection recovered)`,
};

export interface OnlineUsers {
  room: string;
  /** Names of the sockets in the room, sorted. */
  users: string[];
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
  typing: (notice: TypingNotice) => void;
  'chat-error': (error: ChatError) => void;
}

/** What the server remembers about each chat socket (`socket.data`). */
export interface ChatSocketData {
  name?: string;
  room?: string;
  isTyping?: boolean;
}
