/**
 * `npm start`: builds and serves the add-in.
 *
 * - With Excel on this machine (Windows or macOS): `npm run sideload`, which starts the HTTPS dev server on
 *   https://localhost:3000 and sideloads the add-in into Excel desktop (office-addin-debugging).
 * - Without Excel (Linux, CI machines): a development build, rebuilt on change, served on
 *   http://localhost:3000 (PORT overrides), and the URL of the preview page, which runs the real task pane
 *   beside an in-browser sheet loaded from examples/deals.csv.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { serveFolder } from './serve-folder';

const ROOT = path.resolve(__dirname, '..');

function excelInstalled(): boolean {
  if (process.platform === 'darwin') return fs.existsSync('/Applications/Microsoft Excel.app');
  if (process.platform === 'win32') {
    const roots = [process.env.ProgramFiles, process.env['ProgramFiles(x86)']].filter((p): p is string => Boolean(p));
    return roots.some((root) => ['Microsoft Office\\root\\Office16', 'Microsoft Office\\Office16'].some((dir) => fs.existsSync(path.join(root, dir, 'EXCEL.EXE'))));
  }
  return false;
}

function run(command: string, args: string[]): void {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => {
    if (code) process.exit(code);
  });
}

async function previewWithoutExcel(): Promise<void> {
  // Loaded here, not at the top: the Excel path does not need webpack in this process.
  const { default: webpack } = await import('webpack');
  const { default: makeConfig } = await import(path.join(ROOT, 'webpack.config.js'));
  const config = await makeConfig({}, { mode: 'development' });
  const port = Number(process.env.PORT ?? 3000);
  let served = false;
  webpack(config).watch({}, async (error, stats) => {
    if (error || stats?.hasErrors()) {
      console.error(error ?? stats?.toString('errors-only'));
      return;
    }
    if (served) {
      console.log('Rebuilt; reload the page.');
      return;
    }
    served = true;
    const server = await serveFolder(path.join(ROOT, 'dist'), port);
    console.log('');
    console.log('Excel is not installed on this machine, so the add-in cannot be sideloaded here.');
    console.log(`Preview (the real task pane on an in-browser sheet of examples/deals.csv): ${server.url}preview.html`);
    console.log('It is not Excel: see "The preview" in README.md. Stop with Ctrl+C.');
  });
}

if (excelInstalled()) {
  run('npm', ['run', 'sideload']); // starts `npm run dev-server` itself (package.json "config")
} else {
  void previewWithoutExcel();
}
