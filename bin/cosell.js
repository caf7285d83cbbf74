#!/usr/bin/env node
// The `cosell` command. `npm ci` builds it into lib/cli/cosell.cjs (scripts/build-cli.mjs, the `prepare` script),
// which starts at once; while any source it was built from has changed since (a developer's edit), or when it was
// never built (`npm ci --ignore-scripts`), the TypeScript sources run through tsx's require hook instead.
const fs = require('node:fs');
const path = require('node:path');

function prebuilt() {
  const dir = path.join(__dirname, '..', 'lib', 'cli');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'sources.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const root = path.join(__dirname, '..');
  for (const source of manifest.sources) {
    const stat = fs.statSync(path.join(root, source.file), { throwIfNoEntry: false });
    if (!stat || stat.size !== source.size || stat.mtimeMs !== source.mtimeMs) return undefined;
  }
  return require(path.join(dir, 'cosell.cjs'));
}

function fromSources() {
  require('tsx/cjs/api').register();
  return {
    main: require('../engine/cli/main.ts').main,
    terminalText: require('../engine/cli/terminal-text.ts').terminalText,
    removeTemporaryFiles: require('../engine/io/atomic-write.ts').removeTemporaryFiles,
  };
}

const built = process.env.COSELL_FROM_SOURCES ? undefined : prebuilt();
const { main, terminalText, removeTemporaryFiles } = built ?? fromSources();
// For the test that runs both: which code answered.
if (process.env.COSELL_SAY_START) process.stderr.write(built ? 'cosell: prebuilt\n' : 'cosell: sources\n');

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
    let stack = error && error.stack ? String(error.stack) : String(error);
    if (built) stack = require('./source-stack.js').sourceStack(stack, path.join(__dirname, '..', 'lib', 'cli', 'cosell.cjs'), path.join(__dirname, '..'));
    process.stderr.write(terminalText(`cosell: internal error: ${stack}`) + '\n');
    process.exitCode = 3;
  },
);
