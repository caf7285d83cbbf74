import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, RULES_DIR, TODAY } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();
const DEALS = path.join(ROOT, 'examples', 'deals.csv');

describe('cosell explain', () => {
  test('explains a row\'s validation in sentences: the verdict on the first line, unmet requirements first, met ones counted', async () => {
    const { status, stdout } = await runCli('explain', DEALS, '--row', '25', '--today', TODAY);
    expect(status).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${DEALS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: row 25 \\(Alpine lift ticketing, Alpine Ski House, Active/Accepted\\): Invalid: 3 of \\d+ validation requirements are not met\\.$`));
    expect(lines.slice(1, 4)).toEqual(['', 'Not met:', '  - Customer Country must be a two-letter ISO 3166 code such as US or GB, not "USA".']);
    expect(lines[4]).toBe('      customer-country-iso (rules/field-validation.json)');
    expect(stdout).toContain('customerCountry isCountryCode false: holds; actual: "USA"');
    expect(stdout).toMatch(/^Met: 58 requirements \(--all lists them\)\.$/m);
    expect(stdout).not.toContain('Deal Name is required.');
    expect(stdout).toMatch(/Rules: Co-sell policy 2026\.11\.2 #[0-9a-f]{14}\.$/);
  });

  test('--all lists the met requirements too, each as a sentence', async () => {
    const { stdout } = await runCli('explain', DEALS, '--row', '25', '--all', '--today', TODAY);
    expect(stdout).toMatch(/^Met \(58\):$/m);
    expect(stdout).toContain('  - Deal Name is required.');
  });

  test('says when the lifecycle does not offer the action at all', async () => {
    const { stdout } = await runCli('explain', DEALS, '--row', '2', '--action', 'Register', '--today', TODAY);
    expect(stdout.split('\n')[0]).toMatch(/: Register refused: Register is not possible on an Active\/Accepted deal: an active deal takes Stage, Win, Lose and the invitations, and Register comes after Win\.$/);
  });

  test.each([
    [['--row', '99'], /deals\.csv: row 99 is not a deal row: deals are in rows 2 to 37\./],
    [['--row', 'x'], /--row "x" is not a row number/],
    [[], /explain needs --row N/],
  ])('bad input %j is exit 2 with a message', async (extra, message) => {
    const { status, stderr } = await runCli('explain', DEALS, '--today', TODAY, ...extra);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
  });

  test('an Action text that names no action is refused on the row, as apply refuses it: exit 1', async () => {
    const { status, stdout } = await runCli('explain', DEALS, '--row', '18', '--action', 'Stage Qualified', '--today', TODAY);
    expect(status).toBe(1);
    expect(stdout.split('\n')[0]).toMatch(/: row 18 \([^)]*\): Stage Qualified refused: Action "Stage Qualified": "Qualified" is not a stage of a Solution assessment deal; use one of /);
  });

  test('where the lifecycle refuses the action, no policy requirement is listed under it', async () => {
    const { stdout } = await runCli('explain', DEALS, '--row', '2', '--action', 'Accept', '--all', '--today', TODAY);
    expect(stdout).toMatch(/: Accept refused: Accept is not possible on an Active\/Accepted deal/);
    expect(stdout).not.toMatch(/Not met:|Met \(/);
  });

  test('a row in no lifecycle state reads so in its first line', async () => {
    const { stdout } = await runCli('explain', DEALS, '--row', '27', '--action', 'Win', '--today', TODAY);
    expect(stdout.split('\n')[0]).toMatch(/: row 27 \(Lucerne archive, Lucerne Publishing, no lifecycle state\): Win refused: Partner Referral Status and Partner Referral Substatus "Active\/Won" are not a state a deal can be in\.$/);
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
    expect(stdout).toContain('1 deal changes: 0 become invalid, 1 becomes valid.');
    expect(stdout).toMatch(/row 32 r-\d+ [^\n]+:\n {4}Stage Collect data: newly allowed\n {4}problem gone \(assessment-has-one-solution\): A Solution assessment deal has exactly one solution/);
    // As apply would: the row valid, its next assessment stage can now be applied (before, apply refused it: fix the row first).
    expect(stdout).toContain('Stage Collect data: newly allowed on 1 deal');
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

describe('cosell explain agrees with apply', () => {
  test('an action the lifecycle refuses leads with apply\'s reason, and exits 1', async () => {
    const { status, stdout } = await runCli('explain', DEALS, '--row', '2', '--action', 'Stage Won', '--today', TODAY);
    expect(stdout.split('\n')[0]).toMatch(/\): Stage Won refused: Sales Stage becomes Won only through the Win action\.$/);
    expect(status).toBe(1);
  });

  test('an action no rule refuses on a row with problems it would leave in place says apply refuses it, and exits 1', async () => {
    const { status, stdout } = await runCli('explain', DEALS, '--row', '25', '--action', 'Stage Proposed', '--today', TODAY);
    expect(stdout.split('\n')[0]).toMatch(/\): Stage Proposed: no rule decides it, and the lifecycle allows it, but apply refuses it: fix this row's problems first\.$/);
    expect(stdout.split('\n')[1]).toBe("Run without --action to see the row's problems.");
    expect(status).toBe(1);
  });
});
