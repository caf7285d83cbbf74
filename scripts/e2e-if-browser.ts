/**
 * The last step of `npm test`: runs the browser suite (`npm run test:e2e`) when a Chromium is present, and says
 * plainly that it skipped it when none is. `.ci/run` installs Chromium first, so CI always runs it.
 */
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.log('');
  console.log(`SKIPPED the browser suite: no Chromium at ${chromium}.`);
  console.log('Install it (apt-get install -y chromium) or set CHROMIUM_PATH, then run `npm run test:e2e`.');
} else {
  const result = spawnSync('npm', ['run', 'test:e2e'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exitCode = result.status ?? 1;
}
