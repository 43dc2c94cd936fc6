import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** An element of the page and the chunk that defines it. */
export type ElementChunks = Readonly<Record<string, () => Promise<unknown>>>;

export interface ElementLoaderHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * The page's first load is the cards and their sockets; the rest comes after, off that path. What the first
 * screen shows beside the cards (`firstScreen`) is loaded once they are drawn; the sections further down
 * (`onOpen`) when they come near the viewport, when something opens them (a lesson's link, Replay), or
 * when the browser is next idle, whichever is first. An element drawn before its chunk arrives upgrades
 * in place, keeping the properties it was given.
 */
export class ElementLoader implements ReactiveController {
  readonly #host: ElementLoaderHost;
  readonly #firstScreen: ElementChunks;
  readonly #onOpen: ElementChunks;
  readonly #loading = new Map<string, Promise<void>>();
  #observer: IntersectionObserver | undefined;
  #started = false;

  constructor(host: ElementLoaderHost, chunks: { firstScreen: ElementChunks; onOpen: ElementChunks }) {
    this.#host = host;
    this.#firstScreen = chunks.firstScreen;
    this.#onOpen = chunks.onOpen;
    host.addController(this);
  }

  /** Resolves once `tag` is defined, loading its chunk if nobody has yet. */
  load(tag: string): Promise<void> {
    let loading = this.#loading.get(tag);
    if (!loading) {
      const chunk = this.#firstScreen[tag] ?? this.#onOpen[tag];
      // A tag that is not loaded here (a <div>, an element of the first load) is there already.
      loading = chunk ? chunk().then(() => customElements.whenDefined(tag)).then(() => {}) : Promise.resolve();
      this.#loading.set(tag, loading);
    }
    return loading;
  }

  hostUpdated(): void {
    if (this.#started) return;
    this.#started = true;
    const firstScreen = Promise.all(Object.keys(this.#firstScreen).map((tag) => this.load(tag)));
    this.#observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) if (entry.isIntersecting) this.#open(entry.target);
      },
      { rootMargin: '50% 0px' },
    );
    for (const tag of Object.keys(this.#onOpen)) {
      const section = this.#host.renderRoot.querySelector(tag);
      if (section) this.#observer.observe(section);
    }
    void firstScreen.then(() =>
      requestIdleCallback(() => Object.keys(this.#onOpen).forEach((tag) => void this.load(tag)), { timeout: 2000 }),
    );
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#started = false;
  }

  #open(section: Element): void {
    this.#observer?.unobserve(section);
    void this.load(section.localName);
  }
}
