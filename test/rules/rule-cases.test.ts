import * as fs from 'node:fs';
import * as path from 'node:path';
import { caseFilesIn, runRuleCaseDir } from '../../engine/node';
import { RULES_DIR } from '../helpers/deal-rows';
import { copyRules, tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();

/** Appends cases to a copy of the shipped rules' registration.cases.json. */
function withCases(cases: unknown[]): string {
  const dir = copyRules(RULES_DIR, tmp);
  const file = path.join(dir, 'registration.cases.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json.cases.push(...cases);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  return dir;
}

/** Every shipped case by file and name, read up front so each gets its own test. */
const SHIPPED_CASES = caseFilesIn(RULES_DIR).flatMap((file) =>
  (JSON.parse(fs.readFileSync(file, 'utf8')).cases as { name: string }[]).map((c, i) => [path.basename(file), i, c.name] as const),
);

describe('the shipped rule cases', () => {
  let run: Awaited<ReturnType<typeof runRuleCaseDir>>;
  beforeAll(async () => {
    run = await runRuleCaseDir(RULES_DIR);
  });

  test('load, and every rule has a case where it fires and one where it does not', () => {
    expect(run.problems).toEqual([]);
    expect(run.uncovered).toEqual([]);
    expect(run.results).toHaveLength(SHIPPED_CASES.length);
  });

  test.each(SHIPPED_CASES)('%s #%i: %s', (file, index) => {
    const result = run.results.find((r) => r.file.endsWith(file) && r.pointer === `/cases/${index}`)!;
    expect(result.failures).toEqual([]);
  });

  test('sit beside their rule files and point at the cases schema', () => {
    for (const file of caseFilesIn(RULES_DIR)) {
      expect(fs.existsSync(file.replace(/\.cases\.json$/, '.json'))).toBe(true);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).$schema).toBe('./schema/rule-cases.schema.json');
    }
  });

  test('cosell rules test prints N passed, M failed and exits 0', async () => {
    const { status, stdout } = await runCli('rules', 'test');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\d+ passed, 0 failed\.$/m);
  });
});

describe('cosell rules test', () => {
  test('a case whose verdict differs fails at its line, saying what fired', async () => {
    const dir = withCases([{ name: 'a private deal can be registered', action: 'Register', cells: { 'Deal Type': 'Private' }, expect: { allowed: true } }]);
    const { status, stdout } = await runCli('rules', 'test', dir);
    expect(status).toBe(1);
    expect(stdout).toMatch(/registration\.cases\.json:\d+:\d+ \(\/cases\/\d+\): "a private deal can be registered": expected Register to be allowed; refused by register-needs-microsoft-invited\n/);
    expect(stdout).toMatch(/^\d+ passed, 1 failed\.$/m);
  });

  test('each kind of expectation is checked', async () => {
    // registration.cases.json starts from a Closed/Won deal, where field requirements do not apply: open it.
    const ACTIVE = { 'Partner Referral Status': 'Active', 'Partner Referral Substatus': 'Accepted', 'Sales Stage': 'Developed' };
    const dir = withCases([
      { name: 'fires', cells: { ...ACTIVE, 'Deal Name': '' }, expect: { fires: ['customer-city-required'], valid: true } },
      { name: 'passes', cells: { ...ACTIVE, 'Deal Name': '' }, expect: { passes: ['deal-name-required'] } },
      { name: 'invalid', expect: { valid: false } },
      { name: 'refused', action: 'Register', expect: { allowed: false } },
      { name: 'no gate', expect: { allowed: true } },
    ]);
    const failures = (await runRuleCaseDir(dir)).results.filter((r) => r.failures.length > 0).map((r) => `${r.name}: ${r.failures.join(' | ')}`);
    expect(failures).toEqual([
      'fires: expected customer-city-required to fire; fired: deal-name-required | expected a valid row; invalid by deal-name-required',
      expect.stringMatching(/^passes: expected deal-name-required not to fire, but it did: /),
      'invalid: expected an invalid row; no validation rule fired',
      'refused: expected Register to be refused; no register rule fired',
      'no gate: "allowed" needs an action that has a gate; the case has no action',
    ]);
  });

  test('a rule with no failing case is a gap', async () => {
    const dir = copyRules(RULES_DIR, tmp);
    const file = path.join(dir, 'registration.cases.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.cases = json.cases.filter((c: { expect: { fires?: string[] } }) => !c.expect.fires?.includes('register-needs-contract-attestation'));
    fs.writeFileSync(file, JSON.stringify(json));
    const { status, stdout } = await runCli('rules', 'test', dir);
    expect(status).toBe(1);
    expect(stdout).toContain('registration.json: register-needs-contract-attestation has no case where it fires.');
    expect(stdout).toMatch(/^\d+ passed, 0 failed\.\n1 gap: every rule needs a case where it fires and one where it does not\.$/m);
  });

  test('a case naming an unknown rule or column, or malformed, runs nothing and says where', async () => {
    const dir = withCases([
      { name: 'typo', cells: { 'Deal Nmae': 'x' }, expect: { fires: ['register-needs-microsoft-invitd'] } },
      { name: 'no expectation', expect: {} },
    ]);
    const { status, stderr } = await runCli('rules', 'test', dir);
    expect(status).toBe(1);
    const lines = stderr.trim().split('\n').map((l) => l.replace(/^.*registration\.cases\.json/, 'registration.cases.json'));
    expect(lines).toEqual([
      expect.stringMatching(/^registration\.cases\.json:\d+:\d+ \(\/cases\/\d+\/cells\/Deal Nmae\): "Deal Nmae" is not a column header\. Did you mean "Deal Name"\?$/),
      expect.stringMatching(/^registration\.cases\.json:\d+:\d+ \(\/cases\/\d+\/expect\/fires\/0\): No rule is named "register-needs-microsoft-invitd"\. Did you mean "register-needs-microsoft-invited"\?$/),
      expect.stringMatching(/^registration\.cases\.json:\d+:\d+ \(\/cases\/\d+\/expect\): Must not be empty: give at least one of its keys\.$/),
      '3 problems: no case ran.',
    ]);
  });
});
