import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem, loadRuleDir, ruleSetFromSources, runRuleCaseDir } from '../../engine/node';
import { RULES_DIR } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();

/** A copy of the shipped rules with a lint problem in registration.json (an unknown fact on rule 0). */
function rulesWithLintProblem(): string {
  const dir = copyRules(RULES_DIR, tmp);
  editJson(path.join(dir, 'registration.json'), (json) => (json.rules[0].conditions.all[0].fact = 'dealtype'));
  return dir;
}

/** Problems as `file:line:col (pointer): message` with the directory left out. */
const shortProblems = (dir: string, problems: readonly Parameters<typeof formatProblem>[0][]) => problems.map((p) => formatProblem(p).split(`${dir}${path.sep}`).join(''));

const UNKNOWN_FACT = expect.stringMatching(/^registration\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/fact\): Unknown fact "dealtype"\. Did you mean "dealType"\?/);

describe('rules check reports every problem of every file, whatever else is broken', () => {
  test('a missing rule-set.json is one problem among the others', async () => {
    const dir = rulesWithLintProblem();
    fs.rmSync(path.join(dir, 'rule-set.json'));
    const { ruleSet, problems } = loadRuleDir(dir);
    expect(ruleSet).toBeUndefined();
    expect(shortProblems(dir, problems)).toEqual([UNKNOWN_FACT, expect.stringMatching(/^rule-set\.json:1:1: Missing: a rule directory needs rule-set\.json/)]);
    const { status, stderr } = await runCli('rules', 'check', dir);
    expect(status).toBe(1);
    expect(stderr).toContain('Unknown fact "dealtype"');
    expect(stderr).toContain('Missing: a rule directory needs rule-set.json');
    expect(stderr).toMatch(/2 problems in /);
  });

  test('a file that is not JSON is reported and the other files are still linted', async () => {
    const dir = rulesWithLintProblem();
    fs.writeFileSync(path.join(dir, 'lifecycle-gates.json'), '{"rules": [,]}');
    editJson(path.join(dir, 'field-validation.json'), (json) => (json.rules[1].conditions.all[0].operator = 'isempty'));
    const { problems } = loadRuleDir(dir);
    expect(shortProblems(dir, problems)).toEqual([
      expect.stringMatching(/^field-validation\.json:\d+:\d+ \(\/rules\/1\/conditions\/all\/0\/operator\): Unknown operator "isempty"/),
      'lifecycle-gates.json:1:12: Not valid JSON: a value was expected',
      UNKNOWN_FACT,
    ]);
    // Gates are not judged uncovered while a file that may decide them did not load.
    expect(problems.some((p) => /No rule /.test(p.message))).toBe(false);
    expect((await runCli('rules', 'check', dir)).stderr).toMatch(/3 problems in /);
  });

  test('an unreadable file is reported and the other files are still linted', () => {
    const dir = rulesWithLintProblem();
    fs.mkdirSync(path.join(dir, 'folder.json'));
    expect(shortProblems(dir, loadRuleDir(dir).problems)).toEqual(['folder.json:1:1: Cannot read the file: it is a folder.', UNKNOWN_FACT]);
  });

  test('a broken rule-set.json and broken rule files are all reported', () => {
    const dir = rulesWithLintProblem();
    editJson(path.join(dir, 'rule-set.json'), (json) => delete json.version);
    fs.writeFileSync(path.join(dir, 'lifecycle-gates.json'), '{');
    expect(shortProblems(dir, loadRuleDir(dir).problems)).toEqual([
      expect.stringMatching(/^lifecycle-gates\.json:1:2: Not valid JSON/),
      UNKNOWN_FACT,
      'rule-set.json:1:1: Missing "version".',
    ]);
  });

  test('the task pane\'s loader (ruleSetFromSources) reports every file as well', () => {
    const sources = ['registration.json', 'lifecycle-gates.json'].map((file) => ({ file, text: fs.readFileSync(path.join(RULES_DIR, file), 'utf8') }));
    sources[1] = { file: 'lifecycle-gates.json', text: '[' };
    sources[0] = { file: 'registration.json', text: sources[0].text.replace('"fact": "dealType"', '"fact": "dealtype"') };
    expect(ruleSetFromSources(sources).problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^lifecycle-gates\.json:1:2: Not valid JSON/),
      UNKNOWN_FACT,
      expect.stringMatching(/^rule-set\.json:1:1: Missing: a rule set needs rule-set\.json/),
    ]);
  });

  test('rules test reports broken rules, a broken case file and the catalog together', async () => {
    const dir = rulesWithLintProblem();
    fs.writeFileSync(path.join(dir, 'registration.cases.json'), '{"cases": [}');
    editJson(path.join(dir, 'catalog.json'), (json) => (json.solutions[0].kind = 'mine'));
    const run = await runRuleCaseDir(dir);
    expect(shortProblems(dir, run.problems)).toEqual([
      expect.stringMatching(/^catalog\.json:\d+:\d+ \(\/solutions\/0\/kind\): "kind" must be one of/),
      expect.stringMatching(/^registration\.cases\.json:1:12: Not valid JSON/),
      UNKNOWN_FACT,
    ]);
    const { status, stderr } = await runCli('rules', 'test', dir);
    expect(status).toBe(1);
    expect(stderr).toMatch(/3 problems: no case ran\./);
  });
});
