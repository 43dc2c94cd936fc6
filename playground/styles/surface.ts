import { css } from 'lit';

// The look of the page's panels (emit panel, report, rooms, lifecycle, polling demo), in one place.
export const surfaceStyles = css`
  .surface {
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--surface);
    box-shadow: 0 1px 3px rgb(0 0 0 / 8%);
  }
`;

// The full-width demos below the lab (lifecycle, polling versus push): a section with a title and an intro.
export const demoSectionStyles = css`
  /* Below the cards and the rooms, on the page. */
  :host {
    display: block;
    margin-top: 1.5rem;
  }

  section {
    padding: 0.9rem 1rem 1rem;
  }

  h2 {
    margin: 0;
    font-size: 1.5rem;
  }

  h3 {
    margin: 0 0 0.4rem;
    font-size: 1.1rem;
  }

  .intro {
    margin: 0.2rem 0 0.75rem;
    max-width: 75ch;
    color: var(--text-muted);
  }
`;
