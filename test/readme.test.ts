import * as fs from 'node:fs';
import { README, withFactsTable } from '../scripts/update-readme-facts';

test('the README facts table lists every fact of the catalog (run npx tsx scripts/update-readme-facts.ts)', () => {
  const readme = fs.readFileSync(README, 'utf8');
  expect(readme).toBe(withFactsTable(readme));
});

test('the README gives the two set-up commands that .ci/run runs', () => {
  const readme = fs.readFileSync(README, 'utf8');
  const ci = fs.readFileSync(`${__dirname}/../.ci/run`, 'utf8');
  expect(readme).toMatch(/```sh\nnpm ci\nnpm test\n```/);
  expect(ci).toMatch(/^npm ci$/m);
  expect(ci).toMatch(/^npm test$/m);
});
