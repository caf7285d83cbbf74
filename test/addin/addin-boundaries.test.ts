import * as fs from 'node:fs';
import * as path from 'node:path';

const ADDIN = path.join(__dirname, '..', '..', 'addin');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx|html)$/.test(entry.name) ? [full] : [];
  });
}

const files = sources(ADDIN).map((file) => ({ file: path.relative(ADDIN, file), text: fs.readFileSync(file, 'utf8') }));

/** The code without comments and string literals (a doc comment may name `Excel.run`). */
function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/(['"`])(?:\\.|(?!\1).)*\1/g, "''");
}

describe('the add-in’s boundaries', () => {
  test('only the gateway’s parts in excel/ call Excel.run', () => {
    const callers = files.filter((f) => /\b[Ee]xcel\.run\(/.test(codeOf(f.text))).map((f) => f.file);
    expect(callers).toContain('excel/sheet-ranges.ts');
    expect(callers.filter((file) => !/^excel\/[\w-]+\.ts$/.test(file))).toEqual([]);
  });

  test('never inserts text as HTML and never evaluates code', () => {
    for (const { file, text } of files) {
      expect({ file, found: /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write\(/.exec(text)?.[0] }).toEqual({ file, found: undefined });
      expect({ file, found: /\beval\(|new Function\(/.exec(text)?.[0] }).toEqual({ file, found: undefined });
    }
  });

  test('the pane pages allow scripts only from themselves and Microsoft’s Office.js CDN', () => {
    for (const page of ['taskpane/taskpane.html', 'commands/commands.html']) {
      const text = files.find((f) => f.file === page)!.text;
      const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(text)?.[1];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com;");
      expect(csp).not.toMatch(/unsafe-eval|\*/);
      // Office.js from the CDN, in the head (AppSource requires it).
      expect(text).toMatch(/<head>[\s\S]*<script src="https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js"><\/script>[\s\S]*<\/head>/);
    }
  });

  test('makes no network calls of its own', () => {
    for (const { file, text } of files) {
      expect({ file, found: /\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon/.exec(text)?.[0] }).toEqual({ file, found: undefined });
    }
  });

  test('imports no Node modules', () => {
    for (const { file, text } of files) {
      expect({ file, found: /from ['"](node:|fs['"]|path['"])/.exec(text)?.[0] }).toEqual({ file, found: undefined });
    }
  });
});

test('the worker protocol maps each request kind to its own result type: no caller picks one', () => {
  const source = (file: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'addin', file), 'utf8');
  for (const file of ['session/sheet-session.ts', 'session/import-session.ts', 'session/workbook-rules.ts', 'rules/judging-rules.ts', 'rules/rules-client.ts']) {
    expect([file, /rules\.run</.test(source(file)) || /as never/.test(source(file))]).toEqual([file, false]);
  }
  expect(source('rules/rules-host.ts')).toMatch(/const HANDLERS: \{ readonly \[K in RulesKind\]: \(request: RequestOf<K>/);
});
