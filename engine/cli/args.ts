import { InputError } from '../io/input-error';

export type Command = 'check' | 'apply' | 'explain' | 'rules check' | 'rules test' | 'rules doc' | 'rules impact' | 'help';

export interface ParsedArgs {
  readonly command: Command;
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
}

type ValueOption = 'out' | 'catalog' | 'rules' | 'today' | 'sheet' | 'row' | 'action' | 'candidate';

interface CommandSpec {
  readonly options: readonly ValueOption[];
  readonly flags?: readonly 'expireOverdue'[];
  /** The positional argument: a deal file (required) or a rule directory (optional). */
  readonly positional: 'file' | 'dir';
  readonly required?: readonly ValueOption[];
}

const SHEET_OPTIONS: readonly ValueOption[] = ['catalog', 'rules', 'today', 'sheet'];

const COMMANDS: Readonly<Record<Exclude<Command, 'help'>, CommandSpec>> = {
  check: { options: ['out', ...SHEET_OPTIONS], positional: 'file' },
  apply: { options: ['out', ...SHEET_OPTIONS], flags: ['expireOverdue'], positional: 'file', required: ['out'] },
  explain: { options: ['row', 'action', ...SHEET_OPTIONS], positional: 'file', required: ['row'] },
  'rules check': { options: [], positional: 'dir' },
  'rules test': { options: [], positional: 'dir' },
  'rules doc': { options: ['out'], positional: 'dir' },
  'rules impact': { options: ['candidate', 'out', ...SHEET_OPTIONS], positional: 'file', required: ['candidate'] },
};

const REQUIRED_WHY: Partial<Record<ValueOption, string>> = {
  out: 'the result is written there (it may be the input file itself)',
  row: 'the sheet row number of the deal to explain, as Excel shows it (the header is row 1)',
  candidate: 'the rule directory to compare with the active rules',
};

const toOption = (flag: string) => flag.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** Parses `cosell …` arguments; anything unexpected is an `InputError` (exit 2) naming it. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...afterFirst] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') return { command: 'help' };
  let command: Exclude<Command, 'help'>;
  let rest = afterFirst;
  if (first === 'rules') {
    const sub = afterFirst[0];
    if (!(`rules ${sub}` in COMMANDS)) throw new InputError(`unknown command "rules ${sub ?? ''}": use rules check, rules test, rules doc or rules impact. Run "cosell --help".`);
    command = `rules ${sub}` as Exclude<Command, 'help'>;
    rest = afterFirst.slice(1);
  } else if (first in COMMANDS && !first.startsWith('rules')) {
    command = first as Exclude<Command, 'help'>;
  } else {
    throw new InputError(`unknown command "${first}". Run "cosell --help".`);
  }
  const spec = COMMANDS[command];

  const parsed: Record<string, string | boolean | undefined> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const name = toOption(flag);
    if (flag.startsWith('--') && spec.options.includes(name as ValueOption)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') throw new InputError(`${flag} needs a value.`);
      parsed[name] = value;
    } else if (flag.startsWith('--') && spec.flags?.includes(name as 'expireOverdue')) {
      parsed[name] = true;
    } else if (flag.startsWith('-')) {
      throw new InputError(`unknown option "${flag}" for ${command}. Run "cosell --help".`);
    } else {
      positional.push(arg);
    }
  }
  if (spec.positional === 'file' && positional.length !== 1) throw new InputError(`${command} takes one input file (.csv or .xlsx); got ${positional.length}.`);
  if (spec.positional === 'dir' && positional.length > 1) throw new InputError(`unexpected argument "${positional[1]}": ${command} takes one rule directory.`);
  for (const option of spec.required ?? []) {
    const flag = `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (parsed[option] === undefined) throw new InputError(`${command} needs ${flag} ${option === 'candidate' ? 'DIR' : option === 'row' ? 'N' : 'FILE'}: ${REQUIRED_WHY[option]}.`);
  }
  return { command, input: positional[0], ...(parsed as Omit<ParsedArgs, 'command' | 'input'>) };
}
