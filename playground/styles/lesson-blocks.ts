import { css } from 'lit';

// The boxes a lesson's blocks draw inside the lesson text, alike in every block's shadow root.
export const lessonBlockStyles = css`
  :host {
    display: block;
    margin: 0.9rem 0;
  }

  .box {
    display: grid;
    gap: 0.45rem;
    margin: 0;
    padding: 0.7rem 0.85rem;
    border: 1px solid var(--border);
    border-left: 0.3rem solid var(--block-accent, var(--focus));
    border-radius: calc(var(--radius) * 0.6);
    background: var(--surface);
    min-width: 0;
  }

  p {
    margin: 0;
  }

  code,
  pre {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.9em;
  }

  pre {
    margin: 0;
    padding: 0.35rem 0.55rem;
    border-radius: calc(var(--radius) * 0.5);
    background: var(--surface-muted);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .muted {
    color: var(--text-muted);
    font-size: 0.9em;
  }

  .label {
    font-size: 0.8em;
    font-weight: 700;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--text-muted);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }

  [role='status']:empty,
  [role='alert']:empty {
    display: none;
  }

  .matched {
    color: var(--ok);
    font-weight: 600;
  }

  .differs {
    padding: 0.4rem 0.6rem;
    border-left: 0.25rem solid var(--danger);
    background: var(--danger-bg);
    color: var(--danger);
    font-weight: 600;
  }

  .waiting {
    color: var(--warn);
    font-weight: 600;
  }
`;
