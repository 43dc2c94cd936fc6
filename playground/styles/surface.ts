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
