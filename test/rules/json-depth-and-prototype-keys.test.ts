import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { formatProblem, loadCatalogFile, loadRuleDir, runRuleCaseDir } from '../../engine/node';
import { MAX_JSON_DEPTH, offsetBeyondDepth, parseJsonText } from '../../engine/rules/json-source';
import { ROOT, RULES_DIR, TODAY } from '../helpers/deal-rows';
import { copyRules, tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();
const EXAMPLE = path.join(ROOT, 'examples', 'deals.csv');
const BIN = path.join(ROOT, 'bin', 'cosell.js');

/** 1-based line and column of an offset, computed here rather than by the product. */
function where(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

/** The offset of the n-th `[` or `{` in a text whose strings hold no brackets. */
function nthOpening(text: string, n: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) if ((text[i] === '[' || text[i] === '{') && ++seen === n) return i;
  throw new Error(`fewer than ${n} openings`);
}

/** A rule file whose only rule's condition is `depth` nested "not"s around one comparison. */
function deepRuleFile(depth: number): string {
  const leaf = '{"fact": "dealType", "operator": "notEqual", "value": "Co-sell"}';
  const conditions = `${'{"not":\n'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
  return `{"rules": [{"name": "deep", "conditions": {"all": [${conditions}]}, "event": {"type": "register", "params": {"message": "Deal Type", "columns": ["Deal Type"]}}}]}`;
}

/** The depth of a parsed JSON value, computed from the value. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('deep nesting is a located problem, never a crash', () => {
  test('a rule file with 10,000 nested conditions: rules check exits 1 naming file, line and column (in-process)', async () => {
    const dir = copyRules(RULES_DIR, tmp);
    const text = deepRuleFile(10_000);
    fs.writeFileSync(path.join(dir, 'deep.json'), text);
    const { status, stderr } = await runCli('rules', 'check', dir);
    expect(status).toBe(1);
    expect(stderr).toContain(`${path.join(dir, 'deep.json')}:${where(text, nthOpening(text, MAX_JSON_DEPTH + 1))}: Nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(stderr).toMatch(/1 problem in /);
  });

  test('the executable, given 10,000 nested conditions, exits 1 (not 3) for rules check and 2 for check', () => {
    const dir = copyRules(RULES_DIR, tmp);
    fs.writeFileSync(path.join(dir, 'registration.json'), deepRuleFile(10_000));
    const rulesCheck = spawnSync(process.execPath, [BIN, 'rules', 'check', dir], { encoding: 'utf8' });
    expect([rulesCheck.status, rulesCheck.stderr]).toEqual([1, expect.stringMatching(/registration\.json:\d+:\d+: Nested deeper than 64 levels/)]);
    const check = spawnSync(process.execPath, [BIN, 'check', EXAMPLE, '--rules', dir, '--today', TODAY], { encoding: 'utf8' });
    expect([check.status, check.stderr]).toEqual([2, expect.stringMatching(/the rules cannot be used:\n.*registration\.json:\d+:\d+: Nested deeper than 64 levels/)]);
  });

  test('a catalog, a case file and the default row nested 10,000 deep are located problems', async () => {
    const deep = `{"solutions": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const catalog = path.join(tmp, 'deep-catalog.json');
    fs.writeFileSync(catalog, deep);
    const { status, stderr } = await runCli('check', EXAMPLE, '--catalog', catalog, '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr).toContain(`deep-catalog.json:${where(deep, nthOpening(deep, MAX_JSON_DEPTH + 1))}: Nested deeper than 64 levels`);

    const dir = copyRules(RULES_DIR, tmp);
    fs.writeFileSync(path.join(dir, 'registration.cases.json'), `{"cases": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    fs.writeFileSync(path.join(dir, 'default-row.json'), `{"cells": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
    const run = await runRuleCaseDir(dir);
    expect(run.problems.map((p) => `${path.basename(p.file)}: ${p.message}`)).toEqual([
      expect.stringMatching(/^default-row\.json: Nested deeper than 64 levels/),
      expect.stringMatching(/^registration\.cases\.json: Nested deeper than 64 levels/),
    ]);
  });

  test('nesting at the limit works end to end: rules check passes and every rule case still passes', async () => {
    // Rule 0 of registration.json wrapped in an even number of "not"s: the same rule, nested to exactly the limit.
    const dir = copyRules(RULES_DIR, tmp);
    const file = path.join(dir, 'registration.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const leaf = json.rules[0].conditions.all[0];
    let wrapped = leaf;
    const nots = MAX_JSON_DEPTH - 6; // file{ rules[ rule{ conditions{ all[ …nots… leaf{
    for (let i = 0; i < nots; i++) wrapped = { not: wrapped };
    json.rules[0].conditions.all[0] = wrapped;
    const text = JSON.stringify(json, null, 1);
    expect(depthOf(JSON.parse(text))).toBe(MAX_JSON_DEPTH);
    fs.writeFileSync(file, text);
    expect((await runCli('rules', 'check', dir)).status).toBe(0);
    const { status, stdout } = await runCli('rules', 'test', dir);
    expect(stdout).toMatch(/^\d+ passed, 0 failed\.$/m);
    expect(status).toBe(0);
    const explain = await runCli('explain', EXAMPLE, '--row', '14', '--action', 'Register', '--all', '--rules', dir, '--today', TODAY);
    expect(explain.stdout).toContain('register-needs-microsoft-invited');
  });

  test('property: the depth check agrees with the depth of the parsed value, whatever the strings hold', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), fc.boolean(), (value, limit, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const offset = offsetBeyondDepth(text, limit);
        expect(offset === undefined).toBe(depthOf(value) <= limit);
        if (offset !== undefined) {
          expect('[{').toContain(text[offset]);
          expect(parseJsonText('x.json', text).problems.filter((p) => /Nested/.test(p.message))).toEqual([]);
        }
      }),
      { numRuns: 4000 },
    );
  });
});

describe('every JSON file the product reads refuses keys that reach object prototypes', () => {
  const KEYS = ['__proto__', 'constructor', 'prototype'];

  test.each(KEYS)('the catalog with a "%s" key: check exits 2 with the key located', async (key) => {
    const text = `{"solutions": [\n  {"id": "SOL-1", "name": "a", "kind": "own", "incentiveEligible": true, "${key}": {"polluted": true}}\n]}`;
    const catalog = path.join(tmp, `catalog-${key}.json`);
    fs.writeFileSync(catalog, text);
    expect(loadCatalogFile(catalog).catalog).toBeUndefined();
    const { status, stderr } = await runCli('check', EXAMPLE, '--catalog', catalog, '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr).toContain(`catalog-${key}.json:${where(text, text.indexOf(`"${key}"`))} (/solutions/0/${key}): The key "${key}" is not allowed`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test.each(KEYS.flatMap((key) => ['registration.json', 'rule-set.json', 'registration.cases.json', 'default-row.json', 'catalog.json'].map((file) => [file, key])))(
    '%s with a top-level "%s" key is a located problem',
    async (file, key) => {
      const dir = copyRules(RULES_DIR, tmp);
      const original = fs.readFileSync(path.join(dir, file), 'utf8');
      const text = original.replace(/^\{/, `{\n  "${key}": {},`);
      fs.writeFileSync(path.join(dir, file), text);
      const expected = `${file}:${where(text, text.indexOf(`"${key}"`))} (/${key}): The key "${key}" is not allowed`;
      const problems = [...loadRuleDir(dir).problems, ...(await runRuleCaseDir(dir)).problems].map((p) => formatProblem({ ...p, file: path.basename(p.file) }));
      expect(problems).toContainEqual(expect.stringContaining(expected));
    },
  );
});
