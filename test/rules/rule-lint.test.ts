import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem, loadRuleDir } from '../../engine/node';
import { RULES_DIR } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();

/** The problems `rules check` finds after `edit` changes one rule of registration.json (the first, by default). */
function problemsAfter(edit: (rule: any, json: any) => void): string[] {
  const dir = copyRules(RULES_DIR, tmp);
  editJson(path.join(dir, 'registration.json'), (json) => edit(json.rules[0], json));
  return loadRuleDir(dir).problems.map((p) => `${p.pointer}: ${p.message}`);
}

const leaf = (fact: string, operator: string, value: unknown) => ({ all: [{ fact, operator, value }] });

describe('rules check: values that can never match their fact', () => {
  test.each([
    ['a number written as text', leaf('estimatedDealValue', 'lessThan', '25000'), 'lessThan compares numbers: write 25000 without quotes.'],
    ['a number fact compared with text', leaf('estimatedDealValue', 'equal', '25000'), 'estimatedDealValue is a number: write 25000 without quotes.'],
    ['a date compared as a number', leaf('createdDate', 'greaterThan', 14), 'greaterThan compares numbers; createdDate is a date (for days, use daysSinceCreated).'],
    ['a misspelt vocabulary word', leaf('dealType', 'equal', 'Cosell'), 'dealType is never "Cosell". Did you mean "Co-sell"? It is one of "Private", "Co-sell", "Partner to partner", "Solution assessment", or null.'],
    ['a word in a list that the fact never takes', leaf('partnerReferralStatus', 'in', ['New', 'Open']), 'partnerReferralStatus is never "Open". It is one of "New", "Active", "Closed", or null.'],
    ['a list fact compared with equal', leaf('solutionIds', 'equal', 'SOL-1'), 'solutionIds is a list: use contains, doesNotContain or isEmpty.'],
    ['contains on a single value', leaf('dealName', 'contains', 'x'), 'contains looks inside a list; dealName is text: use equal or in.'],
    ['a flag operator given text', leaf('dealName', 'isEmpty', 'yes'), 'isEmpty is compared with true or false, e.g. "operator": "isEmpty", "value": true.'],
    ['a code check on a number', leaf('estimatedDealValue', 'isCurrencyCode', true), 'isCurrencyCode reads text; estimatedDealValue is a number.'],
    ['null for a fact that is never null', leaf('dealName', 'equal', null), 'dealName is never null (an empty cell is ""): use "operator": "isEmpty", "value": true.'],
    ['a Yes/No fact compared with "Yes"', leaf('contractAttestation', 'equal', 'Yes'), 'contractAttestation is true (Yes) or false (No): write true or false without quotes.'],
    ['in without a list', leaf('dealType', 'in', 'Private'), 'in needs a list of values, e.g. ["Co-sell"].'],
  ])('%s', (_, conditions, message) => {
    expect(problemsAfter((rule) => (rule.conditions = conditions))).toEqual([`/rules/0/conditions/all/0/value: ${message}`]);
  });

  test('two facts of different types cannot be compared', () => {
    expect(problemsAfter((rule) => (rule.conditions = leaf('estimatedDealValue', 'equal', { fact: 'dealName' })))).toEqual([
      '/rules/0/conditions/all/0/value/fact: estimatedDealValue (number) can never equal dealName (text).',
    ]);
  });

  test('values the fact can take pass', () => {
    expect(problemsAfter((rule) => (rule.conditions = { any: [leaf('dealType', 'in', ['Private', null]), leaf('estimatedDealValue', 'lessThan', 25000), leaf('solutionIds', 'contains', 'X')] }))).toEqual([]);
  });
});

describe('rules check: messages and columns', () => {
  test('a message that names no column', () => {
    expect(problemsAfter((rule) => (rule.event.params.message = 'Not eligible.'))).toEqual([
      '/rules/0/event/params/message: The message names no column: say which cell to fix by its header, e.g. "Deal Type".',
    ]);
  });

  test('a placeholder naming no fact, and a column that is no header', () => {
    expect(
      problemsAfter((rule) => {
        rule.event.params.message = 'Deal Type {dealKind} is not eligible.';
        rule.event.params.columns = ['Deal Type', 'deal value'];
      }),
    ).toEqual([
      '/rules/0/event/params/message: {dealKind} names no fact. Placeholders are replaced by a fact\'s value.',
      '/rules/0/event/params/columns/1: "deal value" is not a column header. Did you mean "Deal Name"?',
    ]);
  });

  test('a header in another spelling is shown as the contract spells it', () => {
    expect(problemsAfter((rule) => (rule.event.params.columns = ['deal type']))).toEqual([
      '/rules/0/event/params/columns/0: "deal type" is not a column header. Write it as the contract spells it: "Deal Type".',
    ]);
  });
});

describe('rules check: the rule set as a whole', () => {
  test('a gate the machine uses with no rule', () => {
    const dir = copyRules(RULES_DIR, tmp);
    fs.rmSync(path.join(dir, 'registration.json'));
    const problems = loadRuleDir(dir).problems.map((p) => formatProblem({ ...p, file: path.basename(p.file) }));
    expect(problems).toEqual([
      'rule-set.json:1:1: No rule decides Register: the machine asks the "register" gate, so every deal would pass it. Add a rule with "event": {"type": "register"}, or list "register" in "openGates" if the lifecycle\'s own checks are all it needs.',
    ]);
  });

  test('gates left to the lifecycle must be named in openGates, and only gates the machine has', () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'rule-set.json'), (json) => delete json.openGates);
    const problems = loadRuleDir(dir).problems.map((p) => p.message);
    expect(problems).toEqual([
      expect.stringMatching(/^No rule decides Stage: the machine asks the "stage" gate/),
      expect.stringMatching(/^No rule decides Win: the machine asks the "win" gate/),
    ]);
    editJson(path.join(dir, 'rule-set.json'), (json) => (json.openGates = ['stage', 'win', 'advance']));
    const unknown = loadRuleDir(dir).problems.map((p) => `${p.pointer}: ${p.message}`);
    expect(unknown).toEqual(['/openGates/2: Must be one of: "accept", "decline", "expire", "stage", "win", "lose", "inviteMicrosoft", "invitePartner", "register".']);
  });

  test('a rule set needs rule-set.json with a version', () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'rule-set.json'), (json) => delete json.version);
    expect(loadRuleDir(dir).problems.map((p) => `${path.basename(p.file)} ${p.pointer}: ${p.message}`)).toEqual(['rule-set.json : Missing "version".']);
    fs.rmSync(path.join(dir, 'rule-set.json'));
    expect(loadRuleDir(dir).problems[0].message).toMatch(/^Missing: a rule directory needs rule-set\.json giving the rule set's version/);
  });

  test('a comparison written as a spreadsheet symbol (>=, ==, <>) is named as the operator it means, not as the nearest spelling', () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'field-validation.json'), (json) => {
      json.rules[1].conditions.all[0].operator = '>=';
      json.rules[2].conditions.all[0].operator = '==';
      json.rules[3].conditions.all[0].operator = '<>';
      json.rules[4].conditions.all[0].operator = 'constructor';
    });
    const messages = loadRuleDir(dir).problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Unknown operator ">="\. Write "greaterThanInclusive" for >=\. The operators are /),
        expect.stringMatching(/^Unknown operator "=="\. Write "equal" for ==\. /),
        expect.stringMatching(/^Unknown operator "<>"\. Write "notEqual" for <>\. /),
        expect.stringMatching(/^Unknown operator "constructor"\. The operators are /),
      ]),
    );
  });

  test('every problem of every file is reported in one run, in file and line order, and exits 1', async () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'registration.json'), (json) => {
      json.rules[0].conditions.all[0].fact = 'dealtype';
      json.rules[2].event.params.message = 'nope';
      json.rules[3].name = 'deal-name-required';
    });
    editJson(path.join(dir, 'field-validation.json'), (json) => (json.rules[1].conditions.all[0].operator = 'isempty'));
    const { status, stderr } = await runCli('rules', 'check', dir);
    expect(status).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines.map((l) => l.split(`${dir}${path.sep}`).join(''))).toEqual([
      expect.stringMatching(/^field-validation\.json:\d+:\d+ \(\/rules\/1\/conditions\/all\/0\/operator\): Unknown operator "isempty"\. Did you mean "isEmpty"\?/),
      expect.stringMatching(/^registration\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/fact\): Unknown fact "dealtype"\. Did you mean "dealType"\?/),
      expect.stringMatching(/^registration\.json:\d+:\d+ \(\/rules\/2\/event\/params\/message\): The message names no column/),
      expect.stringMatching(/^registration\.json:\d+:\d+ \(\/rules\/3\/name\): The rule name "deal-name-required" is also used in /),
      `4 problems in ${dir}.`,
    ]);
  });

  test('the shipped rules pass and print their version', async () => {
    const { status, stdout } = await runCli('rules', 'check');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^rules: Co-sell policy \d{4}\.\d+\.\d+ #[0-9a-f]{14}: \d+ rules in 5 files, no problems\.$/m);
  });
});
