// The floor of npm run bench -- size: the least page that draws with lit and connects with socket.io-client.
import { LitElement, html } from 'lit';
import { io } from 'socket.io-client';

class FloorCard extends LitElement {
  readonly socket = io();

  override connectedCallback(): void {
    super.connectedCallback();
    this.socket.on('connect', () => this.requestUpdate());
  }

  override render() {
    return html`<p>${this.socket.connected ? 'connected' : 'connecting'}</p>`;
  }
}
customElements.define('floor-card', FloorCard);
