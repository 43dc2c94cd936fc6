// `npm start` (built page, this machine only), `npm run dev` (vite with hot reload) and `npm run classroom`
// (built page on every interface, only the instructor drives): the playground on PORT, default 3000.
// REDIS_URL makes it one node of several sharing that Redis (NODE_NAME names it); `npm run cluster` starts such nodes.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import { startPlayground } from './app.ts';
import { lanAddresses, studentsUrlFromEnv } from './lan-address.ts';
import { ensurePageBuilt } from './page.ts';

const dev = process.argv.includes('--dev');
const classroom = process.argv.includes('--classroom');
/** SIGTERM or Ctrl+C: the process exits within this, whatever its clients do. */
const SHUTDOWN_DEADLINE_MS = 2000;
const port = Number(process.env.PORT ?? 3000);
// A classroom listens on every interface, so that students' devices on its network can join; solo stays on this machine.
const host = process.env.HOST ?? (classroom ? '0.0.0.0' : '127.0.0.1');


async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${process.env.PORT}".`);
  }
  if (!dev) await ensurePageBuilt((line) => console.log(line));
  // A new key at each start unless INSTRUCTOR_KEY is set: last lesson's projector URL does not drive today's class.
  const instructorKey = process.env.INSTRUCTOR_KEY || randomBytes(9).toString('base64url');
  const everyInterface = host === '0.0.0.0' || host === '::';
  const shown = everyInterface ? 'localhost' : host;
  const addresses = everyInterface ? lanAddresses(networkInterfaces()) : [];
  const given = process.env.STUDENTS_URL ? studentsUrlFromEnv(process.env.STUDENTS_URL) : undefined;
  if (given && !given.ok) throw new Error(given.error);
  // Port 0 is known only once listening: the presenter's page then shows the address it was opened at.
  const studentsUrl = given?.ok ? { studentsUrl: given.url } : port === 0 ? {} : { studentsUrl: `http://${addresses[0] ?? shown}:${port}/` };
  const redisUrl = process.env.REDIS_URL || undefined;
  const nodes = redisUrl ? { redisUrl, nodeName: process.env.NODE_NAME || `node on port ${port}` } : {};
  // Solo mode on every interface has students too: presenter mode shows them the same address.
  const soloStudents = everyInterface || given?.ok ? studentsUrl : {};
  const playground = await startPlayground({
    port,
    host,
    page: dev ? 'dev' : 'built',
    ...(classroom ? { classroom: { instructorKey, ...studentsUrl } } : soloStudents),
    ...nodes,
  });
  const mode = [dev ? 'dev, hot reload' : '', classroom ? 'classroom mode' : ''].filter(Boolean).join(', ');
  console.log(`emit playground${mode ? ` (${mode})` : ''}: http://${shown}:${playground.port}`);
  if (redisUrl) console.log(`  ${playground.node}, one of the nodes sharing the Redis at ${redisUrl}`);
  if (!everyInterface) console.log('  this machine only: HOST=0.0.0.0 lets other devices join, or run `npm run classroom`.');
  if (classroom) {
    const base = `http://${addresses[0] ?? shown}:${playground.port}`;
    const students = given?.ok ? given.url : `${base}/`;
    console.log(`  projector (for the instructor only, it drives the lab): ${base}/?key=${encodeURIComponent(instructorKey)}`);
    console.log(`  students: ${students}`);
    console.log(await QRCode.toString(students, { type: 'terminal', small: true }));
    const others = given?.ok ? [] : addresses.slice(1);
    if (others.length > 0) {
      console.log(`  this machine's other addresses: ${others.map((address) => `http://${address}:${playground.port}/`).join(', ')}`);
      console.log('  if students cannot open the address above, restart with STUDENTS_URL set to one of these (the QR codes follow it).');
    }
  } else if (given?.ok) {
    console.log(`  students: ${given.url}`);
  } else if (everyInterface) {
    for (const address of addresses) console.log(`  students on this network: http://${address}:${playground.port}`);
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
