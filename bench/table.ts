// `npm run bench` (or `npm run bench -- table`): every figure of issue 13 against our server and a bare socket.io
// server, interleaved (ours, bare, ours, bare…) on fresh processes, over several rounds: median, spread and ratio.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { ensurePageBuilt } from '../server/page.ts';
import { FIRST_LOAD_LABEL, measureFirstLoad } from './first-load.ts';
import { startServerProcess } from './server-process.ts';
import { spread, type Spread } from './spread.ts';
import { FIGURES, FULL_SIZES, QUICK_SIZES, type Metric, type RunContext } from './table-figures.ts';

const FIRST_LOAD = 'first-load';
const FIGURE_IDS = [...FIGURES.map((figure) => figure.id), FIRST_LOAD];
const DEFAULT_ROUNDS = 3;
const OURS = { label: 'emit playground', script: 'server/main.ts' };

export const TABLE_USAGE =
  `table [--rounds N] [--quick] [--json] [--only ID,…]  every figure, ours beside a bare socket.io server, interleaved over N rounds ` +
  `(default ${DEFAULT_ROUNDS}): median, spread (min-max), ratio; --quick for small sizes; --json for JSON lines; figures: ${FIGURE_IDS.join(', ')}`;

interface Row {
  id: string;
  label: string;
  unit: Metric['unit'];
  better: Metric['better'];
  ours: number[];
  bare: number[];
  notes: string[];
}

export interface TableLine {
  kind: 'figure';
  id: string;
  label: string;
  unit: Metric['unit'];
  better: Metric['better'];
  ours: Spread;
  bare: Spread;
  /** Our median over the bare one's. */
  ratio: number;
  notes: string[];
}

export interface MachineLine {
  kind: 'machine';
  cores: number;
  cpu: string;
  memoryGB: number;
  node: string;
  socketIo: string;
  descriptorLimit: number;
  rounds: number;
  quick: boolean;
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
  seconds: number;
}

function tableOptions(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { rounds: { type: 'string' }, quick: { type: 'boolean' }, json: { type: 'boolean' }, only: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new Error(`table takes options only, not "${positionals.join(' ')}".`);
  const rounds = Number(values.rounds ?? DEFAULT_ROUNDS);
  if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= 20)) throw new Error(`--rounds must be a whole number from 1 to 20, not "${values.rounds}".`);
  const only = values.only?.split(',').map((id) => id.trim()) ?? FIGURE_IDS;
  const unknown = only.filter((id) => !FIGURE_IDS.includes(id));
  if (unknown.length > 0) throw new Error(`No figure named ${unknown.map((id) => `"${id}"`).join(', ')}. The figures: ${FIGURE_IDS.join(', ')}.`);
  return { rounds, quick: values.quick ?? false, json: values.json ?? false, only: new Set(only) };
}

/** The shell's `ulimit -n`, which every server and client process inherits: each connection needs a descriptor. */
function descriptorLimit(): number {
  const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return limit === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(limit);
}

function socketIoVersion(): string {
  return (JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("socket.io/package.json"))'], { encoding: 'utf8' })) as { version: string }).version;
}

function record(rows: Map<string, Row>, metric: Metric, side: 'ours' | 'bare', round: number): void {
  let row = rows.get(metric.id);
  if (!row) {
    row = { id: metric.id, label: metric.label, unit: metric.unit, better: metric.better, ours: [], bare: [], notes: [] };
    rows.set(metric.id, row);
  }
  row[side].push(metric.value);
  if (metric.note !== undefined) row.notes.push(`round ${round}, ${side}: ${metric.note}`);
}

function format(value: number, unit: Metric['unit']): string {
  if (!Number.isFinite(value)) return '-';
  switch (unit) {
    case '/s':
      return value >= 1e4 ? `${Math.round(value / 1e3)}k` : String(Math.round(value));
    case 'sockets':
      return Math.round(value).toLocaleString('en-US');
    case 'ms':
      return value < 10 ? value.toFixed(1) : String(Math.round(value));
    case 'KB':
    case 'kB':
      return value.toFixed(1);
  }
}

function cell(figure: Spread, unit: Metric['unit']): string {
  if (!Number.isFinite(figure.median)) return 'failed';
  const spreadText = figure.min === figure.max ? '' : ` (${format(figure.min, unit)}-${format(figure.max, unit)})`;
  return `${format(figure.median, unit)}${spreadText}`;
}

function printTable(lines: TableLine[], machine: MachineLine): void {
  const header = ['figure', 'unit', 'emit playground', 'bare socket.io', 'ours/bare'];
  const body = lines.map((line) => [
    line.label,
    line.unit,
    cell(line.ours, line.unit),
    cell(line.bare, line.unit),
    Number.isFinite(line.ratio) ? `${line.ratio.toFixed(2)}× (${line.better} is better)` : '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((row) => row[column]!.length)));
  const print = (row: string[]) => console.log(row.map((text, column) => (column >= 2 && column < 4 ? text.padStart(widths[column]!) : text.padEnd(widths[column]!))).join('  ').trimEnd());
  console.log(
    `\nbench table: median (min-max) of ${machine.rounds} round${machine.rounds === 1 ? '' : 's'}${machine.quick ? ', --quick sizes' : ''}; ` +
      `each figure on fresh server processes, ours then bare, round after round`,
  );
  console.log(
    `machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGB} GB, Node ${machine.node}, socket.io ${machine.socketIo}, ulimit -n ${machine.descriptorLimit}, ` +
      `load average ${machine.loadAverageAtStart.toFixed(1)} at the start, ${machine.loadAverageAtEnd.toFixed(1)} at the end\n`,
  );
  print(header);
  print(widths.map((width) => '─'.repeat(width)));
  body.forEach(print);
  const notes = lines.flatMap((line) => line.notes.map((note) => `${line.id}, ${note}`));
  if (notes.length > 0) console.log(`\nnotes:\n${notes.map((note) => `  ${note}`).join('\n')}`);
  console.log(`\ntook ${machine.seconds} s`);
}

export async function tableBenchmark(args: string[]): Promise<void> {
  const options = tableOptions(args);
  const startedAt = performance.now();
  const loadAverageAtStart = loadavg()[0] ?? 0;
  // Built here, not by the playground's process: vite would otherwise stay in the memory being measured.
  await ensurePageBuilt((line) => console.error(line));
  const context: RunContext = { sizes: options.quick ? QUICK_SIZES : FULL_SIZES, descriptorLimit: descriptorLimit() };
  const rows = new Map<string, Row>();
  for (const figure of FIGURES.filter((candidate) => options.only.has(candidate.id))) {
    const bare = { label: figure.bareScript.includes('acks') ? 'bare socket.io with acks' : 'bare socket.io', script: figure.bareScript };
    for (let round = 1; round <= options.rounds; round++) {
      for (const [side, target] of [['ours', OURS], ['bare', bare]] as const) {
        console.error(`${figure.title}: round ${round} of ${options.rounds}, ${target.label}`);
        const server = await startServerProcess(target.label, target.script, { meter: true });
        try {
          for (const metric of await figure.measure(server, context)) record(rows, metric, side, round);
        } catch (error) {
          // One failed round is a note and a missing value, not a lost table.
          const failure = `round ${round}, ${side}: failed: ${(error as Error).message.split('\n')[0]}`;
          console.error(`  ${failure}`);
          const row = [...rows.values()].find((candidate) => candidate.id.startsWith(figure.id));
          if (row) row.notes.push(failure);
          else rows.set(figure.id, { id: figure.id, label: figure.title, unit: 'ms', better: 'lower', ours: [], bare: [], notes: [failure] });
        } finally {
          await server.stop();
        }
      }
    }
  }
  if (options.only.has(FIRST_LOAD)) {
    // A build's size is the same at every round: one build each.
    console.error('first-load JavaScript: building the page and the floor');
    const size = await measureFirstLoad();
    rows.set(FIRST_LOAD, { id: FIRST_LOAD, label: FIRST_LOAD_LABEL, unit: 'kB', better: 'lower', ours: [size.page], bare: [size.floor], notes: [] });
  }
  const lines: TableLine[] = [...rows.values()].map((row) => {
    const ours = spread(row.ours);
    const bare = spread(row.bare);
    return { kind: 'figure', id: row.id, label: row.label, unit: row.unit, better: row.better, ours, bare, ratio: ours.median / bare.median, notes: row.notes };
  });
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine: MachineLine = {
    kind: 'machine',
    cores: availableParallelism(),
    cpu,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    node: process.versions.node,
    socketIo: socketIoVersion(),
    descriptorLimit: context.descriptorLimit,
    rounds: options.rounds,
    quick: options.quick,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg()[0] ?? 0,
    seconds: Math.round((performance.now() - startedAt) / 1000),
  };
  if (options.json) for (const line of [machine, ...lines]) console.log(JSON.stringify(line));
  else printTable(lines, machine);
}
