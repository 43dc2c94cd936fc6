// A redis-server of our own, for what runs several nodes on one machine (the checker of lesson 12's
// exercise): on a free loopback port, in memory only, stopped by whoever started it. Without Redis
// installed it says what to install, never carries on as if one node were enough.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const INSTALL_REDIS = 'Install Redis: apt-get install -y redis-server';

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

/** The redis-server binary: REDIS_SERVER_PATH when set, else Debian's, else the one on the PATH. */
function findRedisServer(): string | undefined {
  const chosen = process.env.REDIS_SERVER_PATH;
  if (chosen !== undefined) return existsSync(chosen) ? chosen : undefined;
  if (existsSync('/usr/bin/redis-server')) return '/usr/bin/redis-server';
  const onPath = spawnSync('which', ['redis-server'], { encoding: 'utf8' });
  return onPath.status === 0 && onPath.stdout.trim() !== '' ? onPath.stdout.trim() : undefined;
}

/** The redis-server binary, or an error saying what to install: a test run never skips for want of it. */
export function requireRedisServer(): string {
  const binary = findRedisServer();
  if (!binary) throw new Error(INSTALL_REDIS);
  return binary;
}

/** A loopback port nothing listens on right now, from the kernel. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Starts redis-server with nothing saved to disk; resolves once it accepts connections, rejects with INSTALL_REDIS without it. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = requireRedisServer();
  const port = await freePort();
  const redis = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => redis.once('exit', resolve));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onOutput = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
      if (output.includes('Ready to accept connections')) resolve();
    };
    redis.stdout!.on('data', onOutput);
    redis.stderr!.on('data', onOutput);
    redis.once('error', (error) => reject(new Error(`${INSTALL_REDIS} (${error.message})`)));
    void exited.then((code) => reject(new Error(`redis-server exited with ${code} before it was ready: ${output.trim().split('\n').at(-1) ?? ''}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (redis.exitCode !== null || redis.signalCode !== null) return;
      redis.kill('SIGTERM');
      await exited;
    },
  };
}
