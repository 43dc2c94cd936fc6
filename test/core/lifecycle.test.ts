// The lifecycle reducer, fed with the events a real client produces, in the order its page sees them.
import { describe, expect, test } from 'vitest';
import {
  LIFECYCLE_STEPS,
  currentStep,
  initialLifecycle,
  lifecycleSteps,
  reduceLifecycle,
  type CleanupReport,
  type ConnectionEvent,
  type LifecycleState,
  type TraceEntry,
} from '../../core/lifecycle.ts';
import { byteLength, decodeFrame, type Direction, type Transport } from '../../core/wire.ts';

/** Builds a client's trace with a clock that moves 5 ms per entry. */
function trace() {
  const entries: TraceEntry[] = [];
  let seq = 0;
  let at = 1_700_000_000_000;
  const next = () => ({ seq: ++seq, at: (at += 5) });
  return {
    entries,
    event(event: ConnectionEvent) {
      entries.push({ ...next(), ...event });
      return this;
    },
    frame(direction: Direction, transport: Transport, raw: string) {
      entries.push({ kind: 'frame', ...next(), direction, transport, raw, bytes: byteLength(raw), decoded: decodeFrame(raw) });
      return this;
    },
  };
}

const fold = (entries: TraceEntry[], state: LifecycleState = initialLifecycle()) => entries.reduce(reduceLifecycle, state);
const statuses = (state: LifecycleState) => Object.fromEntries(lifecycleSteps(state).map((view) => [view.step.id, view.status]));

const OPEN = '0{"sid":"eio-1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const message = (name: string, text: string, system: boolean, id = `id-${text}`) =>
  `42["receive-message",${JSON.stringify({ id, room: 'general', name, text, timestamp: 1_700_000_000_000, system })}]`;

/** Erin from page load to a connected, upgraded socket. */
function connected() {
  return trace()
    .event({ kind: 'page-loaded' })
    .event({ kind: 'opening', reconnection: false, code: 'io() → socket.connect()' })
    .frame('received', 'polling', OPEN)
    .frame('sent', 'polling', '40{"name":"Erin"}')
    .frame('sent', 'websocket', '2probe')
    .frame('received', 'polling', '40{"sid":"sock-1"}')
    .frame('received', 'websocket', '3probe')
    .frame('sent', 'websocket', '5');
}

/** …then through join, send, receive and render. */
function chatted() {
  return connected()
    .frame('sent', 'websocket', '420["join-room",{"room":"general","name":"Erin"}]')
    .frame('received', 'websocket', message('Erin', 'Erin joined', true))
    .frame('received', 'websocket', '42["online-users",{"room":"general","users":["Erin"]}]')
    .frame('received', 'websocket', '430[{"ok":true,"room":"general","users":["Erin"]}]')
    .frame('sent', 'websocket', '421["send-message",{"text":"hi"}]')
    .frame('received', 'websocket', message('Erin', 'hi', false, 'm-hi'))
    .event({ kind: 'rendered', messageIds: ['m-hi'] });
}

describe('the steps', () => {
  test('are the lesson’s, in its order', () => {
    expect(LIFECYCLE_STEPS.map((step) => step.title)).toEqual([
      'Browser loads index.html',
      'client.js runs io()',
      'Handshake (Engine.IO)',
      'Server: connection',
      'Join: emit join-room',
      'Server: socket.join(room) and system message',
      'Type: emit send-message',
      'Server: io.to(room).emit receive-message',
      'Clients render the bubble',
      'Tab closes: disconnect and cleanup',
    ]);
  });

  test('before anything happened, the page load is in progress and the rest waits', () => {
    const state = initialLifecycle();
    expect(currentStep(state)).toBe('load-page');
    expect(Object.values(statuses(state)).filter((status) => status === 'waiting')).toHaveLength(9);
  });

  test('a whole lifecycle lights every step up in order, each with its time and what crossed the wire', () => {
    const { entries } = chatted().event({ kind: 'disconnected', reason: 'io client disconnect', willReconnect: false });
    const state = fold(entries);
    const views = lifecycleSteps(state);
    expect(views.every((view) => view.status === 'done')).toBe(true);
    const times = views.map((view) => view.record!.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(state.done.handshake?.sent).toBe(OPEN);
    expect(state.done['server-connection']?.sent).toBe('40{"sid":"sock-1"}');
    expect(state.done['emit-join']?.sent).toBe('420["join-room",{"room":"general","name":"Erin"}]');
    expect(state.done['server-join']?.sent).toBe(message('Erin', 'Erin joined', true));
    expect(state.done['emit-send']?.sent).toBe('421["send-message",{"text":"hi"}]');
    expect(state.done['server-broadcast']?.sent).toBe(message('Erin', 'hi', false, 'm-hi'));
    expect(state.done.disconnect?.sent).toBe('io client disconnect');
    expect(state).toMatchObject({ name: 'Erin', room: 'general', socketId: 'sock-1', messageId: 'm-hi' });
  });

  test('the step in progress is the next one: after the join, the client waits for the server’s “joined”', () => {
    const state = fold(connected().frame('sent', 'websocket', '420["join-room",{"room":"general","name":"Erin"}]').entries);
    expect(currentStep(state)).toBe('server-join');
    expect(statuses(state)['emit-send']).toBe('waiting');
  });
});

describe('only the followed client’s own events count, in order', () => {
  test('sending before joining leaves the join in progress', () => {
    const state = fold(connected().frame('sent', 'websocket', '421["send-message",{"text":"too early"}]').entries);
    expect(currentStep(state)).toBe('emit-join');
    expect(state.done['emit-send']).toBeUndefined();
  });

  test('another client’s “joined” and messages do not light up Erin’s steps', () => {
    const state = fold(
      connected()
        .frame('sent', 'websocket', '420["join-room",{"room":"general","name":"Erin"}]')
        .frame('received', 'websocket', message('Bob', 'Bob joined', true))
        .frame('received', 'websocket', message('Erin', 'Erin joined', true))
        .frame('sent', 'websocket', '421["send-message",{"text":"hi"}]')
        .frame('received', 'websocket', message('Bob', 'hi from Bob', false, 'm-bob'))
        .event({ kind: 'rendered', messageIds: ['m-bob'] }).entries,
    );
    expect(currentStep(state)).toBe('server-broadcast');
    expect(state.messageId).toBeUndefined();
  });

  test('the render step waits for the bubble of its own message', () => {
    const before = fold(chatted().entries.slice(0, -1));
    expect(currentStep(before)).toBe('render-bubble');
    const other = reduceLifecycle(before, { kind: 'rendered', messageIds: ['m-other'], seq: 99, at: 1 });
    expect(currentStep(other)).toBe('render-bubble');
  });
});

describe('underneath the handshake', () => {
  test('the open packet, the CONNECT, the probe, the upgrade and the socket id, as they happened', () => {
    const state = fold(connected().entries);
    expect(state.handshake.map((moment) => `${moment.kind} over ${moment.transport}`)).toEqual([
      'open over polling',
      'connect-sent over polling',
      'probe-sent over websocket',
      'connected over polling',
      'probe-answered over websocket',
      'upgraded over websocket',
    ]);
    expect(state.handshake[0]).toMatchObject({ data: { sid: 'eio-1', upgrades: ['websocket'], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 } });
    expect(state.transport).toBe('websocket');
  });

  test('a client that may only poll stays on polling', () => {
    const state = fold(
      trace()
        .event({ kind: 'page-loaded' })
        .event({ kind: 'opening', reconnection: false, code: 'io()' })
        .frame('received', 'polling', OPEN)
        .frame('received', 'polling', '40{"sid":"sock-p"}').entries,
    );
    expect(state.transport).toBe('polling');
    expect(state.handshake.some((moment) => moment.kind === 'upgraded')).toBe(false);
  });
});

describe('disconnect and cleanup', () => {
  const cleanup: CleanupReport = {
    socketId: 'sock-1',
    name: 'Erin',
    reason: 'transport close',
    at: 1_700_000_000_500,
    roomsLeft: ['sock-1', 'general'],
    chatRoom: 'general',
    onlineUsers: ['Alice'],
  };

  test('a disconnect before the end keeps its reason and the transport’s, and the unreached steps are skipped', () => {
    const state = fold(
      connected()
        .event({ kind: 'transport-closed', reason: 'transport close', description: 'network connection lost' })
        .event({ kind: 'disconnected', reason: 'transport close', willReconnect: true }).entries,
    );
    expect(state.disconnect).toMatchObject({ reason: 'transport close', willReconnect: true, transportClosed: { reason: 'transport close', description: 'network connection lost' } });
    expect(statuses(state)).toMatchObject({ 'emit-join': 'skipped', 'render-bubble': 'skipped', disconnect: 'done' });
    expect(currentStep(state)).toBeUndefined();
  });

  test('socket.disconnect() closes the transport after the disconnect event: it is still recorded', () => {
    const state = fold(
      chatted()
        .event({ kind: 'disconnected', reason: 'io client disconnect', willReconnect: false })
        .event({ kind: 'transport-closed', reason: 'forced close' }).entries,
    );
    expect(state.disconnect?.transportClosed).toEqual({ reason: 'forced close' });
  });

  test('the server’s cleanup is matched by socket id, whether it comes before or after the client notices', () => {
    const serverFirst = fold([...connected().entries, { kind: 'server-cleanup', report: cleanup, seq: 50, at: 1 }]);
    expect(serverFirst.cleanup).toEqual(cleanup);
    const someoneElse = reduceLifecycle(fold(connected().entries), { kind: 'server-cleanup', report: { ...cleanup, socketId: 'sock-2' }, seq: 50, at: 1 });
    expect(someoneElse.cleanup).toBeUndefined();
  });

  test('reconnection attempts are kept, and a reconnection starts the next round with the previous disconnect', () => {
    const { entries } = connected()
      .event({ kind: 'disconnected', reason: 'transport close', willReconnect: true })
      .event({ kind: 'reconnect-attempt', attempt: 1 })
      .event({ kind: 'opening', reconnection: true, code: 'reconnection attempt 1' })
      .event({ kind: 'reconnect-error', error: 'xhr poll error' })
      .event({ kind: 'reconnect-attempt', attempt: 2 });
    const retrying = fold(entries);
    expect(retrying.disconnect?.attempts.map(({ attempt, error }) => ({ attempt, error }))).toEqual([
      { attempt: 1, error: 'xhr poll error' },
      { attempt: 2, error: undefined },
    ]);

    const back = trace();
    back.entries.push(...entries);
    const state = fold(
      back
        .event({ kind: 'opening', reconnection: true, code: 'reconnection attempt 2' })
        .frame('received', 'polling', OPEN.replace('eio-1', 'eio-2'))
        .frame('received', 'polling', '40{"sid":"sock-2"}')
        .event({ kind: 'reconnected', attempt: 2 }).entries,
    );
    expect(state.round).toBe(2);
    expect(state.socketId).toBe('sock-2');
    expect(state.done['call-io']?.sent).toBe('reconnection attempt 2');
    expect(currentStep(state)).toBe('emit-join');
    expect(state.previous?.socketId).toBe('sock-1');
    expect(state.previous?.disconnect?.attempts).toHaveLength(2);
    expect(state.previous?.disconnect?.reconnectedAt).toBeDefined();

    const lateCleanup = reduceLifecycle(state, { kind: 'server-cleanup', report: cleanup, seq: 99, at: 1 });
    expect(lateCleanup.previous?.cleanup).toEqual(cleanup);
  });
});
