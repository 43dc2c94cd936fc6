// server/main.ts as `npm start` and `npm run classroom` run it, in a process of its own: its output as it comes,
// and its exit code. (node --import tsx is the same server without the npm and tsx wrappers in between.)
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface MainProcess {
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>;
}

/** Starts server/main.ts with `args`, and the test's environment plus `env`. The test kills it when done. */
export function startMainProcess(args: readonly string[], env: Record<string, string>): MainProcess {
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  return { process: server, output: () => output, exited };
}
