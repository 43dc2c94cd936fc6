// `npm start` (built page) and `npm run dev` (vite with hot reload): the playground on PORT, default 3000.
import { networkInterfaces } from 'node:os';
import { startPlayground } from './app.ts';
import { ensurePageBuilt } from './page.ts';

const dev = process.argv.includes('--dev');
/** SIGTERM or Ctrl+C: the process exits within this, whatever its clients do. */
const SHUTDOWN_DEADLINE_MS = 2000;
const port = Number(process.env.PORT ?? 3000);
// All interfaces by default, so that students' own devices on the classroom network can join.
const host = process.env.HOST ?? '0.0.0.0';

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && address.family === 'IPv4' && !address.internal)
    .map((address) => address!.address);
}

async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${process.env.PORT}".`);
  }
  if (!dev) await ensurePageBuilt((line) => console.log(line));
  const playground = await startPlayground({ port, host, page: dev ? 'dev' : 'built' });
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`emit playground${dev ? ' (dev, hot reload)' : ''}: http://${shown}:${playground.port}`);
  if (host === '0.0.0.0') {
    for (const address of lanAddresses()) console.log(`  students on this network: http://${address}:${playground.port}`);
  }
  const stop = () => {
    console.log('Shutting down: telling clients, closing connections…');
    // close() ends open requests at its own deadline; this is the backstop if anything still hangs.
    setTimeout(() => {
      console.error(`Still closing after ${SHUTDOWN_DEADLINE_MS} ms: exiting anyway.`);
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS).unref();
    playground.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Closing failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use. Stop the other server, or pick another port: PORT=3001 npm start`);
  } else {
    console.error(error.message ?? error);
  }
  process.exit(1);
});
