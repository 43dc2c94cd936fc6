// The emit lab's events: the request over the sender's own socket, the delivery it causes, the
// settle marker that proves a non-delivery, and what observers (the /lab namespace) are told.
import type { Reply } from './chat-contract.ts';
import type { EmitRequest, SocketView, VariantId } from './emit-rules.ts';

export const LAB_NAMESPACE = '/lab';

/** What the lab's emit carries: its number and who asked for it. */
export interface LabPayload {
  emit: number;
  from: string;
  /** Which copy this is, from 1, when one emit sends several (socket.volatile.emit × n). */
  seq?: number;
}

/** A receiver's answer to an emit sent with an acknowledgement (the timeout variants). */
export interface HelloAnswer {
  socketId: string;
  name: string;
}

/** Sent to every socket right after the emit, on the same connection, so it arrives after any delivery. */
export interface SettleMarker {
  emit: number;
}

export interface SettleReport {
  received: boolean;
  /** Client time the delivery arrived, ms since the epoch. */
  receivedAt?: number;
  /** How many copies of the emit arrived (several for socket.volatile.emit × n). */
  copies?: number;
}

export type AckOutcome = 'answered' | 'timed out';

/** Why a socket has no report: a bare client cannot say; a page that stopped answering (asleep, or a closed tab) did not. */
export type Unreported = 'runs no lab code' | 'did not answer in time';

/** What the settle protocol keeps in each socket's `socket.data`. */
export interface SettleState {
  /** The client runs the lab's code and answers settle markers (from its handshake auth). */
  reportsDeliveries?: boolean;
  /** It missed its last settle marker: the lab no longer waits for it until it answers one again. */
  silent?: boolean;
}

export interface EmitOutcome {
  socketId: string;
  name: string;
  namespace: string;
  /** What the socket reported; null when it has no report (see `unreported`). */
  received: boolean | null;
  receivedAt?: number;
  /** Why `received` is null. */
  unreported?: Unreported;
  /** What socket.io's rules (core/emit-rules.ts) predict. */
  predicted: boolean;
  reason: string;
  /** For the timeout variants: whether this receiver's acknowledgement came back in time. */
  ack?: AckOutcome;
  /** When the call sends several copies (`copiesSent` in the result): how many of them arrived here. */
  copies?: number;
  /** Classroom mode: what this socket's student predicted with lab:predict before the emit (cleared after it). */
  predictedByStudent?: boolean;
  /** The server node the socket is on: with several nodes, its report crossed Redis to reach the sender's node. */
  node?: string;
}

export interface EmitResult {
  emit: number;
  request: EmitRequest;
  senderId: string;
  senderName: string;
  /** The server line that ran. */
  code: string;
  startedAt: number;
  outcomes: EmitOutcome[];
  /** For the timeout variants: the error the ack callback got, e.g. "operation has timed out". */
  ackError?: string;
  /** For the variants with an ack callback: how many answers it got, and how long after the emit it ran. */
  ackAnswers?: number;
  ackAfterMs?: number;
  /** How many copies of the hello the call sent each socket it targets, when more than one. */
  copiesSent?: number;
}

export interface EmitStarted {
  emit: number;
  variant: VariantId;
  senderId: string;
  code: string;
}

export interface RoomsSnapshot {
  sockets: NodeSocketView[];
}

/** A socket as the rules see it, and the server node it is on. */
export interface NodeSocketView extends SocketView {
  node?: string;
}

/** What changed in the rooms view since a server's last change: sent, gathered over a few ms, after the first snapshot. */
export interface RoomsChanged {
  /** The server that saw the changes (each of several numbers its own), and its number for them: a gap means one was missed. */
  server: string;
  seq: number;
  /** Sockets that connected, joined or left a room, or took a name: as they are now. */
  sockets: NodeSocketView[];
  /** Ids of the sockets that disconnected. */
  gone: string[];
}

/** The handshake auth of a /lab observer. */
export interface LabObserverAuth {
  /** False for a page that draws no rooms view (a student's phone): it gets no snapshot and no changes. */
  rooms?: boolean;
  key?: string;
}

export interface LabClientToServerEvents {
  'lab:perform': (request: EmitRequest, ack: (reply: Reply<{ result: EmitResult }>) => void) => void;
  /** Joins one more room without leaving the chat room (for sockets in several rooms). */
  'lab:join': (payload: { room: string }, ack?: (reply: Reply<{ rooms: string[] }>) => void) => void;
  'lab:leave': (payload: { room: string }, ack?: (reply: Reply<{ rooms: string[] }>) => void) => void;
  /** Classroom mode: this socket's student predicts whether it receives the emit the instructor has armed. */
  'lab:predict': (payload: PredictionPayload, ack?: (reply: Reply<{}>) => void) => void;
  /** Classroom mode: the instructor's page armed an emit in predict mode (or disarmed it): the students are asked. */
  'lab:arm': (payload: ArmedNotice, ack?: (reply: Reply<{}>) => void) => void;
}

/** Whether the instructor has an emit armed, waiting for Fire: while it is, each student predicts. */
export interface ArmedNotice {
  armed: boolean;
}

/** A student's guess for the emit the instructor has armed: will this socket receive it? */
export interface PredictionPayload {
  /** The emit it is for, when the page knows its number; the server keeps only the latest guess anyway. */
  emit?: number;
  willReceive: boolean;
}

export interface LabServerToClientEvents {
  hello: (payload: LabPayload, ack?: (answer: HelloAnswer) => void) => void;
  'lab:settle': (marker: SettleMarker, report: (report: SettleReport) => void) => void;
  /** Classroom mode, to every socket of /: the instructor armed an emit (ask "Will you receive it?") or disarmed it. */
  'lab:armed': (notice: ArmedNotice) => void;
}

export interface LabObserverEvents {
  /** The whole rooms view: when the observer connects (or reconnects). */
  'lab:rooms': (snapshot: RoomsSnapshot) => void;
  'lab:rooms-changed': (change: RoomsChanged) => void;
  'lab:started': (started: EmitStarted) => void;
  'lab:result': (result: EmitResult) => void;
}

/** The handshake auth a client sends: its name, and whether it answers settle markers. */
export interface ClientAuth {
  name?: string;
  lab?: boolean;
  /** Classroom mode: the instructor's key (from the projector URL's ?key=); without it, a socket is a student's. */
  key?: string;
}
