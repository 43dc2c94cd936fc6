import { css } from 'lit';

// A card's connection state: a dot and a word, coloured by state (and never by colour alone).
export const connectionStateStyles = css`
  .connection {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
    margin: 0;
    font-size: 0.85em;
    font-weight: 600;
  }

  .connection::before {
    content: '';
    width: 0.65em;
    height: 0.65em;
    border-radius: 50%;
    background: currentColor;
  }

  .connected {
    color: var(--ok);
  }

  .connecting,
  .reconnecting {
    color: var(--warn);
  }

  .disconnected {
    color: var(--danger);
  }
`;
