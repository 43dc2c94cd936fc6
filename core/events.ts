// The whole wire contract of the / namespace: the chat's events and the lab's, typed once.
import type { ChatClientToServerEvents, ChatServerToClientEvents, ChatSocketData } from './chat-contract.ts';
import type { ClassClientToServerEvents, ClassServerToClientEvents } from './classroom.ts';
import type { LabClientToServerEvents, LabServerToClientEvents, SettleState } from './lab-contract.ts';

/** Sent on every namespace just before the server closes (SIGTERM, Ctrl+C): the page says so instead of "connection lost". */
export const SERVER_CLOSING_EVENT = 'server-closing';

export interface ServerClosing {
  reason: string;
}

export interface ClientToServerEvents extends ChatClientToServerEvents, LabClientToServerEvents, ClassClientToServerEvents {}
export interface ServerToClientEvents extends ChatServerToClientEvents, LabServerToClientEvents, ClassServerToClientEvents {
  [SERVER_CLOSING_EVENT]: (notice: ServerClosing) => void;
}

export interface SocketData extends ChatSocketData, SettleState {
  /** An emit this socket asked the lab for is still settling: it waits for that result first. */
  settling?: boolean;
  /** Classroom mode: the socket came with the instructor's key, so it may drive the lab. */
  instructor?: boolean;
  /** Classroom mode: the student's latest lab:predict, until the next emit's result reports and clears it. */
  prediction?: boolean;
  /** The server node the socket is connected to (node-1 unless several nodes share a Redis). */
  node?: string;
}
