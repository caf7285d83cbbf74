import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Papa from 'papaparse';
import { removeStaleTemporaryFiles, writeAtomically } from '../../engine/io/atomic-write';
import { ROOT, TODAY } from '../helpers/deal-rows';
import { tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();
const EXAMPLE = path.join(ROOT, 'examples', 'deals.csv');
const BIN = path.join(ROOT, 'bin', 'cosell.js');

/** A fresh folder holding a copy of the example deals. */
function folder(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(EXAMPLE, path.join(dir, 'deals.csv'));
  return dir;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', '']);
  return run.pid!;
}

/** The Errors column as an independent CSV reader sees it. */
const errorsColumn = (file: string) => Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: true }).data.slice(1).map((r) => r[0]);

/**
 * A preload for the real executable: after the temporary output file is written (before the rename), do
 * `then` ('block' to wait forever, to be SIGKILLed; a signal name to send it to itself). Works on any
 * writeFileSync of a `.tmp` file, by path or by descriptor.
 */
function preload(then: 'block' | 'SIGTERM' | 'SIGINT'): string {
  const file = path.join(tmp, `preload-${then}.js`);
  fs.writeFileSync(
    file,
    `const fs = require('node:fs');
const write = fs.writeFileSync;
fs.writeFileSync = function (target, ...rest) {
  const result = write.call(this, target, ...rest);
  const name = typeof target === 'number' ? fs.readlinkSync('/proc/self/fd/' + target) : String(target);
  if (/\\.tmp$/.test(name)) {
    process.stdout.write('written ' + name + '\\n');
    ${then === 'block' ? "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);" : `process.kill(process.pid, '${then}');`}
  }
  return result;
};
`,
  );
  return file;
}

describe('in-place writes keep the file as the user set it up', () => {
  test('--out equal to the input keeps a 0600 file 0600', async () => {
    const dir = folder('mode');
    const file = path.join(dir, 'deals.csv');
    fs.chmodSync(file, 0o600);
    const { status } = await runCli('check', file, '--out', file, '--today', TODAY);
    expect(status).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(errorsColumn(file).filter(Boolean)).toHaveLength(6);
  });

  test.each([0o640, 0o604, 0o755])('writeAtomically keeps mode %o of an existing file', (mode) => {
    const file = path.join(tmp, `mode-${mode.toString(8)}.txt`);
    fs.writeFileSync(file, 'before');
    fs.chmodSync(file, mode);
    writeAtomically(file, 'after');
    expect([fs.statSync(file).mode & 0o777, fs.readFileSync(file, 'utf8')]).toEqual([mode, 'after']);
  });

  test('writing through a symbolic link writes its target, and the link stays a link to it', async () => {
    const dir = folder('link');
    fs.mkdirSync(path.join(dir, 'real'));
    fs.renameSync(path.join(dir, 'deals.csv'), path.join(dir, 'real', 'deals.csv'));
    fs.chmodSync(path.join(dir, 'real', 'deals.csv'), 0o600);
    fs.symlinkSync(path.join('real', 'deals.csv'), path.join(dir, 'deals.csv'));
    const link = path.join(dir, 'deals.csv');
    const { status } = await runCli('apply', link, '--out', link, '--today', TODAY);
    expect(status).toBe(1);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(path.join('real', 'deals.csv'));
    const target = path.join(dir, 'real', 'deals.csv');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(errorsColumn(target).filter(Boolean).length).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['deals.csv', 'real']);
    expect(fs.readdirSync(path.join(dir, 'real'))).toEqual(['deals.csv']);
  });

  test('a chain of links is followed to the file; a dangling link creates its target', () => {
    const dir = path.join(tmp, 'chain');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'file.txt'), 'old');
    fs.symlinkSync('file.txt', path.join(dir, 'one'));
    fs.symlinkSync('one', path.join(dir, 'two'));
    writeAtomically(path.join(dir, 'two'), 'new');
    expect([fs.lstatSync(path.join(dir, 'two')).isSymbolicLink(), fs.lstatSync(path.join(dir, 'one')).isSymbolicLink(), fs.readFileSync(path.join(dir, 'file.txt'), 'utf8')]).toEqual([true, true, 'new']);
    fs.symlinkSync('later.txt', path.join(dir, 'dangling'));
    writeAtomically(path.join(dir, 'dangling'), 'made');
    expect([fs.lstatSync(path.join(dir, 'dangling')).isSymbolicLink(), fs.readFileSync(path.join(dir, 'later.txt'), 'utf8')]).toEqual([true, 'made']);
  });
});

test('a link reached through a linked folder is followed as the system follows it: ".." is taken from the real folder', async () => {
  // work/out -> ../real/deep, and deep/link.csv -> ../x.csv: the system writes real/x.csv, never work/x.csv.
  const root = path.join(tmp, 'linked-folders');
  for (const dir of ['real/deep', 'work']) fs.mkdirSync(path.join(root, dir), { recursive: true });
  fs.writeFileSync(path.join(root, 'work', 'x.csv'), 'UNRELATED\n');
  fs.writeFileSync(path.join(root, 'real', 'x.csv'), 'orig\n');
  fs.symlinkSync('../real/deep', path.join(root, 'work', 'out'));
  fs.symlinkSync('../x.csv', path.join(root, 'real', 'deep', 'link.csv'));
  const run = await runCli('check', EXAMPLE, '--today', TODAY, '--out', path.join(root, 'work', 'out', 'link.csv'));
  expect(run.status).toBe(1);
  expect(fs.readFileSync(path.join(root, 'work', 'x.csv'), 'utf8')).toBe('UNRELATED\n');
  expect(fs.readFileSync(path.join(root, 'real', 'x.csv'), 'utf8')).toMatch(/^Errors,/);
  expect(fs.lstatSync(path.join(root, 'real', 'deep', 'link.csv')).isSymbolicLink()).toBe(true);
});

test('an output name as long as the file system allows is written (its temporary name is shortened)', () => {
  const dir = folder('long-name');
  const name = `${'d'.repeat(251)}.csv`; // 255 characters, the usual limit
  writeAtomically(path.join(dir, name), 'x\n');
  expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe('x\n');
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

describe('temporary files', () => {
  test('stale temporary files of dead processes are removed at the next write; those of running processes are kept', async () => {
    const dir = folder('stale');
    const dead = deadPid();
    const stale = [`.out.csv.${dead}.tmp`, `.out.csv.cosell-${dead}-0a1b2c3d.tmp`];
    const live = `.out.csv.cosell-${process.ppid}-99.tmp`;
    const unrelated = [`.other.csv.${dead}.tmp`, `out.csv.${dead}.tmp`, `.out.csv.${dead}.tmp.bak`];
    for (const name of [...stale, live, ...unrelated]) fs.writeFileSync(path.join(dir, name), 'half a file');
    const { status } = await runCli('check', path.join(dir, 'deals.csv'), '--out', path.join(dir, 'out.csv'), '--today', TODAY);
    expect(status).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['deals.csv', 'out.csv', live, ...unrelated].sort());
  });

  test('removeStaleTemporaryFiles names what it removed', () => {
    const dir = path.join(tmp, 'stale-names');
    fs.mkdirSync(dir);
    const dead = deadPid();
    fs.writeFileSync(path.join(dir, `.a.csv.${dead}.tmp`), '');
    expect(removeStaleTemporaryFiles(path.join(dir, 'a.csv'))).toEqual([`.a.csv.${dead}.tmp`]);
  });

  test('a write killed (SIGKILL) after its temporary file leaves the output untouched, a hidden .tmp that no *.csv matches, and the next run removes it', async () => {
    const dir = folder('killed');
    const out = path.join(dir, 'deals.csv');
    const child = spawn(process.execPath, ['-r', preload('block'), BIN, 'check', out, '--out', out, '--today', TODAY], { cwd: dir });
    const written = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const match = /written (.*)\n/.exec(text);
        if (match) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before writing: ${text}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));

    // The output is the input as it was; the half-done write is only the temporary file.
    expect(fs.readFileSync(out)).toEqual(fs.readFileSync(EXAMPLE));
    const leftover = path.basename(written);
    expect(leftover).toMatch(/^\.deals\.csv\.cosell-\d+-[0-9a-f]+\.tmp$/);
    expect(fs.readdirSync(dir).sort()).toEqual([leftover, 'deals.csv']);

    const { status } = await runCli('check', out, '--out', out, '--today', TODAY);
    expect(status).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['deals.csv']);
    expect(errorsColumn(out).filter(Boolean)).toHaveLength(6);
  });

  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('a %s during the write ends the run with status %d and leaves no temporary file', (signal, status) => {
    const dir = folder(`signal-${signal}`);
    const out = path.join(dir, 'out.csv');
    const run = spawnSync(process.execPath, ['-r', preload(signal), BIN, 'check', path.join(dir, 'deals.csv'), '--out', out, '--today', TODAY], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout).toMatch(/^written .*\.tmp$/m);
    expect(run.status).toBe(status);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('writeAtomically leaves nothing behind when the write fails', () => {
    const dir = path.join(tmp, 'fails');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(() => writeAtomically(path.join(dir, 'file', 'x.csv'), 'x')).toThrow(/file\/x\.csv: cannot write the output: \S+\/file is a file, not a folder\./);
    expect(() => writeAtomically(dir, 'x')).toThrow(/cannot write the output: it is a folder\./);
    expect(fs.readdirSync(dir)).toEqual(['file']);
  });
});
