// `npm run cluster -- --nodes 3`: several playground nodes on one machine, sharing one Redis, for a
// demo of scaling out. Each node is its own process (`npm start` with REDIS_URL), on consecutive
// ports from PORT (default 3000); kill one and watch its sockets move. Ctrl+C stops them all.
import { spawn } from 'node:child_process';
import { ensurePageBuilt } from './page.ts';
import { startRedisServer } from './redis-server.ts';

const NODES_MAX = 9;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? '');
}

const nodeCount = Number(option('nodes', '3'));
const firstPort = Number(process.env.PORT ?? 3000);

async function main() {
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > NODES_MAX) {
    throw new Error(`--nodes must be a whole number from 1 to ${NODES_MAX}, e.g. npm run cluster -- --nodes 3`);
  }
  if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort + nodeCount - 1 > 65535) {
    throw new Error(`PORT must leave room for ${nodeCount} consecutive ports, not "${process.env.PORT}".`);
  }
  // Built once here: three nodes building it at once would race.
  await ensurePageBuilt((line) => console.log(line));
  const own = process.env.REDIS_URL ? undefined : await startRedisServer();
  const redisUrl = process.env.REDIS_URL || own!.url;
  console.log(`Redis: ${redisUrl}${own ? ' (started for this cluster, in memory)' : ''}`);

  let stopping = false;
  const nodes = Array.from({ length: nodeCount }, (_, index) => {
    const port = firstPort + index;
    const name = `node-${index + 1}`;
    const node = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: String(port), REDIS_URL: redisUrl, NODE_NAME: name },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Each node's lines, prefixed with its name: its startup banner says where it listens.
    node.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) console.log(`[${name}] ${line}`);
    });
    node.once('exit', (code, signal) => {
      if (!stopping) console.log(`[${name}] stopped (${signal ?? `exit code ${code}`}); its sockets reconnect to the other nodes.`);
    });
    return { name, port, node };
  });
  console.log(`${nodeCount} nodes: ${nodes.map(({ name, port }) => `${name} http://127.0.0.1:${port}`).join(', ')}`);
  console.log('Open one page per node, or put them behind a load balancer (README, "Scaling out"). Ctrl+C stops them all.');

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the nodes, then Redis…');
    await Promise.all(nodes.map(({ node }) => new Promise<void>((resolve) => {
      if (node.exitCode !== null || node.signalCode !== null) return resolve();
      node.once('exit', () => resolve());
      node.kill('SIGTERM');
    })));
    await own?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
