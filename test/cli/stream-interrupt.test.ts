/**
 * A streamed check keeps each row's outcome in a private temporary folder; Ctrl+C, a kill or a closed pipe must
 * not leave it behind (it holds every row's Errors text), nor a half-written output.
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

test.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s during a streamed check removes the spool and leaves no output', async (signal, status) => {
  const input = fs.existsSync(path.join(work, 'big.csv')) ? path.join(work, 'big.csv') : bigCsv();
  const tmp = fs.mkdtempSync(path.join(work, 'tmp-'));
  const out = path.join(work, `out-${signal}.csv`);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'cosell.js'), 'check', input, '--out', out, '--today', '2026-11-23'], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
  // Wait until the spool exists: the run is inside the stream.
  const deadline = Date.now() + 60_000;
  while (!fs.readdirSync(tmp).some((f) => f.startsWith('cosell-')) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  expect(fs.readdirSync(tmp).some((f) => f.startsWith('cosell-'))).toBe(true);
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(status);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith('cosell-'))).toEqual([]); // (tsx, running the sources, keeps its cache there)
  expect(fs.existsSync(out)).toBe(false);
  expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}, 120_000);
