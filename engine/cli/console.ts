import { terminalText } from './terminal-text';

/** Where the CLI writes: injectable so tests run it in-process. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
}

/** The process's stdout and stderr, a line at a time. */
export const processConsole: Console = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/**
 * The console every command writes through: each line is made safe for a terminal first (cell text, headers
 * and file names can hold escape sequences), so no command can print one.
 *
 * @example
 * terminalConsole(processConsole).out('row 2: \u001b[2J'); // prints 'row 2: \x1B[2J'
 */
export function terminalConsole(target: Console): Console {
  return { out: (line) => target.out(terminalText(line)), err: (line) => target.err(terminalText(line)) };
}
