// A server under test in a child process of its own, so that its memory is its alone and its event loop is not the probe's.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stop, track } from './child-processes.ts';
import type { MeterReply, MeterRequest } from './server-meter.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const exitWithParent = pathToFileURL(fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url))).href;
const serverMeter = pathToFileURL(fileURLToPath(new URL('./server-meter.ts', import.meta.url))).href;
const READY_TIMEOUT_MS = 120_000;

export interface ServerProcess {
  label: string;
  url: string;
  /** The server's own pid: `node --import tsx`, not the `tsx` command, which would run the server in a second process. */
  pid: number;
  /** Lines it has printed so far, stdout and stderr. */
  outputLines(): number;
  lastOutput(): string | undefined;
  /** Only with the `meter` option: asks bench/server-meter.ts inside the server. */
  meter(type: MeterRequest['type']): Promise<MeterReply>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** After the script, e.g. ['--classroom']. */
  args?: string[];
  /** Added to the bench's own environment, e.g. INSTRUCTOR_KEY. */
  env?: Record<string, string>;
  /** Preloads bench/server-meter.ts, which reports the server's heap and event-loop delay over IPC. */
  meter?: boolean;
}

/** Starts `script` on a free loopback port and resolves once it prints `<label>: http://…`. */
export function startServerProcess(label: string, script: string, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const metered = options.meter ? ['--expose-gc', '--import', serverMeter] : [];
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', '--import', exitWithParent, ...metered, script, ...(options.args ?? [])], {
      cwd: projectRoot,
      env: { ...process.env, ...options.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: options.meter ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    }),
  );
  let nextMeterId = 0;
  const meter = (type: MeterRequest['type']) =>
    new Promise<MeterReply>((resolve, reject) => {
      if (!options.meter) return reject(new Error(`${label} was started without the meter option.`));
      const id = nextMeterId++;
      const onReply = (reply: MeterReply) => {
        if (reply.id !== id) return;
        child.off('message', onReply);
        child.off('exit', onExit);
        resolve(reply);
      };
      const onExit = () => {
        child.off('message', onReply);
        reject(new Error(`${label} exited before it reported its ${type}.`));
      };
      child.on('message', onReply);
      child.once('exit', onExit);
      child.send({ id, type } satisfies MeterRequest);
    });
  let lines = 0;
  let last: string | undefined;
  const printed: string[] = [];
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop(child);
      reject(new Error(`${label} (${script}) ${why}:\n${printed.slice(-20).join('\n')}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited (${signal ?? `code ${code}`}) before it was ready`);
    child.once('exit', exitedEarly);
    // Read every line for as long as it runs: a full pipe would block the server.
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines++;
        last = line;
        if (printed.length < 100) printed.push(line);
        const url = line.startsWith(`${label}: `) ? /(http:\/\/\S+)$/.exec(line)?.[1] : undefined;
        if (url === undefined || child.pid === undefined) return;
        clearTimeout(timer);
        child.off('exit', exitedEarly);
        resolve({ label, url, pid: child.pid, outputLines: () => lines, lastOutput: () => last, meter, stop: () => stop(child) });
      });
    }
  });
}
