import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The URL of a lesson: the server answers it with the page, so it can be bookmarked, shared and reloaded. */
export const lessonPath = (id: string) => `/lessons/${encodeURIComponent(id)}`;

const LESSON_URL = /^\/lessons\/([^/]+)\/?$/;

/** The lesson a path names (/lessons/<id>), if any. */
export function lessonIdIn(pathname: string): string | undefined {
  const match = LESSON_URL.exec(pathname);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * Which lesson the address bar names: /lessons/<id>, kept in step with the browser's history (back and
 * forward buttons). Any other path opens the lesson `fallback` picks, and the address bar is corrected to it.
 */
export class LessonRoute implements ReactiveController {
  /** The lesson the URL names; undefined when there is none to open. */
  id: string | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #fallback: () => string | undefined;

  constructor(host: ReactiveControllerHost, fallback: () => string | undefined) {
    this.#host = host;
    this.#fallback = fallback;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.#onPopState);
    this.#read();
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.#onPopState);
  }

  /** Opens a lesson as a new entry of the history, so that Back returns to the one before. */
  go(id: string): void {
    if (id === this.id) return;
    history.pushState(null, '', `${lessonPath(id)}${location.search}`);
    this.id = id;
    this.#host.requestUpdate();
  }

  readonly #onPopState = () => {
    this.#read();
    this.#host.requestUpdate();
  };

  #read(): void {
    const match = LESSON_URL.exec(location.pathname);
    if (match) {
      this.id = decodeURIComponent(match[1]!);
      return;
    }
    this.id = this.#fallback();
    // The query (?presenter) and the fragment (a shared scenario's #scenario=…) stay: both are read after the lesson is picked.
    if (this.id !== undefined) history.replaceState(null, '', `${lessonPath(this.id)}${location.search}${location.hash}`);
  }
}
