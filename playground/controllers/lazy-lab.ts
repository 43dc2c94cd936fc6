import type { ReactiveController } from 'lit';
import type { EmitLab, EmitLabHost } from './emit-lab.ts';
import type { PlaygroundShortcuts, ShortcutsHost } from './shortcuts.ts';

export type PageActions = typeof import('./page-actions.ts');

/** The emit lab and what comes with it: the keyboard shortcuts, and what the page does when asked. */
export interface LoadedLab {
  lab: EmitLab;
  shortcuts: PlaygroundShortcuts;
  page: PageActions;
}

/**
 * The DOM events the lab's controllers listen for on the page (EmitLab's and PredictMode's). Until they exist, the
 * page holds these events and hands them over in order, so that a Try it or an emit clicked early is not lost.
 */
const LAB_EVENTS = ['scenario-run', 'emit-variant', 'emit-fire', 'emit-choice-change', 'predict-first-change', 'prediction-change'] as const;

/**
 * The emit lab, out of the first load: its chunk (its controllers, the rules of emits, the shortcuts) is fetched as
 * the page is made, while the cards draw and connect, rather than before them. The rooms' snapshot comes with it.
 */
export class LazyLab implements ReactiveController {
  loaded: LoadedLab | undefined;
  /** Resolves once the lab is loaded, for what must act on it even when asked before (Reset, a shortcut). */
  readonly ready: Promise<LoadedLab>;

  readonly #host: EmitLabHost & ShortcutsHost;
  #resolve: (loaded: LoadedLab) => void = () => {};
  /** Events that came before the lab, to dispatch again once it is here. */
  #held: CustomEvent[] = [];

  constructor(host: EmitLabHost & ShortcutsHost) {
    this.#host = host;
    this.ready = new Promise((resolve) => (this.#resolve = resolve));
    host.addController(this);
    void this.#load();
  }

  hostConnected(): void {
    if (this.loaded) return;
    for (const event of LAB_EVENTS) this.#host.addEventListener(event, this.#hold);
  }

  hostDisconnected(): void {
    for (const event of LAB_EVENTS) this.#host.removeEventListener(event, this.#hold);
  }

  async #load(): Promise<void> {
    const chunk = await import('./lab-chunk.ts');
    const host = this.#host;
    // Added to a connected host, each controller's hostConnected runs at once (else when it connects): its listeners
    // are in place before the held events are dispatched again below.
    this.loaded = { lab: new chunk.EmitLab(host), shortcuts: new chunk.PlaygroundShortcuts(host), page: chunk };
    this.hostDisconnected();
    for (const event of this.#held.splice(0)) host.dispatchEvent(new CustomEvent(event.type, { detail: event.detail }));
    host.requestUpdate();
    this.#resolve(this.loaded);
  }

  readonly #hold = (event: Event): void => {
    if (event instanceof CustomEvent) this.#held.push(event);
  };
}
