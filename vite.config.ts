import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { Visitor, defineConfig, parseSync, type Plugin } from 'vite';
import { prerenderedCourse } from './server/course-module.ts';

const root = fileURLToPath(new URL('./playground', import.meta.url));

// Vite 8's Oxc transform keeps standard decorators and auto-accessors (`@property() accessor x`) as they are, and
// browsers do not run them yet: esbuild lowers them to plain ES2022. The dev server lowers each file as it serves
// it; the build lowers each chunk that holds one at once, with one copy of esbuild's helpers.
function lowerStandardDecorators(toLower: ReadonlySet<string>): Plugin[] {
  const lower = async (code: string, loader: 'ts' | 'js', sourcefile: string) => {
    const result = await transform(code, { loader, target: 'es2022', format: 'esm', sourcemap: true, sourcefile });
    return { code: result.code, map: result.map };
  };
  return [
    {
      name: 'lower-standard-decorators-per-file',
      apply: 'serve',
      enforce: 'pre',
      transform: (code, id) => (/\.ts$/.test(id) && code.includes('@') ? lower(code, 'ts', id) : null),
    },
    {
      name: 'lower-standard-decorators-per-chunk',
      apply: 'build',
      renderChunk: (code, chunk) => (chunk.moduleIds.some((id) => toLower.has(id)) ? lower(code, 'js', chunk.fileName) : null),
    },
  ];
}

// Lowered, a decorator costs every element esbuild's decorator machinery, and every #private member of a decorated
// class a WeakMap. lit's decorators have a plain form that needs neither: `static properties`, the starting values
// set in the constructor (lit makes the accessors; a class field would hide them), a getter for @query, and
// customElements.define after the class. The build rewrites the four decorators the page uses to it; a file with
// any other decorator is left to lowerStandardDecorators. As with the decorators, a starting value is a change the
// first update sees. A class with its own constructor keeps its `accessor`s (lit wraps them), lowered by esbuild.
const LIT_DECORATORS = new Set(['customElement', 'property', 'state', 'query']);

type Node = { type: string; start: number; end: number; [key: string]: any };

/** The file without lit's decorators; null when it has others, which it then keeps. */
function litDecoratorsUndone(code: string, id: string): string | null {
  const { program, errors } = parseSync(id, code, { lang: 'ts' });
  if (errors.length > 0) return null;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of program.body as Node[]) {
    const declaration: Node = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (declaration.type !== 'ClassDeclaration') continue;
    const members: Node[] = declaration.body.body;
    const decorated = [declaration, ...members].flatMap((node) => (node.decorators ?? []) as Node[]);
    if (decorated.length === 0) continue;
    const call = (decorator: Node) => (decorator.expression.type === 'CallExpression' ? decorator.expression : undefined);
    if (!decorated.every((decorator) => call(decorator)?.callee.type === 'Identifier' && LIT_DECORATORS.has(call(decorator)!.callee.name))) return null;
    if (members.some((member) => member.static && member.key?.name === 'properties')) return null;
    const argument = (decorator: Node, index: number) => {
      const node: Node | undefined = call(decorator)!.arguments[index];
      return node ? code.slice(node.start, node.end) : undefined;
    };
    const properties: string[] = [];
    /** `this.name = value;` for each property's starting value, in the order they were declared. */
    const starts: string[] = [];
    const ownConstructor = members.some((member) => member.type === 'MethodDefinition' && member.kind === 'constructor') || !declaration.superClass;
    for (const member of members) {
      const [decorator, ...more] = (member.decorators ?? []) as Node[];
      if (!decorator) continue;
      const kind = call(decorator)!.callee.name;
      if (more.length > 0 || member.type !== 'AccessorProperty' || member.static || member.key.type !== 'Identifier' || kind === 'customElement') return null;
      const name: string = member.key.name;
      if (kind === 'query') {
        if (argument(decorator, 1) !== undefined) return null;
        edits.push({ start: decorator.start, end: member.end, text: `get ${name}() { return this.renderRoot?.querySelector(${argument(decorator, 0)}) ?? null; }` });
        continue;
      }
      properties.push(`${name}: ${kind === 'state' ? '{ state: true }' : (argument(decorator, 0) ?? '{}')}`);
      if (ownConstructor) {
        edits.push({ start: decorator.start, end: decorator.end, text: '' });
        continue;
      }
      const value: Node | null = member.value;
      if (value) starts.push(`this.${name} = ${code.slice(value.start, value.end)};`);
      edits.push({ start: Math.min(decorator.start, member.start), end: member.end, text: '' });
    }
    const [element, ...others] = (declaration.decorators ?? []) as Node[];
    if (others.length > 0 || (element && call(element)!.callee.name !== 'customElement')) return null;
    const constructor = starts.length > 0 ? ` constructor() { super(); ${starts.join(' ')} }` : '';
    if (properties.length > 0) edits.push({ start: declaration.body.start + 1, end: declaration.body.start + 1, text: ` static properties = { ${properties.join(', ')} };${constructor}` });
    if (element) {
      edits.push({ start: element.start, end: element.end, text: '' });
      edits.push({ start: declaration.end, end: declaration.end, text: `\ncustomElements.define(${argument(element, 0)}, ${declaration.id.name});` });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  return edits.reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end), code);
}

/** Records in `toLower` the modules left with a decorator it could not undo, or with an `accessor`. */
function undoLitDecorators(toLower: Set<string>): Plugin {
  return {
    name: 'undo-lit-decorators',
    apply: 'build',
    enforce: 'pre',
    buildStart: () => toLower.clear(),
    transform(code, id) {
      if (!/\.ts$/.test(id)) return null;
      const undone = code.includes('@') ? litDecoratorsUndone(code, id) : code;
      if (undone === null || /\baccessor\s/.test(undone)) toLower.add(id);
      return undone === null || undone === code ? null : { code: undone, map: null };
    },
  };
}

// Vite wraps every import() of the page in its preload helper, which fetches a lazy chunk's imports and style
// sheets beside it. With module preloading off and no style sheet imported from JavaScript (lit's styles are in
// the elements), it has nothing to fetch: the build gives it the one line it then runs, and its 3 kB (minified)
// leave the first load; each chunk then calls the import() itself, without the wrapper.
function bareDynamicImports(): Plugin {
  const preloadHelper = '\0vite/preload-helper.js';
  return {
    name: 'bare-dynamic-imports',
    apply: 'build',
    enforce: 'pre',
    load: (id) => (id === preloadHelper ? 'export const __vitePreload = (load) => load();' : null),
    renderChunk(code, chunk) {
      if (!code.includes('__vitePreload(')) return null;
      const { program, errors } = parseSync(chunk.fileName, code);
      if (errors.length > 0) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      new Visitor({
        CallExpression(node) {
          const [load] = node.arguments;
          if (node.callee.type !== 'Identifier' || node.callee.name !== '__vitePreload') return;
          if (load?.type !== 'ArrowFunctionExpression' || load.params.length > 0 || !load.expression) return;
          // `() => import(…)`: with `expression`, the body is the expression itself.
          const body = load.body;
          edits.push({ start: node.start, end: node.end, text: `(${code.slice(body.start, body.end)})` });
        },
      }).visit(program);
      // Outermost first from the end: an import() inside another's .then() is left to the outer one's text.
      edits.sort((a, b) => b.start - a.start);
      const outermost = edits.filter((edit) => !edits.some((other) => other !== edit && other.start <= edit.start && edit.end <= other.end));
      if (outermost.length === 0) return null;
      return { code: outermost.reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end), code), map: null };
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && !chunk.isEntry && (chunk.viteMetadata?.importedCss.size ?? 0) > 0) {
          this.error(`${chunk.fileName} imports a style sheet, which the bare import() of bare-dynamic-imports would not load.`);
        }
      }
    },
  };
}

// lit's css`…` is shipped as written, comments and indentation included: the build drops both. A sheet may hold
// another by name (`.label { ${visuallyHidden} }`): the text around the names is minified, the names kept.
function minifyCssTemplates(): Plugin {
  return {
    name: 'minify-css-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.ts$/.test(id) || !code.includes('css`')) return null;
      const template = /\bcss`(?:[^`$\\]|\$(?!\{)|\$\{[\w.]+\})*`/g;
      return { code: code.replace(template, (whole) => `css\`${minifyCssAround(whole.slice(4, -1))}\``), map: null };
    },
  };
}

// lit's html`…` is shipped as written too. To the browser, a run of whitespace across lines is one newline, and an
// HTML comment in a template is a node nobody reads: the build folds the one and drops the other, except in a file
// that shows text as written (<pre>, white-space: pre), which it leaves alone.
function minifyHtmlTemplates(): Plugin {
  return {
    name: 'minify-html-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.ts$/.test(id) || !code.includes('html`') || /<(pre|textarea)[\s>]|white-space:\s*pre/.test(code)) return null;
      const { program, errors } = parseSync(id, code, { lang: 'ts' });
      if (errors.length > 0) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      new Visitor({
        TaggedTemplateExpression(node) {
          if (node.tag.type !== 'Identifier' || node.tag.name !== 'html') return;
          for (const quasi of node.quasi.quasis) {
            // A quasi's span holds its delimiters: the opening ` or }, then its raw text.
            const { raw } = quasi.value;
            const start = quasi.start + 1;
            if (code.slice(start, start + raw.length) !== raw) continue;
            const folded = raw.replace(/<!--[\s\S]*?-->/g, '').replace(/\s*\n\s*/g, '\n');
            if (folded !== raw) edits.push({ start, end: start + raw.length, text: folded });
          }
        },
      }).visit(program);
      if (edits.length === 0) return null;
      edits.sort((x, y) => y.start - x.start);
      return { code: edits.reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end), code), map: null };
    },
  };
}

// socket.io-client's Manager takes its parser as `import * as parser`, a namespace object, which rolldown builds
// with a helper of its runtime, a chunk shared with the lazy chunks that need its other helpers (qrcode is
// CommonJS): one more file on the first load for one object. The Manager only reads parser.Encoder and
// parser.Decoder; the build gives it a plain object of the two.
function plainSocketIoParser(): Plugin {
  const namespaceImport = 'import * as parser from "socket.io-parser";';
  return {
    name: 'plain-socket-io-parser',
    apply: 'build',
    transform(code, id) {
      if (!/\/socket\.io-client\/build\/esm\/manager\.js$/.test(id)) return null;
      if (!code.includes(namespaceImport) || /\bparser\.(?!Encoder\b|Decoder\b)\w/.test(code)) {
        this.error('socket.io-client\'s manager.js no longer uses parser as plain-socket-io-parser expects: check the plugin.');
      }
      return { code: code.replace(namespaceImport, 'import { Encoder, Decoder } from "socket.io-parser"; const parser = { Encoder, Decoder };'), map: null };
    },
  };
}

/** minifyCss on the text between `${name}`s: each between two letters, so that a space that separates stays. */
function minifyCssAround(sheet: string): string {
  return sheet
    .split(/(\$\{[\w.]+\})/)
    .map((part, index) => (index % 2 === 1 ? part : minifyCss(`a${part}a`).slice(1, -1)))
    .join('')
    .trim();
}

/** Whitespace and comments out of a style sheet; quoted strings (`content: 'Receivers: '`) stay as written. */
function minifyCss(sheet: string): string {
  return sheet
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/('[^']*'|"[^"]*")/)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/\s+/g, ' ').replace(/ ?([{};,>]) ?/g, '$1').replace(/: /g, ':').replace(/;}/g, '}'),
    )
    .join('')
    .trim();
}

// Everything the entry imports statically is loaded before the page runs anyway: one chunk, gzipped once,
// rather than the shared chunks the lazy elements would otherwise split it into. The emit lab (playground/
// controllers/lazy-lab.ts) is fetched as the page is made, and its rooms' snapshot waits for all of it: it too is
// one chunk, rather than a chunk whose imports are fetched only once it has arrived (modulePreload is off).
function firstLoadInOneChunk(): Plugin {
  const firstLoad = new Set<string>();
  const lab = new Set<string>();
  return {
    name: 'first-load-in-one-chunk',
    apply: 'build',
    buildEnd() {
      const closure = (from: string[], into: Set<string>) => {
        const pending = [...from];
        for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
          if (into.has(id) || firstLoad.has(id)) continue;
          into.add(id);
          pending.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
      };
      const ids = [...this.getModuleIds()];
      closure(ids.filter((id) => this.getModuleInfo(id)?.isEntry), firstLoad);
      closure(ids.filter((id) => /\/playground\/controllers\/lab-chunk\.ts$/.test(id)), lab);
    },
    outputOptions: (options) => ({
      ...options,
      codeSplitting: {
        groups: [
          { name: 'index', test: (id) => firstLoad.has(id) },
          { name: 'emit-lab', test: (id) => lab.has(id) },
        ],
      },
    }),
  };
}

/** The modules whose syntax browsers do not run yet, for the build to lower. */
const toLower = new Set<string>();

export default defineConfig({
  root,
  plugins: [
    prerenderedCourse(),
    bareDynamicImports(),
    plainSocketIoParser(),
    undoLitDecorators(toLower),
    minifyCssTemplates(),
    minifyHtmlTemplates(),
    ...lowerStandardDecorators(toLower),
    firstLoadInOneChunk(),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks the page loads first, for npm run bench -- size and its test.
    manifest: true,
    // A lazy chunk's own imports are fetched once it arrives (see bareDynamicImports): one more round trip, to a
    // server on this machine or the classroom's network, rather than a preload list and its helper in the first load.
    modulePreload: false,
  },
});
