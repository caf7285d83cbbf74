import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import Papa from 'papaparse';
import { parseArgs } from '../../engine/cli/args';
import { terminalText } from '../../engine/cli/terminal-text';
import { InputError } from '../../engine/io/input-error';
import { ROOT, TODAY } from '../helpers/deal-rows';
import { tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();
const EXAMPLE = path.join(ROOT, 'examples', 'deals.csv');
const BIN = path.join(ROOT, 'bin', 'cosell.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const COMMANDS = ['check', 'apply', 'explain', 'pipeline', 'rules check', 'rules test', 'rules doc', 'rules impact'];
/** Every name an object inherits: a command table reached with `in` or `[]` would find these. */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);

/** Runs the real `cosell` executable and returns its raw output. */
function cosell(args: string[], options: { cwd?: string; uid?: number } = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? tmp, encoding: 'buffer', ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid, env: { ...process.env, HOME: tmp } }) });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, text: `${run.stdout.toString('utf8')}${run.stderr.toString('utf8')}` };
}

/** Does parsing `argv` end in an input error (exit 2)? Anything else thrown fails the test. */
function inputError(argv: string[]): boolean {
  try {
    parseArgs(argv);
    return false;
  } catch (error) {
    if (error instanceof InputError) return true;
    throw error;
  }
}

/** What a folder holds, to prove that nothing was written. */
const listing = (dir: string) => fs.readdirSync(dir).sort();

describe('unknown commands and options exit 2, whatever their name', () => {
  test.each([...INHERITED, 'chek', 'rule', 'impact'])('the command "%s" exits 2 with the list of commands', async (name) => {
    const { status, stdout, stderr } = await runCli(name, EXAMPLE);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`unknown command "${name}".`);
    expect(stderr).toContain('The commands are check, apply, explain, pipeline, import-files, rules.');
  });

  test('a near miss gets a did-you-mean', async () => {
    expect((await runCli('chek', EXAMPLE)).stderr).toContain('Did you mean "check"?');
    expect((await runCli('rules', 'chek')).stderr).toContain('Did you mean "check"?');
    expect((await runCli('check', EXAMPLE, '--otu', 'x.csv')).stderr).toContain('Did you mean "--out"?');
  });

  test.each(INHERITED)('the rules subcommand "%s" exits 2 with the rules commands', async (name) => {
    const { status, stderr } = await runCli('rules', name);
    expect(status).toBe(2);
    expect(stderr).toContain('The rules commands are rules check, rules test, rules doc, rules impact.');
  });

  test.each(['--constructor', '--__proto__', '--has-own-property', '--value-of', '--to-string', '--is-prototype-of', '-x'])('the option %s exits 2 with the command\'s options', async (flag) => {
    const { status, stderr } = await runCli('check', EXAMPLE, flag, '1');
    expect(status).toBe(2);
    expect(stderr).toContain(`unknown option "${flag}" for check.`);
    expect(stderr).toContain('Its options are --out, --catalog, --rules, --today, --sheet, --direction.');
  });

  test('property: any first word that is not a command, and any option a command lacks, is an input error (exit 2)', () => {
    const word = fc.oneof(fc.constantFrom(...INHERITED, 'rules'), fc.string({ unit: 'binary', maxLength: 20 }));
    fc.assert(
      fc.property(word, word, (first, second) => {
        const known = ['check', 'apply', 'explain', 'help', 'rules', '--help', '-h', '--version', ''];
        if (!known.includes(first)) expect(inputError([first, 'x.csv'])).toBe(true);
        if (!['check', 'test', 'doc', 'impact', '--help', '-h'].includes(second)) expect(inputError(['rules', second])).toBe(true);
        const flag = `--${second}`;
        if (!['--out', '--catalog', '--rules', '--today', '--sheet', '--help'].includes(flag.split('=')[0])) expect(inputError(['check', 'x.csv', flag, 'v'])).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('--help and --version', () => {
  test.each(COMMANDS.flatMap((c) => [[c, '--help'], [c, '-h']]))('"cosell %s %s" prints that command\'s usage and exits 0', async (command, flag) => {
    const { status, stdout, stderr } = await runCli(...command.split(' '), flag);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^Usage:\n/);
    expect(stdout).toContain(`  cosell ${command} `);
    // Only that command: no other command's line.
    for (const other of COMMANDS.filter((c) => c !== command)) expect(stdout).not.toContain(`cosell ${other} `);
  });

  test('--help after other arguments still prints the usage, and "cosell rules --help" lists the rules commands', async () => {
    expect((await runCli('apply', EXAMPLE, '--help')).status).toBe(0);
    const { status, stdout } = await runCli('rules', '--help');
    expect(status).toBe(0);
    for (const command of COMMANDS.filter((c) => c.startsWith('rules '))) expect(stdout).toContain(`cosell ${command} `);
  });

  test('"cosell --help" lists every command', async () => {
    const { status, stdout } = await runCli('--help');
    expect(status).toBe(0);
    for (const command of COMMANDS) expect(stdout).toContain(`cosell ${command} `);
  });

  test('--version prints the version in package.json and exits 0, in-process and from the executable', async () => {
    expect(await runCli('--version')).toEqual({ status: 0, stdout: `cosell ${VERSION}`, stderr: '' });
    const run = cosell(['--version']);
    expect([run.status, run.stdout.toString('utf8')]).toEqual([0, `cosell ${VERSION}\n`]);
  });
});

describe('every output-path problem exits 2 naming the path, and nothing is written', () => {
  const place = (name: string) => {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(EXAMPLE, path.join(dir, 'deals.csv'));
    return dir;
  };

  test.each([
    ['under a regular file', 'deals.csv/x.csv', (dir: string) => `cannot write the output: ${dir}/deals.csv is a file, not a folder.`],
    ['deeper under a regular file', 'deals.csv/a/b/x.csv', (dir: string) => `cannot write the output: ${dir}/deals.csv is a file, not a folder.`],
    ['in a missing folder', 'missing/x.csv', () => 'cannot write the output: its folder does not exist.'],
    ['a folder', 'folder.csv', () => 'cannot write the output: it is a folder.'],
  ])('--out %s (check and apply)', async (name, out, message) => {
    const dir = place(`paths-${name.replace(/\W/g, '-')}`);
    fs.mkdirSync(path.join(dir, 'folder.csv'));
    const before = listing(dir);
    for (const command of ['check', 'apply']) {
      const { status, stderr } = await runCli(command, path.join(dir, 'deals.csv'), '--out', path.join(dir, out), '--today', TODAY);
      expect([command, status]).toEqual([command, 2]);
      expect(stderr).toBe(`cosell: ${path.join(dir, out)}: ${message(dir)}`);
      expect(listing(dir)).toEqual(before);
      expect(fs.readFileSync(path.join(dir, 'deals.csv'))).toEqual(fs.readFileSync(EXAMPLE));
    }
  });

  test('a read-only output file is refused and kept as it was', async () => {
    const dir = place('read-only');
    const out = path.join(dir, 'out.csv');
    fs.writeFileSync(out, 'keep me\n');
    fs.chmodSync(out, 0o444);
    const { status, stderr } = await runCli('check', path.join(dir, 'deals.csv'), '--out', out, '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr).toBe(`cosell: ${out}: cannot write the output: the file is read-only.`);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(listing(dir)).toEqual(['deals.csv', 'out.csv']);
  });

  test('a folder the user may not write to is refused (permission denied), from the executable', () => {
    const dir = place('locked');
    fs.chmodSync(tmp, 0o755);
    fs.chmodSync(dir, 0o555);
    // root may write anywhere: run as "nobody" when the suite runs as root.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    const run = cosell(['check', path.join(dir, 'deals.csv'), '--out', path.join(dir, 'out.csv'), '--today', TODAY], { uid });
    fs.chmodSync(dir, 0o755);
    expect(run.status).toBe(2);
    expect(run.stderr.toString('utf8')).toMatch(new RegExp(`^cosell: ${dir}/out\\.csv: cannot write the output: cannot create files in the folder \\S*locked: permission denied\\.\\n$`));
    expect(listing(dir)).toEqual(['deals.csv']);
  });

  test('rules impact refuses --out naming the deal file, also through a symbolic link', async () => {
    const dir = place('impact-link');
    fs.symlinkSync('deals.csv', path.join(dir, 'report.csv'));
    const { status, stderr } = await runCli('rules', 'impact', '--candidate', path.join(ROOT, 'rules'), path.join(dir, 'deals.csv'), '--out', path.join(dir, 'report.csv'), '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr).toContain('is the deal file itself');
    expect(fs.readFileSync(path.join(dir, 'deals.csv'))).toEqual(fs.readFileSync(EXAMPLE));
  });

  test('rules doc --out in a missing folder exits 2 and creates nothing', async () => {
    const out = path.join(tmp, 'no-docs', 'ref.md');
    const { status, stderr } = await runCli('rules', 'doc', path.join(ROOT, 'rules'), '--out', out);
    expect(status).toBe(2);
    expect(stderr).toBe(`cosell: ${out}: cannot write the output: its folder does not exist.`);
    expect(fs.existsSync(path.dirname(out))).toBe(false);
  });
});

describe('text echoed to a terminal has no control characters', () => {
  const ESC = '\u001b';
  const hostile = `${ESC}[2J${ESC}[H${ESC}]0;owned\u0007\u009b31m\u202Eevil\r`;

  /** A copy of the example whose row 2 holds `text` in Deal Name and Customer Country (so it is quoted in an error). */
  function hostileSheet(name: string): string {
    const [headers, cells] = Papa.parse<string[]>(fs.readFileSync(EXAMPLE, 'utf8'), { header: false }).data;
    const row = [...cells];
    row[headers.indexOf('Deal Name')] = `Deal ${hostile}`;
    row[headers.indexOf('Customer Country')] = `U${hostile}S`;
    const quoted = (fields: string[]) => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `${quoted(headers)}\r\n${quoted(row)}\r\n`);
    return file;
  }

  /** No C0 control but TAB and LF, no DEL, no C1 control, no bidi control. Judged per code point, not by the product's pattern. */
  function unsafeCodePoints(text: string): number[] {
    return [...text].map((c) => c.codePointAt(0)!).filter((code) => (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].includes(code));
  }

  test('check, explain and error messages show cell text with visible escapes (in-process)', async () => {
    const sheet = hostileSheet('hostile.csv');
    const check = await runCli('check', sheet, '--today', TODAY);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('not "U\\x1B[2J\\x1B[H\\x1B]0;owned\\x07\\x9B31m\\u202Eevil\\x0DS"');
    const explain = await runCli('explain', sheet, '--row', '2', '--today', TODAY);
    expect(explain.stdout).toContain('Deal \\x1B[2J');
    const missing = await runCli('check', path.join(tmp, `${ESC}[2Jgone.csv`));
    expect(missing.stderr).toContain('\\x1B[2Jgone.csv: no such file.');
    for (const run of [check, explain, missing]) expect(unsafeCodePoints(run.stdout + run.stderr)).toEqual([]);
  });

  test('the executable never writes an escape byte to stdout or stderr', () => {
    const sheet = hostileSheet('hostile-bin.csv');
    // Cell text on stdout, and an argument quoted on stderr (explain and file names are covered in-process above).
    const runs = [cosell(['check', sheet, '--today', TODAY]), cosell([`${ESC}]0;title\u0007`])];
    expect(runs.map((r) => r.status)).toEqual([1, 2]);
    for (const run of runs) {
      const bytes = Buffer.concat([run.stdout, run.stderr]);
      expect(bytes.includes(0x1b)).toBe(false);
      expect(unsafeCodePoints(bytes.toString('utf8'))).toEqual([]);
    }
    expect(runs[0].stdout.toString('utf8')).toContain('\\x1B[2J');
  });

  test('property: terminalText leaves no control character, keeps tabs and line breaks, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const shown = terminalText(text);
        expect(unsafeCodePoints(shown)).toEqual([]);
        expect(shown.split('\n').length).toBe(text.split('\n').length);
        expect(shown.split('\t').length).toBe(text.split('\t').length);
        if (unsafeCodePoints(text).length === 0) expect(shown).toBe(text);
        // Every character that is kept stays in order: removing the escapes gives back the safe characters.
        const safe = [...text].filter((c) => unsafeCodePoints(c).length === 0).join('');
        expect(shown.replace(/\\x[0-9A-F]{2}|\\u(?:061C|200[EF]|202[A-E]|206[6-9])/g, '')).toBe(safe.replace(/\\x[0-9A-F]{2}|\\u(?:061C|200[EF]|202[A-E]|206[6-9])/g, ''));
      }),
      { numRuns: 3000 },
    );
  });
});

test('--version with anything after it is an input error, not a silent exit 0', async () => {
  const run = await runCli('--version', 'extra');
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/--version takes nothing after it; got "extra"/);
});

describe('an input that cannot be read', () => {
  test.each(['check', 'apply'])('%s on a folder named like a CSV says it cannot read it (exit 2), as explain and pipeline do', async (command) => {
    const folder = path.join(tmp, `${command}-folder.csv`);
    fs.mkdirSync(folder, { recursive: true });
    const { status, stderr } = await runCli(command, folder, '--out', path.join(tmp, `${command}-out.csv`), '--today', TODAY);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe(`cosell: ${folder}: cannot read the file (EISDIR).`);
    expect(fs.existsSync(path.join(tmp, `${command}-out.csv`))).toBe(false);
  });
});

describe('a temporary folder that cannot be made', () => {
  /**
   * The command from its sources in a process of its own, TMPDIR set once tsx is loaded (tsx makes its cache folder
   * there, and Jest's process.env does not reach os.tmpdir()).
   */
  function run(...args: string[]) {
    const script = `require('tsx/cjs/api').register(); process.env.TMPDIR = ${JSON.stringify(path.join(tmp, 'no-such-folder'))}; require('./engine/cli/main.ts').main(${JSON.stringify(args)}).then((s) => (process.exitCode = s));`;
    return spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  }

  test('is said plainly (exit 2) when the run needs one; a check written in one pass needs none', () => {
    const printed = run('check', EXAMPLE, '--today', TODAY);
    expect(printed.status).toBe(2);
    expect(printed.stderr.trim()).toBe(`cosell: cannot create a temporary folder in ${path.join(tmp, 'no-such-folder')} (ENOENT): set TMPDIR to a folder you can write to.`);
    const out = path.join(tmp, 'one-pass.csv');
    const written = run('check', EXAMPLE, '--out', out, '--today', TODAY);
    expect(written.status).toBe(1); // six invalid rows
    expect(fs.existsSync(out)).toBe(true);
  });
});
