/** What `npm run build` puts in dist/: what Office loads, and nothing the pane's CSP would refuse. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const scripts = fs.readdirSync(DIST).filter((f) => f.endsWith('.js'));

test('has the pages, the manifest and the icons', () => {
  for (const file of ['taskpane.html', 'commands.html', 'preview.html', 'support.html', 'manifest.xml', 'assets/icon-16.png', 'assets/icon-128.png']) {
    expect(fs.existsSync(path.join(DIST, file))).toBe(true);
  }
});

test('loads the pane as ES modules, after Office.js from the CDN in the head', () => {
  const html = fs.readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
  // (The build minifies the HTML, dropping optional quotes.)
  expect(html).toMatch(/<head>.*<script src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js"?><\/script>.*<script type="?module"? src="?taskpane\.js"?><\/script>.*<\/head>/s);
});

test('contains no eval or new Function, which the pane’s CSP forbids', () => {
  for (const file of scripts) {
    const code = fs.readFileSync(path.join(DIST, file), 'utf8');
    expect({ file, found: /[^\w.]eval\(|new Function\(/.exec(code)?.[0] }).toEqual({ file, found: undefined });
  }
});

test('runs the rules in their own worker chunk, so checking never blocks the pane', () => {
  const pane = fs.readFileSync(path.join(DIST, 'taskpane.js'), 'utf8');
  expect(pane).toMatch(/new Worker\(new URL\(/);
  expect(scripts.length).toBeGreaterThan(3);
});
