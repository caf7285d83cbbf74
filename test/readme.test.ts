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

test('every test the README names as holding a promise exists under that name', () => {
  const readme = fs.readFileSync(README, 'utf8');
  const section = readme.slice(readme.indexOf('## Your data is safe'), readme.indexOf('## Library API'));
  const cited: [string, string][] = [];
  for (const line of section.split('\n').filter((l) => l.startsWith('| ') && l.includes('›'))) {
    let file = '';
    for (const match of line.matchAll(/`(test\/[^`]+\.test\.tsx?)`|«([^»]+)»/g)) {
      if (match[1]) file = match[1];
      else cited.push([file, match[2]]);
    }
  }
  expect(cited.length).toBeGreaterThanOrEqual(20);
  for (const [file, name] of cited) {
    const source = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
    expect([file, name, [`'${name}'`, `"${name}"`, `\`${name}\``].some((quoted) => source.includes(quoted))]).toEqual([file, name, true]);
  }
});
