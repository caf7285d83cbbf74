import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_FILE_SCHEMA_PATH, RULE_SET_SCHEMA_PATH, VALIDATORS_PATH, ruleFileSchemaText, ruleSetSchemaText, validatorsSource } from '../../scripts/generate-rule-schemas';
import { FACTS, GATES, OPERATORS, ruleFilesIn } from '../../engine/node';
import { referenceOperators } from '../../engine/rules/reference-engine';
import { RULES_DIR } from '../helpers/deal-rows';

describe('the rule schemas (run npm run generate:schemas when these fail)', () => {
  test('rule-file.schema.json lists the engine\'s facts, operators and gates', () => {
    expect(fs.readFileSync(RULE_FILE_SCHEMA_PATH, 'utf8')).toBe(ruleFileSchemaText());
    const schema = JSON.parse(ruleFileSchemaText());
    expect(schema.definitions.factName.enum).toEqual(FACTS.map((f) => f.name));
    expect(schema.definitions.factCondition.properties.fact).toEqual({ $ref: '#/definitions/factName' });
    expect(schema.definitions.event.properties.params.required).toEqual(['message', 'columns']);
  });

  test('rule-set.schema.json lets openGates name every action gate, and only those', () => {
    expect(fs.readFileSync(RULE_SET_SCHEMA_PATH, 'utf8')).toBe(ruleSetSchemaText());
    expect(JSON.parse(ruleSetSchemaText()).definitions.actionGate.enum).toEqual(GATES.filter((g) => g !== 'validation'));
  });

  test('the committed validators are compiled from the schemas', () => {
    expect(fs.readFileSync(VALIDATORS_PATH, 'utf8')).toBe(validatorsSource());
  });

  test('every operator the schema offers exists in json-rules-engine or the co-sell operators', () => {
    // json-rules-engine's own operators, as its Engine registers them.
    const defaults: { name: string }[] = require('json-rules-engine/dist/engine-default-operators').default;
    const known = [...defaults, ...referenceOperators()].map((o) => o.name);
    expect(OPERATORS.map((o) => o.name).sort()).toEqual(known.sort());
  });

  test('every shipped rule file and rule-set.json names its schema, for editors', () => {
    for (const file of ruleFilesIn(RULES_DIR)) expect([path.basename(file), JSON.parse(fs.readFileSync(file, 'utf8')).$schema]).toEqual([path.basename(file), './schema/rule-file.schema.json']);
    expect(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'rule-set.json'), 'utf8')).$schema).toBe('./schema/rule-set.schema.json');
    expect(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'default-row.json'), 'utf8')).$schema).toBe('./schema/default-row.schema.json');
  });
});
