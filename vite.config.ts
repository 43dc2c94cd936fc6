import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  root,
  plugins: [lowerStandardDecorators()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
});
