// Every process the bench starts, stopped when it ends, fails or is interrupted: a shared machine keeps no stray server.
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
const STOP_GRACE_MS = 3000;

export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM so that a server closes its sockets, then SIGKILL if it is still there after a grace period. */
export async function stop(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}

/** Installs the last resort: whatever is still running when the bench exits or is interrupted is stopped. */
export function stopChildrenOnExit(): void {
  process.once('exit', () => {
    for (const child of running) if (!hasExited(child)) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  }
}
