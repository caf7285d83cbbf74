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
  sourcemap: 'linked',
  logLevel: 'warning',
  // The bundle sits two folders below the project, as engine/cli/main.ts does: `__dirname/../..` stays the root.
});

const sources = Object.keys(result.metafile.inputs)
  .filter((input) => !input.includes('node_modules') && !input.startsWith('<stdin>') && input !== 'cosell-entry.ts')
  .map((input) => {
    const file = path.resolve(root, input);
    const stat = fs.statSync(file);
    return { file: path.relative(root, file), size: stat.size, mtimeMs: stat.mtimeMs };
  });
fs.writeFileSync(path.join(outdir, 'sources.json'), JSON.stringify({ built: new Date().toISOString(), sources }, null, 1) + '\n');
console.log(`cosell: built lib/cli/cosell.cjs from ${sources.length} source files`);
