import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';

/** built: the bundle in dist/ (built first when missing or stale); dev: vite with hot reload; none: sockets only. */
export type PageMode = 'built' | 'dev' | 'none';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const distDir = join(projectRoot, 'dist');
const pageSources = ['playground', 'core', 'lessons', 'server/course-module.ts', 'server/lesson-files.ts', 'vite.config.ts', 'package.json'].map((p) => join(projectRoot, p));

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

export function pageIsStale(): boolean {
  const built = join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  return Math.max(...pageSources.map(newestChange)) > statSync(built).mtimeMs;
}

/** Builds the page with vite unless dist/ is already newer than every source. */
export async function ensurePageBuilt(log: (line: string) => void = () => {}): Promise<void> {
  if (!pageIsStale()) return;
  log('Building the page (vite build)…');
  const { build } = await import('vite');
  // Under vitest NODE_ENV is "test", which would build lit's development bundle into dist/.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(projectRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Mounts the page on the app; returns what closes it. */
export async function servePage(app: Express, http: HttpServer, mode: PageMode): Promise<() => Promise<void>> {
  if (mode === 'none') return async () => {};
  if (mode === 'dev') {
    const { createServer } = await import('vite');
    const vite = await createServer({
      configFile: join(projectRoot, 'vite.config.ts'),
      server: { middlewareMode: true, hmr: { server: http } },
      appType: 'spa',
    });
    app.use(vite.middlewares);
    return () => vite.close();
  }
  await ensurePageBuilt();
  app.use(express.static(distDir));
  // Lesson URLs are client-side routes: answer them with the page.
  app.get('/{*path}', (_request, response) => response.sendFile(join(distDir, 'index.html')));
  return async () => {};
}
