/**
 * A streamed check writes its output through a hidden temporary file beside it, and, without an output file, keeps
 * each row's outcome in a private temporary folder; Ctrl+C or a kill must leave neither behind (the spool holds
 * every row's Errors text), nor a half-written output.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-interrupt-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function bigCsv(): string {
  const text = fs.readFileSync(path.join(root, 'examples', 'deals.csv'), 'utf8');
  const [header, ...rows] = text.trimEnd().split(/\r?\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const file = path.join(work, 'big.csv');
  const lines = [header];
  while (lines.length < 40_000) lines.push(...rows);
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

test.each([
  ['SIGINT', 'with --out', 130],
  ['SIGTERM', 'with --out', 143],
  ['SIGINT', 'printing the problems', 130],
] as const)('%s during a streamed check %s removes the temporary files and leaves no output', async (signal, how, status) => {
  const input = fs.existsSync(path.join(work, 'big.csv')) ? path.join(work, 'big.csv') : bigCsv();
  const tmp = fs.mkdtempSync(path.join(work, 'tmp-'));
  const out = path.join(work, `out-${signal}.csv`);
  const withOut = how === 'with --out';
  const args = ['check', input, ...(withOut ? ['--out', out] : []), '--today', '2026-11-23'];
  const child = spawn(process.execPath, [path.join(root, 'bin', 'cosell.js'), ...args], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
  // Wait until the run is inside the stream: its temporary output (with --out) or its spool exists.
  const started = () => (withOut ? fs.readdirSync(work).some((f) => f.endsWith('.tmp')) : fs.readdirSync(tmp).some((f) => f.startsWith('cosell-')));
  const deadline = Date.now() + 60_000;
  while (!started() && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  expect(started()).toBe(true);
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(status);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith('cosell-'))).toEqual([]); // (tsx, running the sources, keeps its cache there)
  expect(fs.existsSync(out)).toBe(false);
  expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}, 120_000);

test('a check killed outright (SIGKILL) leaves its spool, and the next run removes it', async () => {
  const input = fs.existsSync(path.join(work, 'big.csv')) ? path.join(work, 'big.csv') : bigCsv();
  const tmp = fs.mkdtempSync(path.join(work, 'tmp-'));
  const env = { ...process.env, TMPDIR: tmp };
  const child = spawn(process.execPath, [path.join(root, 'bin', 'cosell.js'), 'check', input, '--today', '2026-11-23'], { env, stdio: 'ignore' });
  const spools = () => fs.readdirSync(tmp).filter((f) => /^cosell-\d+-/.test(f));
  const deadline = Date.now() + 60_000;
  while (spools().length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  expect(spools()).toEqual([expect.stringMatching(new RegExp(`^cosell-${child.pid}-`))]);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));
  expect(spools()).toHaveLength(1); // nothing could remove it
  // A folder of a process that still runs is left alone.
  const live = path.join(tmp, `cosell-${process.pid}-Abc123`);
  fs.mkdirSync(live);
  const next = spawn(process.execPath, [path.join(root, 'bin', 'cosell.js'), 'check', path.join(root, 'examples', 'deals.csv'), '--today', '2026-11-23'], { env, stdio: 'ignore' });
  await new Promise((resolve) => next.on('exit', resolve));
  expect(spools()).toEqual([path.basename(live)]);
}, 120_000);
