#!/usr/bin/env node
// Builds the `cosell` command into one CommonJS file, lib/cli/cosell.cjs, so that `npx cosell` starts without
// transpiling TypeScript. `npm ci` runs it (the `prepare` script): there is still no build step for the user.
// Beside the bundle, lib/cli/sources.json lists every project file it was built from with its size and time:
// bin/cosell.js runs the bundle only while they are unchanged, and the TypeScript sources (through tsx) otherwise,
// so an edit is never run stale.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'lib', 'cli');
const entry = `
export { main } from './engine/cli/main';
export { terminalText } from './engine/cli/terminal-text';
export { removeTemporaryFiles } from './engine/io/atomic-write';
`;

// json-rules-engine (with jsonpath-plus, eventemitter2, clone, hash-it: a fifth of the bundle) serves only `explain`:
// the checks run the compiled rules. The bundle gets it through a stand-in whose exports require it from
// node_modules on first use, so every other command starts without compiling or evaluating it.
const lazyRulesEngine = {
  name: 'lazy-json-rules-engine',
  setup(builder) {
    builder.onResolve({ filter: /^json-rules-engine$/ }, (args) =>
      args.namespace === 'lazy-json-rules-engine' ? { path: 'json-rules-engine', external: true } : { path: 'json-rules-engine', namespace: 'lazy-json-rules-engine' },
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy-json-rules-engine' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: `
        let library;
        const load = () => (library ??= require('json-rules-engine'));
        module.exports = {
          get Engine() { return load().Engine; },
          get Operator() { return load().Operator; },
        };`,
    }));
  },
};

// Node's own modules that only some commands use (zlib for workbooks, readline for the problem spool, crypto for the
// rule set's fingerprint, os for temporary folders) are loaded when a command first touches them, not at start: each
// is a stand-in with the module's export names (read here, from this very Node) as getters.
const LAZY_BUILTINS = ['node:zlib', 'node:readline', 'node:crypto', 'node:os'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(builder) {
    const filter = new RegExp(`^(${LAZY_BUILTINS.join('|')})$`);
    builder.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-builtin' }));
    builder.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(args.path)).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      return {
        resolveDir: root,
        loader: 'js',
        contents: `
          let builtin;
          const load = () => (builtin ??= require(${JSON.stringify(args.path)}));
          for (const name of ${JSON.stringify(names)}) Object.defineProperty(module.exports, name, { enumerable: true, get: () => load()[name] });`,
      };
    });
  },
};

const result = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'cosell-entry.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: path.join(outdir, 'cosell.cjs'),
  metafile: true,
  // jsonc-parser's UMD build requires its parts at run time, out of the bundle's reach: take the ES modules.
  mainFields: ['module', 'main'],
  // Minified, it compiles in three quarters of the time; bin/cosell.js maps an internal error's stack back to the
  // sources through the linked map. COSELL_READABLE_BUILD=1 keeps the names, for a CPU profile that reads.
  minify: process.env.COSELL_READABLE_BUILD !== '1',
  sourcemap: 'linked',
  plugins: [lazyRulesEngine, lazyBuiltins],
  logLevel: 'warning',
  // The bundle sits two folders below the project, as engine/cli/main.ts does: `__dirname/../..` stays the root.
});

const sources = Object.keys(result.metafile.inputs)
  .filter((input) => !input.includes('node_modules') && !input.startsWith('<stdin>') && !input.includes(':') && input !== 'cosell-entry.ts')
  .map((input) => {
    const file = path.resolve(root, input);
    const stat = fs.statSync(file);
    return { file: path.relative(root, file), size: stat.size, mtimeMs: stat.mtimeMs };
  });
fs.writeFileSync(path.join(outdir, 'sources.json'), JSON.stringify({ built: new Date().toISOString(), sources }, null, 1) + '\n');
console.log(`cosell: built lib/cli/cosell.cjs from ${sources.length} source files`);
