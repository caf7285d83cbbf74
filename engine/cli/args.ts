import { InputError } from '../io/input-error';
import { closest } from '../rules/did-you-mean';

/** A command that works on files. */
export type FileCommand = 'check' | 'apply' | 'explain' | 'pipeline' | 'import-files' | 'rules check' | 'rules test' | 'rules doc' | 'rules impact';

/** What the command line asks for: a command to run, or help or the version. */
export type ParsedArgs =
  | { readonly command: 'help'; /** The command whose usage to print; undefined for all. */ readonly topic?: FileCommand | 'rules' }
  | { readonly command: 'version' }
  | CommandArgs;

export interface CommandArgs {
  readonly command: FileCommand;
  /** The deal file, or for `rules check|test|doc` the rule directory. */
  readonly input?: string;
  readonly out?: string;
  readonly catalog?: string;
  readonly rules?: string;
  readonly today?: string;
  readonly sheet?: string;
  readonly expireOverdue?: boolean;
  readonly row?: string;
  readonly action?: string;
  readonly candidate?: string;
  /** The export's direction (its tab of Partner Center's co-sell page), as typed: `inbound` or `outbound`. */
  readonly direction?: string;
  /** import-files: the folder the import files go to. */
  readonly outDir?: string;
  /** import-files: the export the sheet came from (the rows changed since are written). */
  readonly original?: string;
  /** import-files: write every valid row. */
  readonly allValid?: boolean;
  /** explain: list the requirements met too, with their conditions. */
  readonly all?: boolean;
}

type ValueOption = 'out' | 'catalog' | 'rules' | 'today' | 'sheet' | 'direction' | 'row' | 'action' | 'candidate' | 'outDir' | 'original';

interface CommandSpec {
  readonly options: readonly ValueOption[];
  readonly flags: readonly ('expireOverdue' | 'allValid' | 'all')[];
  /** The positional argument: a deal file (required) or a rule directory (optional). */
  readonly positional: 'file' | 'dir';
  readonly required: readonly ValueOption[];
  /** One usage line per command (the first), and what it does. */
  readonly usage: string;
}

const SHEET_OPTIONS: readonly ValueOption[] = ['catalog', 'rules', 'today', 'sheet', 'direction'];
const SHEET_USAGE = '[--catalog FILE] [--rules DIR] [--today YYYY-MM-DD] [--sheet NAME] [--direction inbound|outbound]';

/** The commands. A Map, so no inherited name (`constructor`, `__proto__`, `toString`…) is ever one. */
const COMMANDS: ReadonlyMap<FileCommand, CommandSpec> = new Map<FileCommand, CommandSpec>([
  ['check', { options: ['out', ...SHEET_OPTIONS], flags: [], positional: 'file', required: [], usage: `cosell check <in.csv|in.xlsx> [--out FILE] ${SHEET_USAGE}\n  Checks every row; fills Errors in --out, or prints each invalid row.` }],
  [
    'apply',
    { options: ['out', ...SHEET_OPTIONS], flags: ['expireOverdue'], positional: 'file', required: ['out'], usage: `cosell apply <in.csv|in.xlsx> --out FILE ${SHEET_USAGE} [--expire-overdue]\n  Performs each row's Action (--out may be the input itself).` },
  ],
  ['pipeline', { options: [...SHEET_OPTIONS], flags: [], positional: 'file', required: [], usage: `cosell pipeline <in.csv|in.xlsx> ${SHEET_USAGE}\n  Prints the pipeline: open and won deals by stage and deal type, value and weighted value, per currency.` }],
  ['explain', { options: ['row', 'action', ...SHEET_OPTIONS], flags: ['all'], positional: 'file', required: ['row'], usage: `cosell explain <in.csv|in.xlsx> --row N [--action NAME] [--all] ${SHEET_USAGE}\n  Shows why one row is valid or not, or why an action is allowed or refused (--all: the requirements met too).` }],
  [
    'import-files',
    {
      options: ['outDir', 'original', ...SHEET_OPTIONS],
      flags: ['allValid'],
      positional: 'file',
      required: ['outDir'],
      usage: `cosell import-files <in.csv|in.xlsx> --out-dir DIR (--original export.csv | --all-valid) ${SHEET_USAGE}\n  Writes Partner Center's bulk import files (NAME-import-1.csv …, 1,000 rows each): the rows changed since the\n  original export, or every valid row; lists the rows held back and why.`,
    },
  ],
  ['rules check', { options: [], flags: [], positional: 'dir', required: [], usage: 'cosell rules check [DIR]\n  Lints a rule directory (default: the shipped rules/), reporting every problem at once.' }],
  ['rules test', { options: [], flags: [], positional: 'dir', required: [], usage: 'cosell rules test [DIR]\n  Runs its rule cases (*.cases.json).' }],
  ['rules doc', { options: ['out'], flags: [], positional: 'dir', required: [], usage: 'cosell rules doc [DIR] [--out FILE]\n  Writes the rules reference (default: docs/rules-reference.md beside a folder named rules; DIR/rules-reference.md for any other).' }],
  [
    'rules impact',
    { options: ['candidate', 'out', ...SHEET_OPTIONS], flags: [], positional: 'file', required: ['candidate'], usage: `cosell rules impact --candidate DIR <in.csv|in.xlsx> [--out report.csv|report.json] ${SHEET_USAGE}\n  Shows which deals a candidate rule set would judge differently.` },
  ],
]);

const RULES_SUBCOMMANDS = [...COMMANDS.keys()].filter((c) => c.startsWith('rules ')).map((c) => c.slice('rules '.length));
const TOP_LEVEL = ['check', 'apply', 'explain', 'pipeline', 'import-files', 'rules'];

const REQUIRED_WHY: Readonly<Partial<Record<ValueOption, string>>> = {
  out: 'the result is written there (it may be the input file itself)',
  row: 'the sheet row number of the deal to explain, as Excel shows it (the header is row 1)',
  candidate: 'the rule directory to compare with the active rules',
  outDir: 'the folder the import files are written to',
};

const HELP = new Set(['--help', '-h']);

/** `--expire-overdue` → `expireOverdue`. */
const toOption = (flag: string) => flag.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
/** `expireOverdue` → `--expire-overdue`. */
const toFlag = (option: string) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * The usage of one command, or of all of them.
 *
 * @example
 * usageOf('rules check'); // 'Usage:\n  cosell rules check [DIR]\n  Lints a rule directory …'
 */
export function usageOf(topic?: FileCommand | 'rules'): string {
  const specs = [...COMMANDS].filter(([name]) => topic === undefined || name === topic || (topic === 'rules' && name.startsWith('rules ')));
  return `Usage:\n${specs.map(([, spec]) => `  ${spec.usage.replace(/\n/g, '\n  ')}`).join('\n')}`;
}

/**
 * Parses `cosell …` arguments; anything unexpected is an `InputError` (exit 2) naming it, with the commands or
 * options there are and the nearest one. `--help`/`-h` anywhere asks for the command's usage.
 *
 * @example
 * parseArgs(['check', 'deals.csv', '--today', '2026-11-23']); // { command: 'check', input: 'deals.csv', today: '2026-11-23' }
 * parseArgs(['chek', 'deals.csv']); // throws: unknown command "chek". Did you mean "check"? The commands are …
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...afterFirst] = argv;
  if (first === undefined || first === 'help' || HELP.has(first)) return { command: 'help' };
  if (first === '--version') {
    if (afterFirst.length > 0) throw new InputError(`--version takes nothing after it; got "${afterFirst[0]}". Run "cosell --help".`);
    return { command: 'version' };
  }
  let command: FileCommand;
  let rest = afterFirst;
  if (first === 'rules') {
    const sub = afterFirst[0];
    if (sub === undefined || HELP.has(sub)) return { command: 'help', topic: 'rules' };
    const name = `rules ${sub}`;
    if (!isCommand(name)) throw new InputError(`unknown command "rules ${sub}".${suggest(sub, RULES_SUBCOMMANDS)} The rules commands are ${RULES_SUBCOMMANDS.map((s) => `rules ${s}`).join(', ')}. Run "cosell rules --help".`);
    command = name;
    rest = afterFirst.slice(1);
  } else if (isCommand(first) && !first.startsWith('rules ')) {
    command = first;
  } else {
    throw new InputError(`unknown command "${first}".${suggest(first, first.startsWith('-') ? ['--help', '--version'] : TOP_LEVEL)} The commands are ${TOP_LEVEL.join(', ')}. Run "cosell --help".`);
  }
  if (rest.some((arg) => HELP.has(arg))) return { command: 'help', topic: command };
  const spec = COMMANDS.get(command)!;

  const parsed = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const name = toOption(flag);
    if (flag.startsWith('--') && spec.options.some((o) => o === name)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') throw new InputError(`${flag} needs a value.`);
      parsed.set(name, value);
    } else if (flag.startsWith('--') && spec.flags.some((f) => f === name)) {
      if (inline !== undefined) throw new InputError(`${flag} takes no value: write ${flag} alone.`);
      parsed.set(name, true);
    } else if (flag.startsWith('-') && flag !== '-') {
      const known = [...spec.options, ...spec.flags].map(toFlag);
      const list = known.length > 0 ? ` Its options are ${known.join(', ')}.` : ' It takes no options.';
      throw new InputError(`unknown option "${flag}" for ${command}.${suggest(flag, known)}${list} Run "cosell ${command} --help".`);
    } else {
      positional.push(arg);
    }
  }
  if (spec.positional === 'file' && positional.length !== 1) throw new InputError(`${command} takes one input file (.csv or .xlsx); got ${positional.length}. Run "cosell ${command} --help".`);
  if (spec.positional === 'dir' && positional.length > 1) throw new InputError(`unexpected argument "${positional[1]}": ${command} takes one rule directory.`);
  for (const option of spec.required) {
    if (!parsed.has(option)) throw new InputError(`${command} needs ${toFlag(option)} ${option === 'candidate' || option === 'outDir' ? 'DIR' : option === 'row' ? 'N' : 'FILE'}: ${REQUIRED_WHY[option]}.`);
  }
  const text = (option: ValueOption) => {
    const value = parsed.get(option);
    return typeof value === 'string' ? value : undefined;
  };
  return {
    command,
    input: positional[0],
    out: text('out'),
    catalog: text('catalog'),
    rules: text('rules'),
    today: text('today'),
    sheet: text('sheet'),
    row: text('row'),
    action: text('action'),
    candidate: text('candidate'),
    direction: text('direction'),
    outDir: text('outDir'),
    original: text('original'),
    allValid: parsed.get('allValid') === true,
    expireOverdue: parsed.get('expireOverdue') === true,
    all: parsed.get('all') === true,
  };
}

function isCommand(name: string): name is FileCommand {
  return COMMANDS.has(name as FileCommand);
}

function suggest(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  return near === undefined ? '' : ` Did you mean "${near}"?`;
}
