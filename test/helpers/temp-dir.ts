import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies the shipped rules into a temp directory for a test to edit. */
export function copyRules(from: string, into: string): string {
  const dir = path.join(into, `rules-${Math.random().toString(36).slice(2)}`);
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/** Edits a JSON file in place. */
export function editJson(file: string, edit: (json: any) => void): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}
