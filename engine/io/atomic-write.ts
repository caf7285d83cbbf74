import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from './input-error';

/** Temporary files this process is writing now: removed if it is interrupted (see `removeTemporaryFiles`). */
const inFlight = new Set<string>();

/** How many symbolic links are followed before giving up (as the system's own ELOOP limit). */
const MAX_LINKS = 40;

/**
 * Writes a file through a temporary file beside it and a rename, so a failed or killed write never leaves a
 * half-written output. A symbolic link is written through (its target gets the content and the link stays a
 * link); an existing file keeps its permissions (and, where allowed, its owner). Stale temporary files of killed
 * runs next to the output are removed first. Any problem is an `InputError` naming the path (exit 2).
 *
 * The temporary file is `.NAME.cosell-PID-RANDOM.tmp`: hidden, and ending in `.tmp`, so it is never taken for
 * the output (nor matched by `*.csv` or `*.xlsx`).
 *
 * @example
 * writeAtomically('deals.checked.csv', 'Errors,Deal Name\n,Contoso\n');
 * writeAtomically('link-to-deals.csv', text); // writes the link's target; the link stays
 */
export function writeAtomically(file: string, content: string | Buffer): void {
  const output = openAtomically(file);
  try {
    output.write(content);
  } catch (error) {
    output.abort();
    throw error;
  }
  output.commit();
}

/** An output being written piece by piece: nothing shows at its path until `commit`. */
export interface AtomicOutput {
  /** Appends to the temporary file. */
  write(content: string | Buffer): void;
  /** Overwrites bytes already written, at `position` from the start (a header whose sizes are known last). */
  writeAt(content: Uint8Array, position: number): void;
  /** Reads back bytes already written, `length` of them from `position` (to check what was written). */
  readAt(position: number, length: number): Buffer;
  /** Flushes it to disk and renames it over the output. */
  commit(): void;
  /** Removes the temporary file; the output stays as it was. Safe to call after `commit` (does nothing). */
  abort(): void;
}

/**
 * `writeAtomically` for an output too large to hold: the content is appended to the temporary file as it is
 * made, and appears at the path only on `commit`. An interrupted or failed run leaves the output as it was.
 *
 * @example
 * const out = openAtomically('deals.checked.csv');
 * try { for (const piece of pieces) out.write(piece); out.commit(); } finally { out.abort(); }
 */
export function openAtomically(file: string): AtomicOutput {
  const target = checkOutputPath(file);
  removeStaleTemporaryFiles(target);
  if (path.resolve(file) !== target) removeStaleTemporaryFiles(path.resolve(file)); // a link's own name, as older runs named them
  const existing = statIfExists(target);
  const temporary = path.join(path.dirname(target), `.${temporaryStem(target)}.cosell-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  let done = false;
  const fail = (error: unknown): never => {
    abort();
    throw new InputError(`${file}: cannot write the output: ${describeWriteError(error as NodeJS.ErrnoException, target)}.`);
  };
  function abort(): void {
    if (done) return;
    done = true;
    if (fd !== undefined) tryTo(() => fs.closeSync(fd!));
    fd = undefined;
    tryTo(() => fs.unlinkSync(temporary));
    inFlight.delete(temporary);
  }
  inFlight.add(temporary);
  try {
    fd = fs.openSync(temporary, 'wx+', existing ? 0o600 : 0o666);
    if (existing) {
      fs.fchmodSync(fd, existing.mode & 0o7777);
      if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) tryTo(() => fs.fchownSync(fd!, existing.uid, existing.gid));
    }
  } catch (error) {
    fail(error);
  }
  return {
    write(content) {
      if (done || fd === undefined) throw new Error('write after the output was committed or abandoned');
      try {
        fs.writeFileSync(fd, content);
      } catch (error) {
        fail(error);
      }
    },
    writeAt(content, position) {
      if (done || fd === undefined) throw new Error('write after the output was committed or abandoned');
      try {
        for (let at = 0; at < content.length; ) at += fs.writeSync(fd, content, at, content.length - at, position + at);
      } catch (error) {
        fail(error);
      }
    },
    readAt(position, length) {
      if (done || fd === undefined) throw new Error('read after the output was committed or abandoned');
      const buffer = Buffer.alloc(length);
      let at = 0;
      try {
        while (at < length) {
          const read = fs.readSync(fd, buffer, at, length - at, position + at);
          if (read === 0) break;
          at += read;
        }
      } catch (error) {
        fail(error);
      }
      return buffer.subarray(0, at);
    },
    commit() {
      if (done || fd === undefined) throw new Error('commit after the output was committed or abandoned');
      try {
        fs.fsyncSync(fd);
        fs.closeSync(fd);
        fd = undefined;
        fs.renameSync(temporary, target);
      } catch (error) {
        fail(error);
      }
      done = true;
      inFlight.delete(temporary);
    },
    abort,
  };
}

/**
 * Checks, before any work is done, that `file` can be written as an output: its folder exists and is a folder
 * the user may create files in, and the file, if it exists, is a regular file that is not read-only. Returns
 * the path that will really be written (a symbolic link's final target). Throws an `InputError` naming the path.
 *
 * @example
 * checkOutputPath('out/deals.csv'); // '/home/me/out/deals.csv'
 * checkOutputPath('deals.csv/x.csv'); // throws: deals.csv/x.csv: cannot write the output: deals.csv is a file, not a folder.
 */
export function checkOutputPath(file: string): string {
  const fail = (reason: string): never => {
    throw new InputError(`${file}: cannot write the output: ${reason}.`);
  };
  let target: string;
  try {
    target = resolveLinks(file);
  } catch (error) {
    return fail(describeWriteError(error as NodeJS.ErrnoException, path.resolve(file)));
  }
  const folder = path.dirname(target);
  const folderStat = statIfExists(folder);
  if (!folderStat) return fail(describeMissingFolder(folder));
  if (!folderStat.isDirectory()) return fail(`${shown(folder)} is a file, not a folder`);
  const problem = accessProblem(folder, `cannot create files in the folder ${shown(folder)}`);
  if (problem) return fail(problem);
  const stat = statIfExists(target);
  if (stat) {
    if (stat.isDirectory()) return fail(`${target === path.resolve(file) ? 'it' : shown(target)} is a folder`);
    if (!stat.isFile()) return fail('it is not a regular file');
    if ((stat.mode & 0o222) === 0) return fail('the file is read-only');
    const fileProblem = accessProblem(target, 'the file cannot be written');
    if (fileProblem) return fail(fileProblem);
  }
  return target;
}

/**
 * Removes the temporary files this process is writing. The CLI calls it on SIGINT and SIGTERM, so an
 * interrupted run leaves nothing behind; a killed one (SIGKILL, power loss) is tidied by the next write.
 *
 * @example
 * process.once('SIGTERM', () => { removeTemporaryFiles(); process.exit(143); });
 */
export function removeTemporaryFiles(): void {
  for (const temporary of inFlight) tryTo(() => fs.unlinkSync(temporary));
  inFlight.clear();
  for (const folder of temporaryFolders) tryTo(() => fs.rmSync(folder, { recursive: true, force: true }));
  temporaryFolders.clear();
}

/** Private temporary folders this process works in now (a stream's spool): removed if it is interrupted. */
const temporaryFolders = new Set<string>();

/**
 * A private temporary folder for this run's own files (`cosell-PID-XXXXXX` in the system's temporary folder),
 * removed by `removeTemporaryFiles` if the run is interrupted (Ctrl+C, a kill, a closed pipe), and by `remove`
 * when done with. A run that was killed outright cannot remove its own: the next run removes the folders of
 * processes that no longer run.
 *
 * @example
 * const spool = temporaryFolder(); try { … } finally { spool.remove(); }
 */
export function temporaryFolder(): { readonly path: string; remove(): void } {
  removeStaleTemporaryFolders();
  let folder: string;
  try {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), `cosell-${process.pid}-`));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(`cannot create a temporary folder in ${os.tmpdir()} (${code}): set TMPDIR to a folder you can write to.`);
  }
  temporaryFolders.add(folder);
  return {
    path: folder,
    remove() {
      tryTo(() => fs.rmSync(folder, { recursive: true, force: true }));
      temporaryFolders.delete(folder);
    },
  };
}

/**
 * Removes the private temporary folders (`cosell-PID-XXXXXX`) that runs killed outright left in the system's
 * temporary folder, those of processes that no longer run. Returns their names.
 *
 * @example
 * removeStaleTemporaryFolders(); // ['cosell-4242-Ab12Cd'] when process 4242 is gone
 */
export function removeStaleTemporaryFolders(): string[] {
  return removeStale(os.tmpdir(), /^cosell-(\d+)-[A-Za-z0-9]{6}$/, (file) => {
    // Only a folder of this user's (never a link, never another user's files).
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat?.isDirectory() || (process.getuid !== undefined && stat.uid !== process.getuid())) return;
    fs.rmSync(file, { recursive: true, force: true });
  });
}

/**
 * Removes temporary files that a killed run left beside `target` (`.NAME.cosell-PID-….tmp`, or the older
 * `.NAME.PID.tmp`) whose process no longer runs. Files of running processes are left alone.
 *
 * @example
 * removeStaleTemporaryFiles('/home/me/deals.csv'); // ['.deals.csv.4242.tmp'] when process 4242 is gone
 */
export function removeStaleTemporaryFiles(target: string): string[] {
  const pattern = new RegExp(`^\\.${escapeRegExp(temporaryStem(target))}\\.(?:cosell-)?(\\d+)(?:-[0-9a-f]+)?\\.tmp$`);
  return removeStale(path.dirname(target), pattern, (file) => fs.unlinkSync(file));
}

/**
 * Removes, with `remove`, the entries of `folder` whose name `pattern` matches with a process ID (its first group)
 * of a process that no longer runs; returns the names removed (`remove` may decline one by not removing it).
 */
function removeStale(folder: string, pattern: RegExp, remove: (file: string) => void): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const file = path.join(folder, name);
    if (tryTo(() => remove(file)) && !fs.existsSync(file)) removed.push(name);
  }
  return removed;
}

/**
 * The output's name as its temporary file starts: the whole name, or its first 200 characters, so that the
 * temporary name (about 30 characters longer) still fits the file system's 255.
 */
function temporaryStem(target: string): string {
  return path.basename(target).slice(0, 200);
}

/**
 * Follows symbolic links to the path that will really be written (it may not exist yet), as the system does: the
 * folders on the way are resolved first, since a link among them changes where a link's `..` leads.
 */
function resolveLinks(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const folder = realFolder(path.dirname(current));
    current = path.join(folder, path.basename(current));
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!stat.isSymbolicLink()) return current;
    current = path.resolve(folder, fs.readlinkSync(current));
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

/** A folder's real path; a missing one as given (the caller reports it). */
function realFolder(folder: string): string {
  try {
    return fs.realpathSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return folder;
    throw error;
  }
}

function describeMissingFolder(folder: string): string {
  // Walk up to the nearest thing that exists: a file there means a file stands where a folder should be.
  for (let up = folder; ; up = path.dirname(up)) {
    const stat = statIfExists(up);
    if (stat && !stat.isDirectory()) return `${shown(up)} is a file, not a folder`;
    if (stat || path.dirname(up) === up) return 'its folder does not exist';
  }
}

function accessProblem(file: string, what: string): string | undefined {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? `${what}: it is on a read-only file system` : `${what}: permission denied`;
  }
}

function describeWriteError(error: NodeJS.ErrnoException, target: string): string {
  switch (error.code) {
    case 'ENOENT':
      return describeMissingFolder(path.dirname(target));
    case 'ENOTDIR':
      return describeMissingFolder(path.dirname(target));
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (is the file open in Excel?)';
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'it is a symbolic link that leads in a loop';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    default:
      return error.code ?? error.message;
  }
}

function statIfExists(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTo(step: () => void): boolean {
  try {
    step();
    return true;
  } catch {
    return false;
  }
}

/** A path as the user should read it: relative to the working directory when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
