import { css } from 'lit';

/** Hidden from the eye, still read by a screen reader: `.label { ${visuallyHidden} }`, e.g. inside a container query. */
export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
`;

// Buttons and text fields look and focus the same in every shadow root; global CSS does not reach inside.
export const controlStyles = css`
  button,
  input {
    font: inherit;
    color: inherit;
  }

  input {
    min-width: 0;
    padding: 0.35rem 0.55rem;
    border: 1px solid var(--border);
    border-radius: calc(var(--radius) * 0.6);
    background: var(--surface);
  }

  input[aria-invalid='true'] {
    border-color: var(--danger);
  }

  button {
    padding: 0.35rem 0.8rem;
    border: 1px solid var(--border);
    border-radius: calc(var(--radius) * 0.6);
    background: var(--surface-muted);
    cursor: pointer;
    white-space: nowrap;
  }

  button:hover {
    background: #e6ebf1;
  }

  button.primary {
    border-color: transparent;
    background: var(--accent, var(--focus));
    color: #fff;
    font-weight: 600;
  }

  button.primary:hover {
    filter: brightness(1.1);
  }

  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    ${visuallyHidden}
  }
`;
