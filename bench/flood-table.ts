// What each phase of the flood benchmark measured, printed side by side for the servers of one run.
import type { Flood, FloodReport } from './floods.ts';
import type { ServerUsage } from './server-usage.ts';
import { summarize, type RoundTrips } from './round-trips.ts';

export const GOAL_P99_MS = 50;
export const GOAL_RSS_RATIO = 2;
const SLOW_CATCH_UP_MS = 2000;

export interface Phase {
  name: string;
  /** None: an idle phase, the probe alone. */
  flood?: Flood;
  seconds: number;
}

export interface PhaseResult {
  roundTrips: RoundTrips;
  /** From the flood's start until the server has caught up after it. */
  usage: ServerUsage;
  flood?: FloodReport;
  /** How long the server took, after the flooder stopped, to answer one ping on every probe socket. */
  catchUpMs: number;
  /** Lines the server printed during the phase, and the last of them. */
  serverLines: number;
  lastServerLine?: string;
}

export interface ServerRun {
  label: string;
  /** One per phase, in order; the first phase is idle and gives the idle memory level. */
  results: PhaseResult[];
}

const MB = 1024 * 1024;

function ms(value: number): string {
  if (Number.isNaN(value)) return '-';
  if (value === Infinity) return 'lost';
  return value < 10 ? value.toFixed(1) : String(Math.round(value));
}

function count(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${Math.round(value / 1e3)}k`;
  return String(value);
}

const idleBytes = (run: ServerRun) => run.results[0]?.usage.medianBytes ?? Number.NaN;

const COLUMNS = [
  { title: 'p50', width: 5 },
  { title: 'p99', width: 5 },
  { title: 'max', width: 5 },
  { title: 'failed', width: 8 },
  { title: 'CPU%', width: 4 },
  { title: 'RSS MB', width: 6 },
  { title: '×idle', width: 5 },
  { title: 'sent', width: 6 },
  { title: 'acks ok/ref/none', width: 16 },
];
const cells = (values: string[]) => values.map((value, index) => value.padStart(COLUMNS[index]!.width)).join(' ');

function resultCells(run: ServerRun, result: PhaseResult): string {
  const trips = summarize(result.roundTrips);
  const flood = result.flood;
  return cells([
    ms(trips.p50),
    ms(trips.p99),
    ms(trips.max),
    `${trips.failed}/${trips.count}`,
    String(Math.round(result.usage.cpuPercent)),
    (result.usage.peakBytes / MB).toFixed(1),
    `${(result.usage.peakBytes / idleBytes(run)).toFixed(2)}`,
    flood ? count(flood.sent) : '-',
    flood ? `${flood.accepted}/${flood.refused}/${flood.unanswered}` : '-',
  ]);
}

export function floodTable(phases: readonly Phase[], runs: readonly ServerRun[]): string {
  const phaseWidth = Math.max(5, ...phases.map((phase) => phase.name.length));
  const blockWidth = cells(COLUMNS.map(() => '')).length;
  const lines = [
    [''.padEnd(phaseWidth), ...runs.map((run) => run.label.padEnd(blockWidth))].join(' │ '),
    ['phase'.padEnd(phaseWidth), ...runs.map(() => cells(COLUMNS.map((column) => column.title)))].join(' │ '),
  ];
  lines.push(lines[1]!.replace(/[^│]/g, '─').replace(/│/g, '┼'));
  phases.forEach((phase, index) => {
    const row = runs.map((run) => {
      const result = run.results[index];
      return result ? resultCells(run, result) : ''.padEnd(blockWidth);
    });
    lines.push([phase.name.padEnd(phaseWidth), ...row].join(' │ '));
  });
  return lines.join('\n');
}

/** Whether the goals hold for one server: in every flood, p99 under 50 ms, every probe answered, RSS under 2× idle. */
export function goalVerdict(phases: readonly Phase[], run: ServerRun): string {
  const floods = phases.flatMap((phase, index) => {
    const result = run.results[index];
    return phase.flood && result ? [{ phase, result, trips: summarize(result.roundTrips) }] : [];
  });
  const worstBy = (score: (flood: (typeof floods)[number]) => number) =>
    floods.reduce<(typeof floods)[number] | undefined>((worst, flood) => (worst === undefined || score(flood) > score(worst) ? flood : worst), undefined);
  const ratio = (flood: (typeof floods)[number]) => flood.result.usage.peakBytes / idleBytes(run);
  const slowest = worstBy((flood) => flood.trips.p99);
  const fattest = worstBy(ratio);
  const failed = floods.reduce((sum, flood) => sum + flood.trips.failed, 0);
  if (!slowest || !fattest) return `${run.label}: no flood phase ran.`;
  const yesNo = (holds: boolean) => (holds ? 'yes' : 'NO');
  return [
    `goals for ${run.label} during the floods:`,
    `  probe p99 < ${GOAL_P99_MS} ms: ${yesNo(slowest.trips.p99 < GOAL_P99_MS)} (worst ${ms(slowest.trips.p99)} ms, ${slowest.phase.name})`,
    `  every probe answered and accepted: ${yesNo(failed === 0)} (${failed} failed)`,
    `  server RSS < ${GOAL_RSS_RATIO}× idle (${(idleBytes(run) / MB).toFixed(1)} MB): ${yesNo(ratio(fattest) < GOAL_RSS_RATIO)} (worst ${ratio(fattest).toFixed(2)}×, ${fattest.phase.name})`,
  ].join('\n');
}

/** What the table cannot show: refusal messages, disconnects, slow recoveries, server logging. */
export function floodNotes(phases: readonly Phase[], runs: readonly ServerRun[]): string[] {
  return runs.flatMap((run) =>
    phases.flatMap((phase, index) => {
      const result = run.results[index];
      if (!result) return [];
      const about = `${run.label}, ${phase.name}:`;
      const notes: string[] = [];
      const flood = result.flood;
      if (flood?.firstRefusal !== undefined) notes.push(`${about} refused the flooder (${flood.chatErrors} chat-errors too): "${flood.firstRefusal}"`);
      if (flood && flood.disconnects > 0) notes.push(`${about} the flooder was disconnected ${flood.disconnects}× (first: ${flood.firstDisconnect})`);
      if (result.roundTrips.firstRefusal !== undefined) notes.push(`${about} refused the probe ${result.roundTrips.refused}×: "${result.roundTrips.firstRefusal}"`);
      if (result.catchUpMs > SLOW_CATCH_UP_MS) notes.push(`${about} took ${(result.catchUpMs / 1000).toFixed(1)} s after the flood to answer every probe socket`);
      if (result.serverLines > 0) notes.push(`${about} the server printed ${result.serverLines} lines (last: ${result.lastServerLine})`);
      return notes;
    }),
  );
}
