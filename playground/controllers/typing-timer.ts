import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Quiet this long, and the others are told the client stopped typing. */
const IDLE_MS = 2000;

/**
 * Turns edits of a message box into "typing" on and off: on at the first keystroke, off after
 * IDLE_MS without one, when the box is cleared, or when the message is sent. Announces changes only.
 */
export class TypingTimer implements ReactiveController {
  #isTyping = false;
  #idle: ReturnType<typeof setTimeout> | undefined;
  readonly #announce: (isTyping: boolean) => void;

  constructor(host: ReactiveControllerHost, announce: (isTyping: boolean) => void) {
    this.#announce = announce;
    host.addController(this);
  }

  edited(text: string): void {
    clearTimeout(this.#idle);
    if (text.trim() === '') return this.stop();
    if (!this.#isTyping) {
      this.#isTyping = true;
      this.#announce(true);
    }
    this.#idle = setTimeout(() => this.stop(), IDLE_MS);
  }

  stop(): void {
    clearTimeout(this.#idle);
    if (!this.#isTyping) return;
    this.#isTyping = false;
    this.#announce(false);
  }

  hostDisconnected(): void {
    // The connection closes with the card, and the server clears typing on disconnect.
    clearTimeout(this.#idle);
    this.#isTyping = false;
  }
}
