import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The URL flag that opens the page in presenter mode: /lessons/who-receives?presenter. */
export const PRESENTER_FLAG = 'presenter';

export interface PresenterHost extends ReactiveControllerHost, HTMLElement {}

/**
 * Presenter mode, for a projector: larger type (tokens.css, under the root's data-presenter), the lesson folded
 * away, and the students' URL with its QR code (presenter-panel.ts, which brings the page's presenter layout with
 * it). On with ?presenter or the Presenter button; the address bar keeps the flag, so a reload stays in it.
 */
export class PresenterMode implements ReactiveController {
  on = false;

  readonly #host: PresenterHost;

  constructor(host: PresenterHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.on = new URLSearchParams(location.search).has(PRESENTER_FLAG);
    this.#apply();
  }

  hostDisconnected(): void {
    document.documentElement.removeAttribute('data-presenter');
  }

  toggle(on = !this.on): void {
    this.on = on;
    const url = new URL(location.href);
    if (on) url.searchParams.set(PRESENTER_FLAG, '');
    else url.searchParams.delete(PRESENTER_FLAG);
    history.replaceState(history.state, '', url);
    this.#apply();
    this.#host.requestUpdate();
  }

  #apply(): void {
    document.documentElement.toggleAttribute('data-presenter', this.on);
    this.#host.toggleAttribute('presenter', this.on);
  }
}
