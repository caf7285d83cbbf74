/**
 * `npm run bench -- --quick` on tiny sizes, so the bench cannot rot: every section runs and prints its lines,
 * and the hand-written predicates agree with the compiled rules (the bench stops otherwise). The figures
 * themselves mean nothing at these sizes and are not checked.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

test('the quick bench prints every section, with the hand-written predicates agreeing', () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-bench-test-'));
  try {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(__dirname, 'index.ts'), '--quick'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_CACHE: cache,
        BENCH_ROUNDS: '1',
        BENCH_RULE_ROWS: '60',
        BENCH_CHECK_ROWS: '60',
        BENCH_CLI_SIZES: '40',
        BENCH_XLSX_SIZES: '20',
        BENCH_PANE_ROWS: '20',
        BENCH_IMPACT_ROWS: '20',
      },
    });
    expect(run.stderr).not.toMatch(/bench failed/);
    expect(run.status).toBe(0);
    for (const section of ['1. rules', '2. in-process', '3. CLI, CSV', '4. CLI start', '5. .xlsx', '6. pane', '7. rules impact']) expect(run.stdout).toContain(section);
    expect(run.stdout).toMatch(/hand-written predicates agree with the compiled rules \| yes, on all 60 rows/);
    expect(run.stdout).toMatch(/hand-written path agrees with check +\| yes, on all 60 rows/);
    expect(run.stdout).toMatch(/\d+ of \d+ targets met/);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}, 120_000);
