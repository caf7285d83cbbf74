import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, RULES_DIR, TODAY } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();
const DEALS = path.join(ROOT, 'examples', 'deals.csv');

describe('cosell explain', () => {
  test('explains a row\'s validation: unmet requirements first, with actual values', async () => {
    const { status, stdout } = await runCli('explain', DEALS, '--row', '25', '--today', TODAY);
    expect(status).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`${DEALS}: row 25 (Alpine lift ticketing, Alpine Ski House), state Active/Accepted.`);
    expect(lines[1]).toMatch(/^Invalid: 3 of \d+ validation requirements are not met\.$/);
    expect(stdout).toContain('NOT MET  customer-country-iso  (');
    expect(stdout).toContain('holds          customerCountry isCountryCode false; actual: "USA"');
    expect(stdout).toMatch(/met {6}deal-name-required/);
    expect(stdout).toMatch(/Rules: Co-sell policy 2026\.11\.2 #[0-9a-f]{14}\.$/);
  });

  test('says when the lifecycle does not offer the action at all', async () => {
    const { stdout } = await runCli('explain', DEALS, '--row', '2', '--action', 'Register', '--today', TODAY);
    expect(stdout).toContain('Register is not possible on a Active/Accepted deal: the lifecycle does not offer it, whatever the rules say.');
  });

  test.each([
    [['--row', '99'], /deals\.csv: row 99 is not a deal row: deals are in rows 2 to 37\./],
    [['--row', 'x'], /--row "x" is not a row number/],
    [[], /explain needs --row N/],
    [['--row', '2', '--action', 'Advance'], /Action "Advance" is not an action/],
  ])('bad input %j is exit 2 with a message', async (extra, message) => {
    const { status, stderr } = await runCli('explain', DEALS, '--today', TODAY, ...extra);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('cosell rules impact', () => {
  test('the same rules change nothing: exit 0', async () => {
    const { status, stdout } = await runCli('rules', 'impact', '--candidate', RULES_DIR, DEALS, '--today', TODAY);
    expect(status).toBe(0);
    expect(stdout).toContain('0 deals change: 0 become invalid, 0 become valid.');
  });

  test('a removed validation rule makes deals valid and lists the problems gone; JSON report', async () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'solution-assessment.json'), (json) => (json.rules = json.rules.filter((r: { name: string }) => r.name !== 'assessment-has-one-solution')));
    const out = path.join(tmp, 'impact.json');
    const { stdout } = await runCli('rules', 'impact', '--candidate', dir, DEALS, '--today', TODAY, '--out', out);
    expect(stdout).toContain('1 deal change: 0 become invalid, 1 become valid.');
    expect(stdout).toMatch(/row 32 r-\d+ [^\n]+:\n {4}problem gone \(assessment-has-one-solution\): A Solution assessment deal has exactly one solution/);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(report.changed.map((r: { row: number }) => r.row)).toEqual([32]);
  });

  test('refuses to write its report over the deal sheet, or in another format', async () => {
    expect(await runCli('rules', 'impact', '--candidate', RULES_DIR, DEALS, '--out', DEALS)).toMatchObject({ status: 2, stderr: expect.stringContaining('is the deal file itself') });
    expect(await runCli('rules', 'impact', '--candidate', RULES_DIR, DEALS, '--out', path.join(tmp, 'r.txt'))).toMatchObject({ status: 2, stderr: expect.stringContaining('written as .csv or .json') });
  });

  test('a broken candidate is exit 2 naming its file and position', async () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'registration.json'), (json) => (json.rules[0].conditions.all[0].fact = 'dealtype'));
    const { status, stderr } = await runCli('rules', 'impact', '--candidate', dir, DEALS, '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr).toMatch(/the candidate rules cannot be used:\n\S*registration\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/fact\): Unknown fact "dealtype"/);
  });
});
