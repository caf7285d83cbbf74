import * as fs from 'node:fs';
import * as path from 'node:path';

const README = path.join(__dirname, '..', 'README.md');

test('the README gives the two set-up commands that .ci/run runs', () => {
  const readme = fs.readFileSync(README, 'utf8');
  const ci = fs.readFileSync(`${__dirname}/../.ci/run`, 'utf8');
  expect(readme).toMatch(/```sh\nnpm ci\nnpm test\n```/);
  expect(ci).toMatch(/^npm ci$/m);
  expect(ci).toMatch(/^npm test$/m);
});
