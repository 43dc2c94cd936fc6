// What the page makes a browser download: every chunk of a build, and its first load (the entry script of
// index.html and the chunks it imports statically) beside the floor, lit and socket.io-client alone.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const floorRoot = fileURLToPath(new URL('./floor', import.meta.url));

export interface Size {
  minified: number;
  gzipped: number;
}

export interface ChunkSize extends Size {
  file: string;
  firstLoad: boolean;
}

export interface BuildSize {
  /** The entry and its static imports: what runs before the page draws anything. */
  firstLoad: Size;
  chunks: ChunkSize[];
}

type Manifest = Record<string, { file: string; imports?: string[] }>;

const sizeOf = (code: Buffer): Size => ({ minified: code.length, gzipped: gzipSync(code).length });

/** The files index.html loads as modules, and what they import statically, from the build's manifest. */
export function firstLoadFiles(outDir: string): Set<string> {
  const indexHtml = readFileSync(join(outDir, 'index.html'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const byFile = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk]));
  const pending = [...indexHtml.matchAll(/<script type="module"[^>]*\ssrc="\/([^"]+)"/g)].map((match) => match[1]!);
  const files = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const key of byFile.get(file)?.imports ?? []) pending.push(manifest[key]!.file);
  }
  return files;
}

/** Sizes of the JavaScript a build wrote, with its first load. */
export function measureBuild(outDir: string): BuildSize {
  const firstLoad = firstLoadFiles(outDir);
  const chunks = readdirSync(join(outDir, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `assets/${name}`)
    .map((file) => ({ file, firstLoad: firstLoad.has(file), ...sizeOf(readFileSync(join(outDir, file))) }))
    .sort((a, b) => Number(b.firstLoad) - Number(a.firstLoad) || b.gzipped - a.gzipped);
  const loaded = chunks.filter((chunk) => chunk.firstLoad);
  return {
    firstLoad: { minified: loaded.reduce((sum, chunk) => sum + chunk.minified, 0), gzipped: loaded.reduce((sum, chunk) => sum + chunk.gzipped, 0) },
    chunks,
  };
}

/** Builds with vite in production mode (lit's production build), whatever NODE_ENV the caller runs under. */
async function viteBuild(config: Parameters<typeof import('vite').build>[0]): Promise<void> {
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ mode: 'production', logLevel: 'warn', ...config });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** The page, built with its own vite.config.ts into `outDir`. */
export async function buildPage(outDir: string): Promise<BuildSize> {
  await viteBuild({ configFile: join(projectRoot, 'vite.config.ts'), build: { outDir, emptyOutDir: true } });
  return measureBuild(outDir);
}

/** The floor (bench/floor: one lit element with one io() socket), built with the page's build settings. */
export async function buildFloor(outDir: string): Promise<BuildSize> {
  await viteBuild({
    configFile: false,
    root: floorRoot,
    build: { outDir, emptyOutDir: true, manifest: true, modulePreload: false },
  });
  return measureBuild(outDir);
}

export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
