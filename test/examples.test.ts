import * as path from 'node:path';
import { checkExample } from '../examples/api/01-check-a-sheet';
import { applyExample } from '../examples/api/02-apply-actions';
import { judgeExample } from '../examples/api/03-judge-one-deal';
import { ROOT } from './helpers/deal-rows';
import { tempDir } from './helpers/temp-dir';

const tmp = tempDir();

describe('the numbered API examples run as the README shows', () => {
  const cwd = process.cwd();
  beforeAll(() => process.chdir(ROOT));
  afterAll(() => process.chdir(cwd));

  test('01 check a sheet', async () => {
    const lines = await checkExample();
    expect(lines.at(-1)).toBe('30 valid, 6 invalid');
    expect(lines[0]).toMatch(/^row 25: Customer Country must be a two-letter ISO 3166 code/);
  });

  test('02 apply actions', async () => {
    expect(await applyExample(path.join(tmp, 'applied.csv'))).toMatch(/^17 applied, 9 refused: \{"Stage":\{"applied":4,"refused":1\}/);
  });

  test('03 judge one deal', async () => {
    expect(await judgeExample('Customer wants a backup refresh')).toBe('Accept applied: New/Received → Active/Accepted');
    expect(await judgeExample('')).toBe('Accept refused: Accept needs Notes: after contacting the customer, write what they are looking for.');
  });
});
