// Where students' devices can reach this machine: its IPv4 addresses, the classroom's network first. A laptop often
// has others too (Docker's bridge, a VM's host-only network, a VPN): the QR code on the projector must not point
// students at one of those. STUDENTS_URL overrides the guess (a reverse proxy, a name, another port).
import type { NetworkInterfaceInfo } from 'node:os';

/** Interfaces that belong to containers, virtual machines and tunnels, not to the room's network. */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vmnet|vboxnet|vnic|lxc|lxd|cni|flannel|cali|podman|tun|tap|utun|wg|zt|tailscale|ham)/i;

/** This machine's IPv4 addresses for other devices, best guess first: real interfaces before virtual ones, loopback never. */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const found = Object.entries(interfaces).flatMap(([name, infos]) =>
    (infos ?? []).filter((info) => info.family === 'IPv4' && !info.internal).map((info) => ({ name, address: info.address })),
  );
  const virtual = (entry: { name: string }) => VIRTUAL_INTERFACE.test(entry.name);
  return [...found.filter((entry) => !virtual(entry)), ...found.filter(virtual)].map((entry) => entry.address);
}

/** STUDENTS_URL as given ("http://classroom.local:3000/"), or an error a teacher can act on. */
export function studentsUrlFromEnv(value: string): { ok: true; url: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: `STUDENTS_URL must be an address like http://192.168.1.20:3000/, not "${value}".` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `STUDENTS_URL must start with http:// or https://, not "${value}".` };
  }
  return { ok: true, url: url.href };
}
