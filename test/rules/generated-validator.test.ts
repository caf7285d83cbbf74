import * as fs from 'node:fs';
import { VALIDATOR_PATH, generateValidatorSource } from '../../scripts/generate-rule-file-validator';

test('the committed rule-file validator matches rules/schema/rule-file.schema.json (run npm run generate:validator)', () => {
  expect(fs.readFileSync(VALIDATOR_PATH, 'utf8')).toBe(generateValidatorSource());
});
