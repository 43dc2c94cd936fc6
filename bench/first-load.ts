// The page's first-load JavaScript beside the floor (lit and socket.io-client alone), as the table's last row:
// both built in this run with the page's build settings, by bench/page-size.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFloor, buildPage } from './page-size.ts';

export const FIRST_LOAD_LABEL = 'first-load JavaScript, min+gzip (bare: lit + socket.io-client alone)';

/** kB (1,000 bytes) of the page's first load and of the floor's. */
export async function measureFirstLoad(): Promise<{ page: number; floor: number }> {
  const outDir = await mkdtemp(join(tmpdir(), 'emit-playground-table-'));
  try {
    const floor = await buildFloor(join(outDir, 'floor'));
    const page = await buildPage(join(outDir, 'page'));
    return { page: page.firstLoad.gzipped / 1000, floor: floor.firstLoad.gzipped / 1000 };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
