import { InputError } from '../io/input-error';

export interface ParsedArgs {
  readonly command: 'check' | 'apply' | 'rules check' | 'help';
  readonly input?: string;
  readonly out?: string;
  readonly catalog?: string;
  readonly rules?: string;
  readonly today?: string;
  readonly sheet?: string;
  readonly expireOverdue?: boolean;
}

const VALUE_OPTIONS = { '--out': 'out', '--catalog': 'catalog', '--rules': 'rules', '--today': 'today', '--sheet': 'sheet' } as const;

/** Parses `cosell …` arguments; anything unexpected is an `InputError` (exit 2) naming it. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'rules') {
    const [sub, dir, ...extra] = rest;
    if (sub !== 'check') throw new InputError(`unknown command "rules ${sub ?? ''}": use "cosell rules check [DIR]".`);
    if (extra.length > 0) throw new InputError(`unexpected argument "${extra[0]}".`);
    return { command: 'rules check', input: dir };
  }
  if (command !== 'check' && command !== 'apply') throw new InputError(`unknown command "${command}". Run "cosell --help".`);

  const parsed: Record<string, string | boolean | undefined> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag in VALUE_OPTIONS) {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') throw new InputError(`${flag} needs a value.`);
      parsed[VALUE_OPTIONS[flag as keyof typeof VALUE_OPTIONS]] = value;
    } else if (flag === '--expire-overdue' && command === 'apply') {
      parsed.expireOverdue = true;
    } else if (flag.startsWith('-')) {
      throw new InputError(`unknown option "${flag}" for ${command}. Run "cosell --help".`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new InputError(`${command} takes one input file (.csv or .xlsx); got ${positional.length}.`);
  return { command, input: positional[0], ...(parsed as Omit<ParsedArgs, 'command' | 'input'>) };
}
