import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers/deal-rows';

/** The core is bundled into the Excel task pane: only engine/io, engine/cli and engine/node.ts may use Node. (jsonc-parser is plain JS: the pane locates rule problems with it too.) */
const NODE_ONLY = /from '(node:[^']+|fs|path|os|child_process|tsx[^']*)'/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

const engine = path.join(ROOT, 'engine');
const core = sources(engine).filter((f) => !/^(io|cli)\//.test(path.relative(engine, f)) && path.basename(f) !== 'node.ts');

test.each(core.map((f) => [path.relative(ROOT, f)]))('%s imports nothing Node-only', (file) => {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  expect(text.match(NODE_ONLY)?.[0]).toBeUndefined();
  expect(text).not.toMatch(/\brequire\(|process\.|__dirname/);
});

test('no eval or new Function anywhere in the product', () => {
  for (const file of [...sources(engine), ...sources(path.join(ROOT, 'scripts'))]) {
    expect([file, /\beval\(|new Function\(/.test(fs.readFileSync(file, 'utf8'))]).toEqual([file, false]);
  }
});

/**
 * The engine's folders in the order the data travels: cells → deal (sheet) → facts → verdicts (rules) → machine
 * (lifecycle) → cells again (workflow), with the vocabulary (domain) under everything and the rule-authoring
 * tools, the file adapters and the CLI on top. A file may import only from its own folder or one below it.
 */
const LAYERS = ['domain', 'sheet', 'facts', 'rules', 'lifecycle', 'workflow', 'authoring', 'io', 'cli'];

function layerOf(file: string): number {
  const top = path.relative(engine, file).split(path.sep)[0];
  return top.endsWith('.ts') ? LAYERS.length : LAYERS.indexOf(top);
}

function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]));
}

test('every engine folder is one of the layers', () => {
  const folders = fs.readdirSync(engine, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
});

test.each(sources(engine).map((f) => [path.relative(ROOT, f)]))('%s imports nothing from a layer above it', (file) => {
  const from = path.join(ROOT, file);
  const upward = relativeImports(from)
    .filter((target) => target.startsWith(engine + path.sep) && layerOf(target) > layerOf(from))
    .map((target) => path.relative(ROOT, target));
  expect(upward).toEqual([]);
});

test('the runtime the task pane bundles (engine/index.ts and all it imports) never reaches the rule-authoring tools', () => {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const target of relativeImports(file)) {
      const resolved = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
      if (fs.existsSync(resolved)) visit(resolved);
    }
  };
  visit(path.join(engine, 'index.ts'));
  expect([...seen].map((f) => path.relative(ROOT, f)).filter((f) => f.startsWith('engine/authoring/'))).toEqual([]);
  expect(seen.size).toBeGreaterThan(20);
});
