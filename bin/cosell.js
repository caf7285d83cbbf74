#!/usr/bin/env node
// The `cosell` command. It runs the TypeScript sources through tsx's require hook, so it works
// straight after `npm ci` with no build step.
require('tsx/cjs/api').register();
const { main } = require('../engine/cli/main.ts');
const { terminalText } = require('../engine/cli/terminal-text.ts');
const { removeTemporaryFiles } = require('../engine/io/atomic-write.ts');

// `cosell check deals.csv | head` closes stdout early: stop quietly, as other command-line tools do.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Ctrl+C or a kill: remove any temporary output file, then end with the shell's status for the signal.
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(signal, () => {
    removeTemporaryFiles();
    process.exit(128 + number);
  });
}
process.once('exit', removeTemporaryFiles);

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    process.stderr.write(terminalText(`cosell: internal error: ${error && error.stack ? error.stack : error}`) + '\n');
    process.exitCode = 3;
  },
);
