import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';
import { COMMITTED_FIXTURES, FIXTURE_DIR } from '../fixtures/partner-center/make-exports';

/** `cosell check` on Partner Center's raw files, untouched and with no option (issue 10). */
const dir = tempDir();

describe('cosell check on a raw Partner Center export', () => {
  test.each(COMMITTED_FIXTURES.map((f) => [f.file, f]))('%s: exit 0 or 1, never 2; notes first, then row problems', async (file, spec) => {
    const { status, stdout, stderr } = await runCli('check', path.join(FIXTURE_DIR, file), '--today', '2026-11-23');
    expect(stderr).toBe('');
    expect(status).toBe(spec.kind === 'export' ? 0 : 1);
    const lines = stdout.split('\n');
    const firstRow = lines.findIndex((l) => / row \d+: /.test(l));
    const lastNote = lines.map((l) => / note: /.test(l)).lastIndexOf(true);
    expect(lastNote).toBeGreaterThanOrEqual(0);
    if (firstRow >= 0) expect(lastNote).toBeLessThan(firstRow);
    expect(stdout).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}: 30 deals: `));
  });

  test('--direction says the tab; a bad value is an input error (exit 2)', async () => {
    const file = path.join(FIXTURE_DIR, '2023-outbound.csv');
    const given = await runCli('check', file, '--today', '2026-11-23', '--direction', 'outbound');
    expect(given.stdout).toMatch(/note: Direction: the sheet has no Direction column; 30 deals derived from the export: 30 Outbound/);
    const bad = await runCli('check', file, '--direction', 'sideways');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--direction "sideways" is not a direction: give inbound or outbound/);
  });

  test.each(COMMITTED_FIXTURES.filter((f) => f.kind === 'import-result').map((f) => [f.file]))("%s: check --out keeps every Partner Center message, read back by papaparse", async (file) => {
    const out = path.join(dir, `checked-${file}`);
    const { status, stdout } = await runCli('check', path.join(FIXTURE_DIR, file), '--today', '2026-11-23', '--out', out);
    expect(status).toBe(1);
    expect(stdout).toMatch(/note: Errors holds messages cosell did not write \(Partner Center's\) on rows/);
    const read = (f: string) => Papa.parse<Record<string, string>>(fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const before = read(path.join(FIXTURE_DIR, file));
    const after = read(out);
    expect(after).toHaveLength(before.length);
    before.forEach((row, i) => {
      if (row.Errors !== '') expect(after[i]['Partner Center errors']).toBe(row.Errors);
      for (const [header, value] of Object.entries(row)) if (header !== 'Errors') expect(after[i][header]).toBe(value);
    });
  });
});

describe('Partner Center messages that look like ours are kept too', () => {
  // An attacker's repros: each of these was erased by check --out (no Partner Center errors column, no notice).
  const base = fs.readFileSync(path.join(FIXTURE_DIR, '2023-outbound.csv'), 'utf8');
  const records = Papa.parse<string[]>(base.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  const root = tempDir();
  let n = 0;
  const freshDir = () => fs.mkdtempSync(path.join(root, `case-${n++}-`));
  test.each([
    ['a rule message in other case', 'customer city is required'],
    ['text beside a message that starts with a placeholder', 'Referral locked by Microsoft seller (code 4711); Team member 1: give first name, last name, phone and email, separated by commas'],
    ['text beside a message that ends with a placeholder', 'Registration Status is only for Closed/Won deals; this deal is Active/Accepted; Partner Center: Referral ID not found'],
  ])('%s', async (_name, message) => {
    const dir = freshDir();
    const file = path.join(dir, 'result.csv');
    const rows = records.map((r) => [...r]);
    rows[1][0] = message;
    fs.writeFileSync(file, `\uFEFF${Papa.unparse(rows, { newline: '\r\n' })}\r\n`);
    const out = path.join(dir, 'out.csv');
    await runCli('check', file, '--out', out, '--direction', 'outbound', '--today', '2026-11-23');
    const written = Papa.parse<string[]>(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const kept = written[0].indexOf('Partner Center errors');
    expect(kept).toBeGreaterThan(0);
    expect(written[1][kept]).toBe(message);
  });

  test('a message already kept inside a longer one is still added, as a message of its own', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'result.csv');
    const rows = records.map((r) => [...r]);
    rows[0].push('Partner Center errors');
    rows.slice(1).forEach((r) => r.push(''));
    rows[1][0] = 'Error 1';
    rows[1][rows[0].length - 1] = 'Error 12: duplicate referral';
    fs.writeFileSync(file, `\uFEFF${Papa.unparse(rows, { newline: '\r\n' })}\r\n`);
    const out = path.join(dir, 'out.csv');
    await runCli('check', file, '--out', out, '--direction', 'outbound', '--today', '2026-11-23');
    const written = Papa.parse<string[]>(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(written[1][rows[0].length - 1]).toBe('Error 12: duplicate referral; Error 1');
  });
});
