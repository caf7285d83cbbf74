/**
 * The command runs a minified bundle: an internal error's stack is mapped back to the sources (bin/source-stack.js).
 * Checked on a bundle built here the way scripts/build-cli.mjs builds the command's.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const { sourceStack } = require('../../bin/source-stack.js') as { sourceStack: (stack: string, bundle: string, root: string) => string };

describe('sourceStack', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-stack-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('names the source file and line where the bundle failed', () => {
    fs.mkdirSync(path.join(root, 'engine'));
    fs.writeFileSync(path.join(root, 'engine', 'fails.ts'), ['export function judge(rows: number): number {', '  if (rows > 2) {', "    throw new TypeError('row 3 broke');", '  }', '  return rows;', '}', ''].join('\n'));
    const bundle = path.join(root, 'lib', 'cli', 'bundle.cjs');
    buildSync({ entryPoints: [path.join(root, 'engine', 'fails.ts')], bundle: true, platform: 'node', format: 'cjs', minify: true, sourcemap: 'linked', outfile: bundle, logLevel: 'silent' });
    // In a process of its own: Jest would map the stack itself.
    const run = spawnSync(process.execPath, ['-e', `try { require(${JSON.stringify(bundle)}).judge(3) } catch (e) { process.stdout.write(e.stack) }`], { encoding: 'utf8' });
    const stack = run.stdout;
    expect(stack).toContain('bundle.cjs:');
    const mapped = sourceStack(stack, bundle, root);
    expect(mapped).toContain('TypeError: row 3 broke');
    expect(mapped).toContain(`${path.join('engine', 'fails.ts')}:3:`);
    expect(mapped).not.toContain('bundle.cjs:');
  });

  it('leaves the stack as it was when the map cannot be read', () => {
    const stack = `Error: x\n    at f (${path.join(root, 'gone.cjs')}:1:200)`;
    expect(sourceStack(stack, path.join(root, 'gone.cjs'), root)).toBe(stack);
  });
});
