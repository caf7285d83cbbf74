import * as fs from 'node:fs';
import * as path from 'node:path';
import { REQUIRED_EXCEL_API } from '../../addin/excel/excel-host';
import { SCHEMA_DIR, validateManifest } from '../../scripts/validate-manifest';

const ROOT = path.join(__dirname, '..', '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const xml = fs.readFileSync(MANIFEST, 'utf8');
const { rewriteManifest, productionUrl } = require(path.join(ROOT, 'webpack.config.js'));

const haveSchemas = fs.existsSync(SCHEMA_DIR);
if (!haveSchemas) console.log(`NOTICE: manifest.xml was not checked against the XSDs: ${SCHEMA_DIR} is absent.`);

describe('manifest.xml', () => {
  (haveSchemas ? test : test.skip)('validates against the Office add-in manifest schemas', async () => {
    const check = await validateManifest(MANIFEST);
    expect(check.problems).toEqual([]);
    expect(check.valid).toBe(true);
  });

  (haveSchemas ? test : test.skip)('the schema check catches a broken manifest', async () => {
    const broken = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'manifest-')), 'manifest.xml');
    fs.writeFileSync(broken, xml.replace('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>Everything</Permissions>'));
    const check = await validateManifest(broken);
    expect(check.valid).toBe(false);
    expect(check.problems[0]).toMatch(/^manifest\.xml:\d+: .*Permissions/);
  });

  test('is an Excel task pane that reads and writes the workbook', () => {
    expect(xml).toContain('xsi:type="TaskPaneApp"');
    expect(xml).toContain('<Host Name="Workbook"/>');
    expect(xml).toContain('<Permissions>ReadWriteDocument</Permissions>');
    expect(xml).toMatch(/<SupportUrl DefaultValue="https:\/\/[^"]+"\/>/);
  });

  test('requires the ExcelApi set the gateway uses, no lower and no higher', () => {
    const sets = [...xml.matchAll(/<Set Name="ExcelApi" MinVersion="([\d.]+)"\/>/g)].map((m) => m[1]);
    expect(sets).toEqual([REQUIRED_EXCEL_API.version]);
  });

  test('puts a button on the Home tab that opens the pane', () => {
    expect(xml).toMatch(/<OfficeTab id="TabHome">[\s\S]*<Control xsi:type="Button"[\s\S]*<Action xsi:type="ShowTaskpane">/);
  });

  test('ships every icon it names, at its size, and 16 to 128 px in assets/', () => {
    const pngSize = (file: string) => {
      const png = fs.readFileSync(file);
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    for (const size of [16, 32, 64, 80, 128]) expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual([size, size]);
    for (const [, size] of xml.matchAll(/assets\/icon-(\d+)\.png/g)) expect(fs.existsSync(path.join(ROOT, 'assets', `icon-${size}.png`))).toBe(true);
  });

  test('the production build points every URL at ADDIN_PRODUCTION_URL', () => {
    const built = rewriteManifest(xml, 'https://deals.contoso.com/cosell/');
    expect(built).not.toContain('https://localhost');
    expect(built).toContain('<SourceLocation DefaultValue="https://deals.contoso.com/cosell/taskpane.html"/>');
    expect(built).toContain('https://deals.contoso.com/cosell/assets/icon-32.png');
  });

  test('refuses a production URL that is not https or lacks the closing slash', () => {
    const before = process.env.ADDIN_PRODUCTION_URL;
    try {
      process.env.ADDIN_PRODUCTION_URL = 'http://deals.contoso.com/cosell';
      expect(() => productionUrl()).toThrow('ADDIN_PRODUCTION_URL must be an https:// URL ending with "/"');
    } finally {
      if (before === undefined) delete process.env.ADDIN_PRODUCTION_URL;
      else process.env.ADDIN_PRODUCTION_URL = before;
    }
  });
});
