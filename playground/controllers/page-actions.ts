// What the page does when asked: Reset, Add client, a card's Remove, a lesson's Try it or link into the playground,
// the shortcuts' list. Nothing here is needed to draw the page and connect its cards, so it comes with the emit
// lab's chunk (lazy-lab.ts); a click before that waits for it. The phone's tabs answer at once (emit-playground.ts).
import { DEFAULT_ROOMS, nextClientName, type ClientSetup } from '../../core/scenario.ts';
import type { LifecyclePanel } from '../elements/lifecycle-panel.ts';
import type { ShortcutsDialog } from '../elements/shortcuts-dialog.ts';
import type { EmitLab } from './emit-lab.ts';
import type { ScenarioDetail } from './stage.ts';

export type Tab = 'lesson' | 'playground';

/** The page (emit-playground.ts), as these actions change it. */
export interface PageHost extends HTMLElement {
  clients: readonly ClientSetup[];
  rooms: readonly string[];
  tab: Tab;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  /** Whether the page is in its phone layout: the lesson and the playground as two tabs. */
  readonly phone: boolean;
  readonly addButton: HTMLButtonElement | null;
  readonly lifecyclePanel: LifecyclePanel | null;
  readonly shortcutsDialog: ShortcutsDialog | null;
  /** Resolves once the element is defined, loading its chunk if it has not come yet. */
  loadElement(tag: string): Promise<void>;
  /** On a phone: shows the lesson's tab or the playground's. */
  showTab(tab: Tab): void;
}

/** A lesson's Try it: the playground comes into view (its tab on a phone), so the cards' answers are seen. */
export function showResult(host: PageHost, detail: ScenarioDetail): void {
  if (detail.mode === 'set up') return;
  if (host.phone) return host.showTab('playground');
  const deck = host.renderRoot.querySelector<HTMLElement>('.deck');
  if (deck && deck.getBoundingClientRect().top < 0) deck.scrollIntoView({ block: 'start' });
}

/** A lesson's link into the playground: the section comes into view, and keyboard focus with it. */
export async function showSection(host: PageHost, id: string): Promise<void> {
  const section = host.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
  if (!section) return;
  await host.loadElement(section.localName);
  section.scrollIntoView({ behavior: 'smooth', block: 'start' });
  section.focus({ preventScroll: true });
}

/** A lesson's "Replay the lifecycle", or R: the panel comes into view and replays a connection. */
export async function replayLifecycle(host: PageHost): Promise<void> {
  await host.loadElement('lifecycle-panel');
  const panel = host.lifecyclePanel;
  if (!panel) return;
  panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
  panel.focus({ preventScroll: true });
  panel.replay();
}

/** ?: the list of shortcuts, which may come before its chunk has. */
export async function showShortcuts(host: PageHost): Promise<void> {
  await host.loadElement('shortcuts-dialog');
  await host.shortcutsDialog?.updateComplete;
  host.shortcutsDialog?.show();
}

/** The page as it opened: the lab sets the cast up as a lesson's "Set the stage" does; no replay is left running. */
export async function reset(host: PageHost, lab: EmitLab): Promise<void> {
  host.lifecyclePanel?.endReplay?.();
  host.rooms = DEFAULT_ROOMS;
  await lab.reset();
}

/** A card under the first name that neither this page nor any socket the server reports (a student, another page's card) has. */
export function addClient(host: PageHost, lab: EmitLab): void {
  const name = nextClientName([...host.clients.map((client) => client.name), ...lab.snapshot.sockets.map((socket) => socket.name)]);
  host.clients = [...host.clients, { name }];
}

export function removeClient(host: PageHost, name: string): void {
  host.clients = host.clients.filter((client) => client.name !== name);
  // The Remove button is gone with its card: keep keyboard users on the page rather than on <body>.
  host.addButton?.focus();
}
