/**
 * `npm ci` builds the command into lib/cli/cosell.cjs (the `prepare` script): `npx cosell` starts without transpiling
 * TypeScript. The bundle must answer exactly as the sources do, and must never run once a source it was built from
 * has changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'cosell.js');
const manifestFile = path.join(root, 'lib', 'cli', 'sources.json');

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, COSELL_SAY_START: '1', ...env } });
  const [start, ...stderr] = result.stderr.split('\n');
  return { status: result.status, stdout: result.stdout, stderr: stderr.join('\n'), start };
}

beforeAll(() => {
  // As `npm ci` does: build when the bundle is missing or older than a source (this test must not depend on it).
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'pipe' });
}, 60_000);

describe('the prebuilt command', () => {
  test.each([
    [['check', 'examples/deals.csv']],
    [['apply', 'examples/deals.csv', '--today', '2026-11-23', '--out', path.join(os.tmpdir(), 'cosell-prebuilt-apply.csv')]],
    [['apply', 'examples/deals.csv', '--dry-run']],
    [['rules', 'test', 'rules']],
    [['explain', 'examples/deals.csv', '--row', '6', '--action', 'Accept', '--today', '2026-11-23']],
    [['--version']],
    [['check', 'no-such-file.csv']],
  ])('answers %j exactly as the TypeScript sources do', (args) => {
    const built = run(args);
    const sources = run(args, { COSELL_FROM_SOURCES: '1' });
    expect(built.start).toBe('cosell: prebuilt');
    expect(sources.start).toBe('cosell: sources');
    expect(built).toEqual({ ...sources, start: built.start });
  }, 60_000);

  test('steps aside for the sources once a file it was built from changed', () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { sources: { file: string; size: number; mtimeMs: number }[] };
    const edited = { ...manifest, sources: manifest.sources.map((s, i) => (i === 0 ? { ...s, mtimeMs: s.mtimeMs - 1000 } : s)) };
    const original = fs.readFileSync(manifestFile, 'utf8');
    try {
      fs.writeFileSync(manifestFile, JSON.stringify(edited));
      expect(run(['--version']).start).toBe('cosell: sources');
    } finally {
      fs.writeFileSync(manifestFile, original);
    }
    expect(run(['--version']).start).toBe('cosell: prebuilt');
  }, 60_000);
});
