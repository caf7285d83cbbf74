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
