import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CLASSROOM_ROUTE, INSTRUCTOR_KEY_HEADER } from '../../core/classroom-route.ts';
import { isRecord } from '../../core/untrusted.ts';
import { instructorKey } from '../classroom.ts';

/** The URL flag that opens the page in presenter mode: /lessons/who-receives?presenter. */
export const PRESENTER_FLAG = 'presenter';

export interface PresenterHost extends ReactiveControllerHost, HTMLElement {}

/**
 * Presenter mode, for a projector: larger type (tokens.css, under the root's data-presenter), the lesson folded
 * away, and the students' URL with its QR code. On with ?presenter or the Presenter button; the address bar keeps
 * the flag, so a reload stays in it.
 */
export class PresenterMode implements ReactiveController {
  on = false;
  /** Where students join: the server's own address for them, or this page's origin when it does not say. */
  studentsUrl: string | undefined;

  readonly #host: PresenterHost;
  #asked = false;

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
    if (this.on && !this.#asked) {
      this.#asked = true;
      void this.#askStudentsUrl();
    }
  }

  /** GET /api/classroom tells the instructor (and a solo page) the address the server gave its students. */
  async #askStudentsUrl(): Promise<void> {
    const key = instructorKey();
    let url = `${location.origin}/`;
    try {
      const response = await fetch(CLASSROOM_ROUTE, { headers: key === undefined ? {} : { [INSTRUCTOR_KEY_HEADER]: key } });
      const answer: unknown = response.ok ? await response.json() : undefined;
      if (isRecord(answer) && typeof answer.studentsUrl === 'string' && /^https?:\/\//.test(answer.studentsUrl)) url = answer.studentsUrl;
    } catch {
      // No answer: this page's own origin is where it was opened from, the best guess left.
    }
    this.studentsUrl = url;
    this.#host.requestUpdate();
  }
}
