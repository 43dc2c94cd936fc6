// The students' address a classroom server prints and puts on the projector: the room's network before Docker's
// bridge or a VPN, and STUDENTS_URL when the guess is wrong, as `npm run classroom` really runs.
import type { NetworkInterfaceInfo } from 'node:os';
import { expect, test } from 'vitest';
import { INSTRUCTOR_KEY_HEADER } from '../../core/classroom.ts';
import { lanAddresses } from '../../server/lan-address.ts';
import { startMainProcess } from '../support/main-process.ts';

const ipv4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: `${address}/24`,
});
const ipv6: NetworkInterfaceInfo = { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: 'fe80::1/64', scopeid: 2 };

test("the room's network comes before Docker's bridge, a VM's network and a VPN, whatever order the system lists them in; loopback and IPv6 never", () => {
  expect(
    lanAddresses({
      lo: [ipv4('127.0.0.1', true)],
      docker0: [ipv4('172.17.0.1')],
      'br-5f2a': [ipv4('172.18.0.1')],
      vboxnet0: [ipv4('192.168.56.1')],
      tun0: [ipv4('10.8.0.2')],
      wlp2s0: [ipv6, ipv4('192.168.1.23')],
      enp3s0: [ipv4('10.0.4.7')],
    }),
  ).toEqual(['192.168.1.23', '10.0.4.7', '172.17.0.1', '172.18.0.1', '192.168.56.1', '10.8.0.2']);
  expect(lanAddresses({ lo: [ipv4('127.0.0.1', true)] })).toEqual([]);
});

/** `npm run classroom` as a process, on this machine only (HOST), with `env` added; resolves with its output and exit code. */
async function classroomServer(env: Record<string, string>, whileRunning?: (port: string, output: () => string) => Promise<void>) {
  const main = startMainProcess(['--classroom'], { PORT: '0', HOST: '127.0.0.1', INSTRUCTOR_KEY: 'projector-key', ...env });
  try {
    if (whileRunning) {
      await expect.poll(() => /http:\/\/127\.0\.0\.1:(\d+)/.exec(main.output())?.[1], { timeout: 30_000 }).toBeDefined();
      await whileRunning(/http:\/\/127\.0\.0\.1:(\d+)/.exec(main.output())![1]!, main.output);
      main.process.kill('SIGTERM');
    }
    return { code: await main.exited, output: main.output() };
  } finally {
    main.process.kill('SIGKILL');
  }
}

test('STUDENTS_URL is the address the terminal prints for students and the projector shows', async () => {
  const { code } = await classroomServer({ STUDENTS_URL: 'http://classroom.test:3000/' }, async (port, output) => {
    await expect.poll(() => output(), { timeout: 10_000 }).toContain('students: http://classroom.test:3000/');
    const answer = await fetch(`http://127.0.0.1:${port}/api/classroom`, { headers: { [INSTRUCTOR_KEY_HEADER]: 'projector-key' } });
    expect(await answer.json()).toEqual({ mode: 'classroom', instructor: true, studentsUrl: 'http://classroom.test:3000/' });
  });
  expect(code).toBe(0);
}, 60_000);

test('a STUDENTS_URL that is not an address stops the server with a sentence, before it listens', async () => {
  const { code, output } = await classroomServer({ STUDENTS_URL: 'classroom laptop' });
  expect(code).toBe(1);
  expect(output).toContain('STUDENTS_URL must be an address like http://192.168.1.20:3000/, not "classroom laptop".');
  expect(output).not.toMatch(/emit playground/);
}, 60_000);
