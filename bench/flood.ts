// `npm run bench -- flood [--seconds N] [--only TEXT]`: what one client flooding each event does to everybody else, on the
// playground and on a bare socket.io server in the same run.
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensurePageBuilt } from '../server/page.ts';
import { track } from './child-processes.ts';
import type { BenchSocket } from './client-sockets.ts';
import { floodNotes, floodTable, goalVerdict, type Phase, type PhaseResult, type ServerRun } from './flood-table.ts';
import { FLOOD_ACK_EVERY, FLOOD_ACK_TIMEOUT_MS, FLOODS, type Flood, type FloodReport, type FlooderMessage } from './floods.ts';
import { openPageClients } from './page-clients.ts';
import type { RoundTrips } from './round-trips.ts';
import { PROBE_INTERVAL_MS, PROBE_ROOM, PROBE_SOCKETS, PROBE_TIMEOUT_MS, RoundTripProbe } from './probe.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { UsageSampler } from './server-usage.ts';

export const FLOOD_USAGE =
  'flood [--seconds N] [--only TEXT]  one client floods each event for N seconds (default 4) while a probe times its round trips; ' +
  '--only runs just the floods whose name contains TEXT';

const DEFAULT_FLOOD_SECONDS = 4;
const IDLE_SECONDS = 3;
const PAUSE_MS = 1000;
const FLOODER_START_TIMEOUT_MS = 30_000;
const flooderScript = fileURLToPath(new URL('./flooder.ts', import.meta.url));

interface Target extends ServerRun {
  server: ServerProcess;
  probe: RoundTripProbe;
  pages: BenchSocket[];
}

function floodOptions(args: string[]): { seconds: number; floods: Flood[] } {
  const { values } = parseArgs({ args, options: { seconds: { type: 'string' }, only: { type: 'string' } }, strict: true });
  const seconds = Number(values.seconds ?? DEFAULT_FLOOD_SECONDS);
  if (!(seconds >= 0.5 && seconds <= 60)) throw new Error(`--seconds must be a number from 0.5 to 60, not "${values.seconds}".`);
  const floods = FLOODS.filter((flood) => values.only === undefined || flood.name.includes(values.only));
  if (floods.length === 0) throw new Error(`No flood's name contains "${values.only}". The floods: ${FLOODS.map((flood) => flood.name).join(', ')}.`);
  return { seconds, floods };
}

/** The flooder's process: resolves `flooding` once it has connected (and joined) and starts, `report` when it is done. */
function startFlooder(url: string, flood: Flood, seconds: number): { flooding: Promise<void>; stopped: Promise<void>; report: Promise<FloodReport> } {
  const child = track(
    fork(flooderScript, [url, flood.name, String(seconds)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`The "${flood.name}" flooder exited (${signal ?? `code ${code}`}) without a report.`)));
  });
  const message = (type: FlooderMessage['type']) =>
    new Promise<FlooderMessage>((resolve) => child.on('message', (received) => (received as FlooderMessage).type === type && resolve(received as FlooderMessage)));
  const tooSlow = sleep(FLOODER_START_TIMEOUT_MS).then(() => {
    throw new Error(`The "${flood.name}" flooder did not start within ${FLOODER_START_TIMEOUT_MS / 1000} s.`);
  });
  const flooding = Promise.race([message('flooding'), exited, tooSlow]).then(() => undefined);
  const stopped = Promise.race([message('stopped'), exited]).then(() => undefined);
  const report = Promise.race([message('report'), exited]).then((done) => (done as Extract<FlooderMessage, { type: 'report' }>).report);
  // Awaited in turn: a rejection must not go unhandled while the other is awaited.
  for (const promise of [flooding, stopped, report, tooSlow]) promise.catch(() => undefined);
  return { flooding, stopped, report };
}

async function runPhase(target: Target, phase: Phase): Promise<PhaseResult> {
  const { server, probe } = target;
  const usage = new UsageSampler(server.pid);
  const linesBefore = server.outputLines();
  let flood: FloodReport | undefined;
  let roundTrips: RoundTrips;
  if (phase.flood) {
    const flooder = startFlooder(server.url, phase.flood, phase.seconds);
    await flooder.flooding;
    usage.start();
    probe.start();
    await flooder.stopped;
    // Pings sent during the flood are timed to their answer, however late.
    roundTrips = await probe.stop();
    flood = await flooder.report;
  } else {
    usage.start();
    probe.start();
    await sleep(phase.seconds * 1000);
    roundTrips = await probe.stop();
  }
  // A flood's backlog is the server's work too: usage is sampled until it has caught up.
  const catchUpMs = await probe.catchUp();
  const result: PhaseResult = { roundTrips, usage: usage.stop(), catchUpMs, serverLines: server.outputLines() - linesBefore };
  if (flood) result.flood = flood;
  if (result.serverLines > 0) result.lastServerLine = server.lastOutput();
  await sleep(PAUSE_MS);
  return result;
}

/** What the columns mean, and how busy the shared machine was: the figures only mean something next to it. */
function legend(seconds: number, loadAtStart: number): string {
  const load = (value: number) => value.toFixed(1);
  return [
    `flood benchmark: one client floods each event for ${seconds} s, from its own process and address.`,
    `  probe    send-message every ${PROBE_INTERVAL_MS} ms over ${PROBE_SOCKETS} sockets in ${PROBE_ROOM}, each from its own address: ack round trip p50/p99/max in ms; failed = refused, or no answer in ${PROBE_TIMEOUT_MS / 1000} s`,
    `  server   CPU% (100 = one core) and RSS peak from the flood's start until the server has caught up; ×idle = peak over the idle phase's median`,
    `  flooder  emits sent; one in ${FLOOD_ACK_EVERY} asks for an ack: accepted/refused/none in ${FLOOD_ACK_TIMEOUT_MS / 1000} s`,
    `  machine  ${availableParallelism()} cores, load average ${load(loadAtStart)} at the start, ${load(loadavg()[0] ?? 0)} at the end`,
  ].join('\n');
}

export async function floodBenchmark(args: string[]): Promise<void> {
  const { seconds, floods } = floodOptions(args);
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  // Built here, not by the playground's process: vite would otherwise stay in the memory being measured.
  await ensurePageBuilt((line) => console.error(line));
  const phases: Phase[] = [
    { name: 'idle', seconds: IDLE_SECONDS },
    ...floods.map((flood) => ({ name: flood.name, flood, seconds })),
    { name: 'idle again', seconds: IDLE_SECONDS },
  ];
  const servers: ServerProcess[] = [];
  const targets: Target[] = [];
  try {
    for (const [label, script] of [['emit playground', 'server/main.ts'], ['bare socket.io', 'bench/bare-server.ts']] as const) {
      const server = await startServerProcess(label, script);
      servers.push(server);
      const pages = await openPageClients(server.url);
      targets.push({ label, server, pages, probe: await RoundTripProbe.open(server.url), results: [] });
    }
    // Phase by phase, each server in turn: a change in the shared machine's load hits both columns alike.
    for (const phase of phases) {
      for (const target of targets) {
        console.error(`${target.label}: ${phase.flood ? `flooding ${phase.name}` : phase.name} (${phase.seconds} s)`);
        target.results.push(await runPhase(target, phase));
      }
    }
  } finally {
    for (const target of targets) {
      target.probe.close();
      for (const page of target.pages) page.disconnect();
    }
    await Promise.all(servers.map((server) => server.stop()));
  }
  console.log(`\n${legend(seconds, loadAtStart)}\n`);
  console.log(floodTable(phases, targets));
  console.log(`\n${goalVerdict(phases, targets[0]!)}`);
  const notes = floodNotes(phases, targets);
  if (notes.length > 0) console.log(`\nnotes:\n${notes.map((note) => `  ${note}`).join('\n')}`);
  console.log(`\ntook ${Math.round((performance.now() - startedAt) / 1000)} s`);
}
