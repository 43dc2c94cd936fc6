import { ensurePageBuilt } from '../../server/page.ts';
import { findChromium } from './browser.ts';
import { findRedisServer } from './redis.ts';

// Once per run: fail early, with what to install, rather than skipping browser tests;
// and build the page once so that parallel browser tests do not each build it.
export default async function setup() {
  findChromium();
  findRedisServer();
  await ensurePageBuilt((line) => console.log(line));
}
