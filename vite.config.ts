import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import { prerenderedCourse } from './server/course-module.ts';

const root = fileURLToPath(new URL('./playground', import.meta.url));

// Vite 8's Oxc transform keeps standard decorators (`@property() accessor x`) as they are, and
// browsers do not run them yet: esbuild lowers them to plain ES2022 first.
function lowerStandardDecorators(): Plugin {
  return {
    name: 'lower-standard-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\.ts$/.test(id) || !code.includes('@')) return null;
      const result = await transform(code, { loader: 'ts', target: 'es2022', sourcemap: true, sourcefile: id });
      return { code: result.code, map: result.map };
    },
  };
}

// Everything the entry imports statically is loaded before the page runs anyway: one chunk, gzipped once,
// rather than the shared chunks the lazy elements would otherwise split it into.
function firstLoadInOneChunk(): Plugin {
  const firstLoad = new Set<string>();
  return {
    name: 'first-load-in-one-chunk',
    apply: 'build',
    buildEnd() {
      const entries = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      const pending = [...entries];
      for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
        if (firstLoad.has(id)) continue;
        firstLoad.add(id);
        pending.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
    outputOptions: (options) => ({ ...options, codeSplitting: { groups: [{ name: 'index', test: (id) => firstLoad.has(id) }] } }),
  };
}

export default defineConfig({
  root,
  plugins: [prerenderedCourse(), lowerStandardDecorators(), firstLoadInOneChunk()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks the page loads first, for npm run bench -- size and its test.
    manifest: true,
    // Every browser that runs the page's ES2022 supports <link rel="modulepreload">.
    modulePreload: { polyfill: false },
  },
});
