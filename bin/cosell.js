#!/usr/bin/env node
// The `cosell` command. It runs the TypeScript sources through tsx's require hook, so it works
// straight after `npm ci` with no build step.
require('tsx/cjs/api').register();
const { main } = require('../engine/cli/main.ts');

// `cosell check deals.csv | head` closes stdout early: stop quietly, as other command-line tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(`cosell: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 3;
  },
);
