import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io } from 'socket.io-client';
import type { ChatMessage } from '../../core/chat-contract.ts';
import type { ClientAuth } from '../../core/lab-contract.ts';
import {
  currentStep,
  initialLifecycle,
  lifecycleSteps,
  reduceLifecycle,
  type LifecycleState,
  type StepId,
  type TraceEntry,
} from '../../core/lifecycle.ts';
import { DEFAULT_ROOMS } from '../../core/scenario.ts';
import type { PlaygroundSocket } from './chat-connection.ts';
import { ConnectionTrace } from './connection-trace.ts';

/** The fresh client a replay connects: its name, its room and what it says. */
export const REPLAY_NAME = 'Replay';
export const REPLAY_ROOM = DEFAULT_ROOMS[0];
export const REPLAY_TEXT = 'Hello from the replay';

/** Time between two revealed steps, slow enough to follow out loud. */
export const REPLAY_SPEEDS = [
  { label: 'slow', ms: 2500 },
  { label: 'normal', ms: 1200 },
  { label: 'fast', ms: 300 },
] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number]['label'];

export type ReplayMode = 'idle' | 'playing' | 'stepping' | 'finished';

/** The real action the replay performs when the lifecycle reaches the step. */
const ACTIONS: Partial<Record<StepId, (socket: PlaygroundSocket) => void>> = {
  'call-io': (socket) => socket.connect(),
  'emit-join': (socket) => socket.emit('join-room', { room: REPLAY_ROOM, name: REPLAY_NAME }, () => {}),
  'emit-send': (socket) => socket.emit('send-message', { text: REPLAY_TEXT }, () => {}),
  disconnect: (socket) => socket.disconnect(),
};

/** What changes when a step lights up: the steps' statuses, round by round. */
const stepsKey = (state: LifecycleState) => `${state.round}:${lifecycleSteps(state).map((view) => view.status).join()}`;

/**
 * Runs the whole lifecycle for a fresh client, a real connection that joins a room, sends a message,
 * renders it and disconnects, and reveals its real events one step at a time: on a timer (play) or
 * on each click (step). An action is performed only once the step before it has been shown.
 */
export class LifecycleReplay implements ReactiveController {
  mode: ReplayMode = 'idle';
  speed: ReplaySpeed = 'normal';
  /** The lifecycle as revealed so far. */
  lifecycle: LifecycleState = initialLifecycle();

  readonly #host: ReactiveControllerHost & EventTarget;
  #socket: PlaygroundSocket | undefined;
  #trace: ConnectionTrace | undefined;
  #revealedSeq = 0;
  #performed = new Set<StepId>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost & EventTarget) {
    this.#host = host;
    host.addController(this);
  }

  /** The replay's wire, up to what has been revealed. */
  get entries(): readonly TraceEntry[] {
    return (this.#trace?.entries ?? []).filter((entry) => entry.seq <= this.#revealedSeq);
  }

  /** The messages its socket received, drawn as they arrive, as a card does: the drawing is the render step, at its real time. */
  get messages(): ChatMessage[] {
    return (this.#trace?.entries ?? []).flatMap((entry) => {
      const socket = entry.kind === 'frame' && entry.direction === 'received' ? entry.decoded.socket : undefined;
      return socket?.event === 'receive-message' ? [socket.args?.[0] as ChatMessage] : [];
    });
  }

  /** Whether the next Step has a real event to show or a real action to perform, rather than waiting for the server. */
  get canStep(): boolean {
    if (this.mode === 'idle' || this.mode === 'finished') return true;
    const step = currentStep(this.lifecycle);
    const hidden = (this.#trace?.entries ?? []).some((entry) => entry.seq > this.#revealedSeq);
    return hidden || (step !== undefined && ACTIONS[step] !== undefined && !this.#performed.has(step));
  }

  play(): void {
    this.#restart();
    this.mode = 'playing';
    this.#schedule();
    this.#host.requestUpdate();
  }

  step(): void {
    if (this.mode === 'idle' || this.mode === 'finished') this.#restart();
    this.mode = 'stepping';
    this.#schedule();
    this.#advance();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed;
    this.#schedule();
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** Ends a replay left part-way: its client closes as a tab would, and nothing of it stays on the server. */
  end(): void {
    if (this.mode !== 'playing' && this.mode !== 'stepping') return;
    this.#stop();
    this.mode = 'idle';
    this.lifecycle = initialLifecycle();
    this.#host.requestUpdate();
  }

  #restart(): void {
    this.#stop();
    const auth: ClientAuth = { name: REPLAY_NAME };
    const socket: PlaygroundSocket = io({ forceNew: true, autoConnect: false, reconnection: false, auth });
    this.#socket = socket;
    this.#trace = new ConnectionTrace(this.#host, socket, () => this.mode === 'finished' && this.#revealAll());
    this.#performed = new Set();
    this.#revealedSeq = 0;
    this.lifecycle = initialLifecycle();
    // The page itself loaded long before: shown at once, as the starting point.
    this.#revealNextStep();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#socket?.disconnect();
    this.#trace?.dispose();
    this.#socket = undefined;
    this.#trace = undefined;
  }

  #schedule(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.mode !== 'playing') return;
    const ms = REPLAY_SPEEDS.find((speed) => speed.label === this.speed)?.ms ?? REPLAY_SPEEDS[1].ms;
    this.#timer = setInterval(() => this.#advance(), ms);
  }

  /** Shows the next step: one that really happened already, else performs the real action of the step in progress. */
  #advance(): void {
    if (!this.#revealNextStep()) {
      const step = currentStep(this.lifecycle);
      const action = step === undefined ? undefined : ACTIONS[step];
      if (step !== undefined && action && this.#socket && !this.#performed.has(step)) {
        this.#performed.add(step);
        action(this.#socket);
        this.#revealNextStep();
      }
    }
    if (this.lifecycle.done.disconnect) this.#finish();
    this.#host.requestUpdate();
  }

  /** Applies hidden events until one lights up a step; false when none did. */
  #revealNextStep(): boolean {
    const before = stepsKey(this.lifecycle);
    for (const entry of this.#trace?.entries ?? []) {
      if (entry.seq <= this.#revealedSeq) continue;
      this.#reveal(entry);
      if (stepsKey(this.lifecycle) !== before) return true;
    }
    return false;
  }

  #revealAll(): void {
    for (const entry of this.#trace?.entries ?? []) if (entry.seq > this.#revealedSeq) this.#reveal(entry);
  }

  #reveal(entry: TraceEntry): void {
    this.lifecycle = reduceLifecycle(this.lifecycle, entry);
    this.#revealedSeq = entry.seq;
  }

  /** Once disconnected, the rest (the transport closing) is shown as it comes. */
  #finish(): void {
    this.mode = 'finished';
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#revealAll();
  }
}
