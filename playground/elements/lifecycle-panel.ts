import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { currentStep, initialLifecycle, LIFECYCLE_STEPS, type LifecycleState, type TraceEntry } from '../../core/lifecycle.ts';
import { CleanupObserver } from '../controllers/cleanup-observer.ts';
import { TRACE_LIMIT, type TraceSnapshot } from '../controllers/connection-trace.ts';
import { LifecycleReplay, REPLAY_NAME, REPLAY_SPEEDS, type ReplaySpeed } from '../controllers/lifecycle-replay.ts';
import { controlStyles } from '../styles/controls.ts';
import { demoSectionStyles, surfaceStyles } from '../styles/surface.ts';
import './chat-message-list.ts';
import './lifecycle-diagram.ts';
import './wire-inspector.ts';

/** A card's trace, as the page reports it: who it is and what its socket did. */
export interface ConnectionTraceDetail {
  name: string;
  trace: TraceSnapshot;
}

/**
 * The lifecycle of one connection, step by step, and the wire underneath it: follows a card's client,
 * or replays the whole lifecycle for a fresh client, on a timer or one real event per click.
 */
@customElement('lifecycle-panel')
export class LifecyclePanel extends LitElement {
  static override styles = [
    controlStyles,
    surfaceStyles,
    demoSectionStyles,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
        align-items: center;
        margin-bottom: 0.9rem;
      }

      .controls label,
      .replay {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }

      select {
        font: inherit;
        padding: 0.3rem 0.45rem;
        border: 1px solid var(--border);
        border-radius: calc(var(--radius) * 0.6);
        background: var(--surface);
      }

      button:disabled {
        cursor: not-allowed;
        opacity: 0.55;
      }

      [role='status'] {
        margin: 0;
        color: var(--text-muted);
        font-weight: 600;
      }

      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr);
        gap: 1rem 1.5rem;
        align-items: start;
      }

      .side {
        display: flex;
        flex-direction: column;
        gap: 0.9rem;
        min-width: 0;
      }

      chat-message-list {
        height: 9rem;
      }

      wire-inspector {
        --wire-height: 34rem;
      }

      @media (max-width: 60rem) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }

        wire-inspector {
          --wire-height: 24rem;
        }
      }
    `,
  ];

  /** The cards on the page now, by name. */
  @property({ attribute: false }) accessor clients: readonly string[] = [];
  /** Every card's trace, removed cards included: a removed card is a closed tab, and its lifecycle ends there. */
  @property({ attribute: false }) accessor traces: ReadonlyMap<string, TraceSnapshot> = new Map();

  @state() accessor followed = '';

  readonly #replay = new LifecycleReplay(this);
  readonly #cleanup = new CleanupObserver(this);

  override render() {
    const followed = this.#followed();
    const replaying = followed === REPLAY_NAME;
    const { lifecycle, entries } = this.#shown(followed);
    return html`
      <section class="surface" aria-labelledby="lifecycle-title" tabindex="-1">
        <h2 id="lifecycle-title">Lifecycle of a connection</h2>
        <p class="intro">
          Each step lights up when the followed client's real event happens, with its time and what crossed the wire.
          Replay runs it all for a fresh client; Step performs its next real action only when you click.
        </p>
        <div class="controls">
          <label>
            Follow client
            <select @change=${(event: Event) => this.#follow((event.target as HTMLSelectElement).value)}>
              ${this.#followable().map(
                ({ name, label }) => html`<option value=${name} ?selected=${name === followed}>${label}</option>`,
              )}
            </select>
          </label>
          <div class="replay" role="group" aria-label="Replay">
            <button class="primary" aria-keyshortcuts="R" @click=${this.replay}>Replay</button>
            <button @click=${this.#step} ?disabled=${replaying && !this.#replay.canStep}>Step</button>
            <label>
              Speed
              <select @change=${(event: Event) => this.#replay.setSpeed((event.target as HTMLSelectElement).value as ReplaySpeed)}>
                ${REPLAY_SPEEDS.map(({ label }) => html`<option value=${label} ?selected=${label === this.#replay.speed}>${label}</option>`)}
              </select>
            </label>
          </div>
          <p role="status">${replaying ? this.#replayStatus(lifecycle) : ''}</p>
        </div>
        <div class="layout">
          <lifecycle-diagram .lifecycle=${lifecycle} .client=${followed}></lifecycle-diagram>
          <div class="side">
            ${replaying
              ? html`<div>
                  <h3>What ${REPLAY_NAME}'s card draws</h3>
                  <chat-message-list .messages=${this.#replay.messages} emptyText="No messages yet."></chat-message-list>
                </div>`
              : nothing}
            <div>
              <h3>The wire of ${followed}</h3>
              <wire-inspector .entries=${entries} .client=${followed} .limit=${TRACE_LIMIT}></wire-inspector>
            </div>
          </div>
        </div>
      </section>
    `;
  }

  /**
   * A lesson's link or a shortcut brings keyboard focus to the section: the host keeps no tabindex of its own,
   * since a shadow host with tabindex="-1" takes every control inside it out of the Tab order.
   */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('section')?.focus(options);
  }

  /** The clients one can follow: the cards, the removed cards with a trace, and the replay once started. */
  #followable(): { name: string; label: string }[] {
    const removed = [...this.traces.keys()].filter((name) => !this.clients.includes(name));
    return [
      ...this.clients.map((name) => ({ name, label: name })),
      ...removed.map((name) => ({ name, label: `${name} (removed)` })),
      ...(this.#replay.mode === 'idle' ? [] : [{ name: REPLAY_NAME, label: `${REPLAY_NAME} (fresh client)` }]),
    ];
  }

  #followed(): string {
    const names = this.#followable().map((option) => option.name);
    return names.includes(this.followed) ? this.followed : (names[0] ?? '');
  }

  #shown(followed: string): { lifecycle: LifecycleState; entries: readonly TraceEntry[] } {
    if (followed === REPLAY_NAME) return { lifecycle: this.#cleanup.withCleanup(this.#replay.lifecycle), entries: this.#replay.entries };
    const trace = this.traces.get(followed);
    if (!trace) return { lifecycle: initialLifecycle(), entries: [] };
    return { lifecycle: this.#cleanup.withCleanup(trace.lifecycle), entries: trace.entries };
  }

  #replayStatus(lifecycle: LifecycleState): string {
    const done = Object.keys(lifecycle.done).length;
    const progress = `${done} of ${LIFECYCLE_STEPS.length} steps`;
    switch (this.#replay.mode) {
      case 'finished':
        return `Replay finished: ${progress}.`;
      case 'playing':
        return `Replaying: ${progress}.`;
      case 'stepping': {
        const next = LIFECYCLE_STEPS.find((step) => step.id === currentStep(lifecycle));
        if (!this.#replay.canStep) return `${progress}: waiting for the server…`;
        return `${progress}. Next: ${next?.title ?? 'the end'}.`;
      }
      default:
        return '';
    }
  }

  /** Replays the whole lifecycle for a fresh client, as the Replay button does (a lesson asks for it too). */
  replay() {
    this.#replay.play();
    this.followed = REPLAY_NAME;
  }

  /** Ends the replay, if one is under way: its client leaves the server (the page's Reset asks for it). */
  endReplay() {
    this.#replay.end();
  }

  #step() {
    this.#replay.step();
    this.followed = REPLAY_NAME;
  }

  #follow(name: string) {
    this.followed = name;
    // A replay that waits for Step would wait forever once nobody follows it: its client would stay in general.
    if (name !== REPLAY_NAME && this.#replay.mode === 'stepping') this.#replay.end();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lifecycle-panel': LifecyclePanel;
  }
  interface HTMLElementEventMap {
    'connection-trace': CustomEvent<ConnectionTraceDetail>;
  }
}
