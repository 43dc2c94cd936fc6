// `npm run bench -- <name> [options]`: benchmarks with a baseline in the same run.
import { stopAll, stopChildrenOnExit } from './child-processes.ts';
import { CLASSROOM_USAGE, classroomBenchmark } from './classroom.ts';
import { FLOOD_USAGE, floodBenchmark } from './flood.ts';
import { SIZE_USAGE, sizeBenchmark } from './size.ts';
import { TABLE_USAGE, tableBenchmark } from './table.ts';

const benchmarks = new Map<string, { usage: string; run: (args: string[]) => Promise<void> }>([
  ['table', { usage: TABLE_USAGE, run: tableBenchmark }],
  ['flood', { usage: FLOOD_USAGE, run: floodBenchmark }],
  ['size', { usage: SIZE_USAGE, run: sizeBenchmark }],
  ['classroom', { usage: CLASSROOM_USAGE, run: classroomBenchmark }],
]);

// No name, or options only: the whole table, the one command.
const given = process.argv.slice(2);
const [name, ...args] = given.length === 0 || given[0]!.startsWith('--') ? ['table', ...given] : given;
const benchmark = benchmarks.get(name!);
if (!benchmark) {
  const usage = [...benchmarks.values()].map((entry) => `  npm run bench -- ${entry.usage}`).join('\n');
  console.error(`No benchmark named "${name}".\nusage:\n${usage}`);
  process.exit(1);
}
stopChildrenOnExit();
benchmark.run(args).then(
  () => process.exit(0),
  async (error: Error) => {
    console.error(error.message);
    await stopAll();
    process.exit(1);
  },
);
