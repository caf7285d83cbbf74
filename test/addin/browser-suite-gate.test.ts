import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

test('npm test says plainly that it skipped the browser suite when there is no Chromium', () => {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/e2e-if-browser.ts'], {
    cwd: ROOT,
    env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('SKIPPED the browser suite: no Chromium at /nonexistent/chromium.');
});
