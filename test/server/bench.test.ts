import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import type { MachineLine, TableLine } from '../../bench/table.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const BENCH_MS = 90_000;

/** `npm run bench -- …` without npm: the bench's own output, and its exit code. */
function bench(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: projectRoot, timeout: BENCH_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

test(
  'the bench table measures a figure on our server and on bare socket.io in one run, and --json writes it as JSON lines',
  async () => {
    const { stdout, stderr, code } = await bench(['table', '--quick', '--json', '--rounds', '1', '--only', 'chat-p99']);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as MachineLine | TableLine);
    const machine = lines.find((line): line is MachineLine => line.kind === 'machine');
    expect(machine).toMatchObject({ rounds: 1, quick: true });
    expect(machine!.cores).toBeGreaterThan(0);
    const figures = lines.filter((line): line is TableLine => line.kind === 'figure');
    expect(figures.map((figure) => figure.id)).toEqual(['chat-p99']);
    const [chat] = figures;
    expect(chat).toMatchObject({ unit: 'ms', better: 'lower' });
    for (const side of [chat!.ours, chat!.bare]) {
      expect(side.values).toHaveLength(1);
      expect(side.median).toBeGreaterThan(0);
      expect(side.min).toBeLessThanOrEqual(side.median);
      expect(side.max).toBeGreaterThanOrEqual(side.median);
    }
    expect(chat!.ratio).toBeCloseTo(chat!.ours.median / chat!.bare.median);
  },
  BENCH_MS + 10_000,
);

test('the bench table names its figures when asked for one it does not have', async () => {
  const { stderr, code } = await bench(['table', '--only', 'nonsense']);
  expect(code).toBe(1);
  expect(stderr).toContain('No figure named "nonsense". The figures: idle-heap, fanout, chat-p99');
});
