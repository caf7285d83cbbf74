import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from './input-error';

/** Writes through a temporary file and a rename, so a failed write never leaves a half-written file. */
export function writeAtomically(file: string, content: string | Buffer): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new InputError(`${file}: cannot write the output: ${describeWriteError(error as NodeJS.ErrnoException)}.`);
  }
}

function describeWriteError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (is the file open in Excel?)';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return error.code ?? error.message;
  }
}
