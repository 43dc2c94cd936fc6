import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { VariantId } from '../../core/emit-rules.ts';
import type { EmitResult } from '../../core/lab-contract.ts';
import { instructorKey } from '../classroom.ts';
import type { PlaygroundSocket } from './chat-connection.ts';

export interface PredictionScore {
  right: number;
  total: number;
}

export interface PredictionDetail {
  name: string;
  willReceive: boolean;
}

/** Fires the emit that predict mode armed. */
export function requestFire(from: HTMLElement): void {
  from.dispatchEvent(new CustomEvent('emit-fire', { bubbles: true, composed: true }));
}

/** A card as a score needs it: its name, and its socket's id to find its line in the result. */
export interface ScoredCard {
  readonly name: string;
  readonly socket: { readonly id: string | undefined };
}

/** Counts the cards whose real delivery matches what the student said; a card that could not report does not count. */
export function scorePredictions(predictions: ReadonlyMap<string, boolean>, result: EmitResult, cards: readonly ScoredCard[]): PredictionScore {
  let right = 0;
  let total = 0;
  for (const card of cards) {
    const predicted = predictions.get(card.name);
    const outcome = result.outcomes.find((candidate) => candidate.socketId === card.socket.id);
    if (predicted === undefined || typeof outcome?.received !== 'boolean') continue;
    total++;
    if (outcome.received === predicted) right++;
  }
  return { right, total };
}

/**
 * Predict first: the variant picked is armed rather than fired, each card's "will receive" box is the student's
 * guess, and Fire performs it. A quiz may lend the mode to the student for one run; in classroom mode, arming
 * asks every student's card too.
 */
export class PredictMode implements ReactiveController {
  /** The "Predict first" checkbox. */
  on = false;
  #armed: VariantId | undefined;
  /** Set while a quiz's run has Predict first on that the student had off: it goes off again when that run ends. */
  #lent = false;
  readonly #predictions = new Map<string, boolean>();
  readonly #host: ReactiveControllerHost & HTMLElement;
  /** The sender's socket, over which the instructor's page tells the class an emit is armed. */
  readonly #senderSocket: () => PlaygroundSocket | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, senderSocket: () => PlaygroundSocket | undefined) {
    this.#host = host;
    this.#senderSocket = senderSocket;
    host.addController(this);
  }

  hostConnected(): void {
    for (const [event, listener] of this.#listeners) this.#host.addEventListener(event, listener);
  }

  hostDisconnected(): void {
    for (const [event, listener] of this.#listeners) this.#host.removeEventListener(event, listener);
  }

  /** The variant picked, waiting for Fire. */
  get armed(): VariantId | undefined {
    return this.#armed;
  }

  set armed(id: VariantId | undefined) {
    const changed = (this.#armed === undefined) !== (id === undefined);
    this.#armed = id;
    if (changed) this.#tellClass(id !== undefined);
  }

  /** The armed emit is fired. Not told as disarmed: the emit's lab:started ends the students' question, and their guesses stay for its result. */
  fired(): void {
    this.#armed = undefined;
  }

  /** This card's "<Name> will receive" box. */
  willReceive(name: string): boolean {
    return this.#predictions.get(name) ?? false;
  }

  /** What the student says each card will do, when predict mode is on. */
  predictionsFor(names: readonly string[]): Map<string, boolean> | undefined {
    return this.on ? new Map(names.map((name) => [name, this.willReceive(name)])) : undefined;
  }

  /** A quiz's run turns predict mode on, with fresh guesses; it goes back off when the run ends if the student had it off. */
  lend(): void {
    this.#lent = !this.on;
    this.on = true;
    this.#predictions.clear();
  }

  /** Once a run that borrowed predict mode is over, it goes back off. */
  giveBack(): void {
    if (!this.#lent) return;
    this.#lent = false;
    this.on = false;
    this.armed = undefined;
  }

  /** Predicting by hand now: predict mode stays on, as the badge and the checkbox show, until the student turns it off. */
  keep(): void {
    this.#lent = false;
  }

  /** As the page opens: off, with no guesses. */
  reset(): void {
    this.#lent = false;
    this.on = false;
    this.#predictions.clear();
  }

  /** Classroom mode: while an emit is armed, every student's card asks whether it will receive it. */
  #tellClass(armed: boolean): void {
    if (instructorKey() === undefined) return;
    // The sender's socket, as for the emit itself: every card of the instructor's page came with the key.
    const socket = this.#senderSocket();
    if (socket?.connected) socket.emit('lab:arm', { armed }, () => {});
  }

  readonly #listeners: [keyof HTMLElementEventMap, (event: Event) => void][] = [
    ['predict-first-change', (event) => {
      this.on = (event as CustomEvent<{ predictFirst: boolean }>).detail.predictFirst;
      // Turned by hand, predict mode is the student's: no quiz turns it back.
      this.#lent = false;
      if (!this.on) this.armed = undefined;
      this.#host.requestUpdate();
    }],
    ['prediction-change', (event) => {
      const { name, willReceive } = (event as CustomEvent<PredictionDetail>).detail;
      this.#predictions.set(name, willReceive);
      this.#host.requestUpdate();
    }],
  ];
}

declare global {
  interface HTMLElementEventMap {
    /** Predict mode's Fire button. */
    'emit-fire': CustomEvent<void>;
    'predict-first-change': CustomEvent<{ predictFirst: boolean }>;
    'prediction-change': CustomEvent<PredictionDetail>;
  }
}
