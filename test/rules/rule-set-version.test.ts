import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRuleDir, ruleSetHash } from '../../engine/node';
import { RULES_DIR } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';

const tmp = tempDir();

describe('a rule set\'s version and content hash', () => {
  const shipped = loadRuleDir(RULES_DIR).ruleSet!;

  test('come from rule-set.json and the rule files', () => {
    expect(shipped.version).toBe(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'rule-set.json'), 'utf8')).version);
    expect(shipped.hash).toMatch(/^[0-9a-f]{14}$/);
  });

  test('the hash ignores the directory, indentation and key order, but not an edit', () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'registration.json'), (json) => json); // re-indented
    expect(loadRuleDir(dir).ruleSet!.hash).toBe(shipped.hash);
    expect(ruleSetHash([{ file: 'a/x.json', json: { b: 1, a: [1, 2] } }])).toBe(ruleSetHash([{ file: 'b/x.json', json: { a: [1, 2], b: 1 } }]));

    editJson(path.join(dir, 'registration.json'), (json) => (json.rules[0].event.params.message += ' '));
    expect(loadRuleDir(dir).ruleSet!.hash).not.toBe(shipped.hash);
  });

  test('the version alone does not change the hash (it is the content\'s fingerprint)', () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'rule-set.json'), (json) => (json.version = '9.9'));
    expect(loadRuleDir(dir).ruleSet).toMatchObject({ version: '9.9', hash: shipped.hash });
  });
});
