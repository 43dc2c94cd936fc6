import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { OTHER_NAMESPACE } from '../../core/emit-rules.ts';
import type { CardLab } from '../controllers/emit-lab.ts';
import { LabReceiver } from '../controllers/lab-receiver.ts';
import { NamespaceConnection, type NamespaceSocket } from '../controllers/namespace-connection.ts';
import type { NamespaceCardOnStage } from '../controllers/stage.ts';
import { clientColor } from '../styles/client-colors.ts';
import { connectionStateStyles } from '../styles/connection-state.ts';
import { controlStyles } from '../styles/controls.ts';
import type { ClientDetail } from './chat-client-card.ts';
import './last-emit.ts';

/** A client of the /other namespace: no chat (that lives on /), only the lab's emits, to show where io.emit stops. */
@customElement('namespace-client-card')
export class NamespaceClientCard extends LitElement implements NamespaceCardOnStage {
  static override styles = [
    controlStyles,
    connectionStateStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }

      section {
        display: flex;
        flex-direction: column;
        gap: 0.55rem;
        height: 100%;
        box-sizing: border-box;
        padding: 0.8rem 0.9rem;
        border: 2px dashed var(--client-color);
        border-top: 0.4rem solid var(--client-color);
        border-radius: var(--radius);
        background: var(--surface);
      }

      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: baseline;
        justify-content: space-between;
      }

      h2 {
        margin: 0;
        font-size: 1.5rem;
        line-height: 1.1;
        color: var(--client-color);
      }

      p {
        margin: 0;
        color: var(--text-muted);
      }

      code {
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
        color: var(--text);
      }

      footer {
        display: flex;
        justify-content: flex-end;
        margin-top: auto;
      }
    `,
  ];

  @property() accessor name = '';
  @property({ attribute: false }) accessor lab: CardLab | undefined;

  readonly namespace = OTHER_NAMESPACE;
  readonly #connection = new NamespaceConnection(this, OTHER_NAMESPACE);
  readonly #receiver = new LabReceiver(this, this.#connection.socket);

  /** This card's socket, for the page to find its line in an emit's result. */
  get socket(): NamespaceSocket {
    return this.#connection.socket;
  }

  /** What this card's socket received of the lab's emits, and whether it answers their acknowledgements. */
  get receiver(): LabReceiver {
    return this.#receiver;
  }

  override render() {
    const { state } = this.#connection;
    return html`
      <section aria-labelledby="name" style=${styleMap({ '--client-color': clientColor(this.name) })}>
        <header>
          <h2 id="name">${this.name}</h2>
          <p class="connection ${state}">${state}</p>
        </header>
        <p>In namespace <code>${this.namespace}</code>: no chat, no rooms of <code>/</code>.</p>
        <last-emit .name=${this.name} .lab=${this.lab} .receipt=${this.#receiver.receipt(this.lab?.emit?.emit)}></last-emit>
        <footer>
          <button @click=${this.#onRemove}>Remove</button>
        </footer>
      </section>
    `;
  }

  #onRemove() {
    this.dispatchEvent(new CustomEvent<ClientDetail>('client-remove', { detail: { name: this.name }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'namespace-client-card': NamespaceClientCard;
  }
}
