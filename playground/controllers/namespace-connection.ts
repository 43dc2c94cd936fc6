import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { ClientAuth, LabServerToClientEvents } from '../../core/lab-contract.ts';
import { withInstructorKey } from '../classroom.ts';
import type { ConnectionState } from './chat-connection.ts';

/** A socket of a namespace other than /: it hears the lab's emits and nothing else (the chat lives on /). */
export type NamespaceSocket = Socket<LabServerToClientEvents, {}>;

export interface NamespaceClientHost extends ReactiveControllerHost {
  readonly name: string;
}

/** One bare card's own connection to its namespace, e.g. io('/other', { forceNew: true, auth }). */
export class NamespaceConnection implements ReactiveController {
  state: ConnectionState = 'connecting';

  readonly #host: NamespaceClientHost;
  readonly #socket: NamespaceSocket;

  constructor(host: NamespaceClientHost, namespace: string) {
    this.#host = host;
    // forceNew: a separate client with its own engine.io connection, as a separate tab would be.
    // auth is read at connect time: the card's name is set after the card (and this controller) is constructed.
    const auth = (send: (auth: ClientAuth) => void) => send(withInstructorKey({ name: this.#host.name, lab: true }));
    this.#socket = io(namespace, { forceNew: true, autoConnect: false, auth });
    host.addController(this);
    const update = (state: ConnectionState) => () => {
      this.state = state;
      host.requestUpdate();
    };
    this.#socket.on('connect', update('connected'));
    this.#socket.on('disconnect', () => update(this.#socket.active ? 'reconnecting' : 'disconnected')());
    this.#socket.on('connect_error', () => update(this.#socket.active ? 'reconnecting' : 'disconnected')());
  }

  get socket(): NamespaceSocket {
    return this.#socket;
  }

  hostConnected(): void {
    this.#socket.connect();
  }

  hostDisconnected(): void {
    this.#socket.disconnect();
  }
}
