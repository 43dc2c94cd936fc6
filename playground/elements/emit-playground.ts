import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';

@customElement('emit-playground')
export class EmitPlayground extends LitElement {
  override render() {
    return html`<h1>emit playground</h1>`;
  }
}
