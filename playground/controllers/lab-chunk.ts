// What lazy-lab.ts loads once the cards are drawn, in one import of one chunk: the emit lab, its keyboard shortcuts,
// and what the page does when asked (page-actions.ts, whose functions this re-exports as they are).
export { EmitLab } from './emit-lab.ts';
export { PlaygroundShortcuts } from './shortcuts.ts';
export * from './page-actions.ts';
