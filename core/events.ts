// The whole wire contract of the / namespace: the chat's events and the lab's, typed once.
import type { ChatClientToServerEvents, ChatServerToClientEvents, ChatSocketData } from './chat-contract.ts';
import type { LabClientToServerEvents, LabServerToClientEvents } from './lab-contract.ts';

export interface ClientToServerEvents extends ChatClientToServerEvents, LabClientToServerEvents {}
export interface ServerToClientEvents extends ChatServerToClientEvents, LabServerToClientEvents {}

export interface SocketData extends ChatSocketData {
  /** The client runs the lab's code and answers settle markers (from its handshake auth). */
  reportsDeliveries?: boolean;
}
