import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem, loadRuleDir } from '../../engine/node';
import { RULES_DIR } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';

const tmp = tempDir();

/** Loads a copy of the shipped rules in which registration.json has been replaced by `text`. */
function problemsWith(text: string): string[] {
  const dir = copyRules(RULES_DIR, tmp);
  fs.writeFileSync(path.join(dir, 'registration.json'), text);
  return loadRuleDir(dir).problems.map((p) => formatProblem({ ...p, file: path.basename(p.file) }));
}

const shipped = fs.readFileSync(path.join(RULES_DIR, 'registration.json'), 'utf8');

describe('loading rule files', () => {
  test('the shipped rules load with no problem', () => {
    const { ruleSet, problems } = loadRuleDir(RULES_DIR);
    expect(problems).toEqual([]);
    expect(ruleSet!.files.map((f) => path.basename(f))).toEqual([
      'field-validation.json',
      'invite-combinations.json',
      'lifecycle-gates.json',
      'registration.json',
      'solution-assessment.json',
    ]);
  });

  test('an unknown fact is reported at its line and column, with a suggestion', () => {
    const text = shipped.replace('"fact": "dealType"', '"fact": "dealtype"');
    const line = text.split('\n').findIndex((l) => l.includes('"dealtype"')) + 1;
    // Reported at the property, `"fact": "dealtype"`, so the editor's cursor lands on the whole pair.
    const column = text.split('\n')[line - 1].indexOf('"fact": "dealtype"') + 1;
    expect(problemsWith(text)).toEqual([
      `registration.json:${line}:${column} (/rules/0/conditions/all/0/fact): Unknown fact "dealtype". Did you mean "dealType"? See the facts in docs/rules-reference.md.`,
    ]);
  });

  test('an unknown operator gets a suggestion and the list of operators', () => {
    const [problem] = problemsWith(shipped.replace('"operator": "notEqual", "value": "Co-sell"', '"operator": "notEquals", "value": "Co-sell"'));
    expect(problem).toMatch(/^registration\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/operator\): Unknown operator "notEquals"\. Did you mean "notEqual"\? The operators are equal, notEqual, /);
  });

  test('a JSON syntax error is reported at its line and column', () => {
    const text = shipped.replace('"name": "register-needs-microsoft-accepted",', '"name": "register-needs-microsoft-accepted"');
    const line = text.split('\n').findIndex((l) => l.includes('register-needs-microsoft-accepted')) + 2;
    expect(problemsWith(text)).toEqual([`registration.json:${line}:7: Not valid JSON: "," was expected (or a trailing comma must go)`]);
  });

  test('a rule without a message, or with an unknown gate, is refused', () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'registration.json'), (json) => {
      delete json.rules[0].event.params.message;
      json.rules[1].event.type = 'approve';
    });
    // Every problem of the file at once, in file order.
    const problems = loadRuleDir(dir).problems.map((p) => `${p.pointer}: ${p.message}`);
    expect(problems).toEqual([
      '/rules/0/event/params: Missing "message".',
      expect.stringMatching(/^\/rules\/1\/event\/type: Must be one of: "validation", "accept", /),
    ]);
  });

  test('keys that could reach object prototypes are refused', () => {
    const [problem] = problemsWith(shipped.replace('"name": "register-needs-microsoft-invited",', '"name": "register-needs-microsoft-invited", "__proto__": {"polluted": true},'));
    expect(problem).toMatch(/\(\/rules\/0\/__proto__\): The key "__proto__" is not allowed in this file: it could change how every object behaves\.$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a rule name used twice is refused, naming the other file', () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'registration.json'), (json) => (json.rules[0].name = 'deal-name-required'));
    const [problem] = loadRuleDir(dir).problems;
    expect(problem.message).toMatch(/^The rule name "deal-name-required" is also used in \S*field-validation\.json\.$/);
  });

  test('a missing directory, or one without rule files, is a problem', () => {
    expect(loadRuleDir(path.join(tmp, 'nope')).problems[0].message).toBe('No such rule directory.');
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    expect(loadRuleDir(empty).problems[0].message).toBe('The rule directory has no rule files (*.json).');
  });

  test('a problem with the folder as a whole is printed without a line and column to look at', () => {
    const missing = path.join(tmp, 'nope');
    expect(loadRuleDir(missing).problems.map(formatProblem)).toEqual([`${missing}: No such rule directory.`]);
    const file = path.join(tmp, 'rules.json');
    fs.writeFileSync(file, '{}');
    expect(loadRuleDir(file).problems.map(formatProblem)).toEqual([`${file}: Not a rule directory: this is a file. Give the folder that holds the rule files.`]);
    // A problem inside a file still points at its line and column.
    const dir = copyRules(RULES_DIR, path.join(tmp, 'copy'));
    fs.writeFileSync(path.join(dir, 'registration.json'), '{ "rules": [ }');
    expect(loadRuleDir(dir).problems.map(formatProblem).join('\n')).toMatch(/registration\.json:1:\d+: /);
  });
});
