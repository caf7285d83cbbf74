import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Papa from 'papaparse';
import { stringify } from 'csv-stringify/sync';
import { formatCsv, parseCsv } from '../../engine/io/csv-file';
import { readDealFile } from '../../engine/io/deal-file';
import {
  COMMITTED_FIXTURES,
  FIXTURE_DIR,
  type FixtureSpec,
  type GeneratedExport,
  LARGE_OUTBOUND_2023,
  generateExport,
} from '../fixtures/partner-center/make-exports';
import { layoutHeaders } from '../fixtures/partner-center/layouts';

/**
 * The Partner Center export fixtures (test/fixtures/partner-center/, groundwork for issue 10): each file is what
 * its generator means, as independent readers see it, in the CSV style Excel and Partner Center write; the
 * product's CSV layer (parseCsv, formatCsv, readDealFile) reads the same records and writes an untouched file
 * back byte for byte. Nothing beyond the CSV layer: the product cannot open raw exports yet (issue 10).
 */

/** papaparse, told the delimiter and line ending; a final CRLF ends the last record (RFC 4180), it starts none. */
function papaRecords(text: string): { bom: boolean; errors: unknown[]; records: string[][] } {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { delimiter: ',', newline: '\r\n', quoteChar: '"', escapeChar: '"', skipEmptyLines: false });
  const records = result.data;
  const errors: unknown[] = [...result.errors];
  const extra = records.pop();
  if (extra?.length !== 1 || extra[0] !== '') errors.push({ code: 'the file does not end with CRLF', extra });
  return { bom, errors, records };
}

/** Excel's CSV style as an independent writer sees it: BOM, CRLF, quotes only for comma, quote, CR or LF. */
function excelStyle(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], { bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

/** Where two lists of records first differ (in words), or null: a fast stand-in for toEqual on 5,000 records. */
function firstDifference(actual: readonly (readonly unknown[])[], expected: readonly (readonly string[])[]): string | null {
  if (actual.length !== expected.length) return `${actual.length} records, expected ${expected.length}`;
  for (let r = 0; r < expected.length; r++) {
    if (actual[r].length !== expected[r].length) return `record ${r + 1}: ${actual[r].length} cells, expected ${expected[r].length}`;
    for (let c = 0; c < expected[r].length; c++) {
      if (actual[r][c] !== expected[r][c]) return `record ${r + 1}, cell ${c + 1}: ${JSON.stringify(actual[r][c])}, expected ${JSON.stringify(expected[r][c])}`;
    }
  }
  return null;
}

function column(generated: GeneratedExport, name: string): string[] {
  const at = generated.records[0].indexOf(name);
  if (at < 0) throw new Error(`no column ${name} in ${generated.spec.file}`);
  return generated.records.slice(1).map((cells) => cells[at]);
}

function allCells(generated: GeneratedExport): string[] {
  return generated.records.slice(1).flat();
}

const committed = COMMITTED_FIXTURES.map((spec) => [spec.file, spec] as const);
const generatedOf = new Map<string, GeneratedExport>(COMMITTED_FIXTURES.map((spec) => [spec.file, generateExport(spec)]));
const generated = (spec: FixtureSpec): GeneratedExport => generatedOf.get(spec.file) ?? generateExport(spec);
const exportsOnly = COMMITTED_FIXTURES.filter((s) => s.kind === 'export').map(generated);
const resultsOnly = COMMITTED_FIXTURES.filter((s) => s.kind === 'import-result').map(generated);

describe('the layouts', () => {
  test('Feb 2021 holds the co-sell reference §8 columns in its order, then Solution 1…50 and Team member 1…50', () => {
    const reference = [
      'Errors', 'Engagement ID', 'Referral ID', 'Deal Name', 'Customer Name', 'Customer Address Line 1', 'Customer Address Line 2',
      'Customer City', 'Customer State', 'Customer Postal Code', 'Customer Country', 'Customer D-U-N-S ID', 'Customer Contact First Name',
      'Customer Contact Last Name', 'Customer Contact Phone number', 'Customer Contact Email Address', 'Partner Referral Status',
      'Partner Referral Substatus', 'Microsoft Referral Status', 'Declined/Lost reason', 'Sales Stage', 'Estimated Deal Value', 'Currency',
      'Estimated Close Date', 'CRM ID', 'Marketing Campaign ID', 'Notes', 'Microsoft help required?', 'What specific help from Microsoft?',
      'Share with Microsoft sales team', 'Notes to Microsoft', 'Consent to share Customer/Partner contact',
    ];
    const numbered = (name: string): string[] => Array.from({ length: 50 }, (_, i) => `${name} ${i + 1}`);
    expect(layoutHeaders('feb-2021')).toEqual([...reference, ...numbered('Solution'), ...numbered('Team member')]);
  });

  test('Sept 2021 adds exactly the eight columns issue 10 names and keeps the Feb 2021 columns in their order', () => {
    const feb = layoutHeaders('feb-2021');
    const sept = layoutHeaders('sept-2021');
    expect(sept.filter((h) => !feb.includes(h)).sort()).toEqual(
      ['Attach Services', 'Azure Certified Device', 'CLA Number', 'Device Category', 'MPN ID', 'Microsoft MSX ID', 'Migrated PSC Deal ID', 'Silicon Type'].sort(),
    );
    expect(sept.filter((h) => feb.includes(h))).toEqual(feb);
  });

  test('2023 renames MPN ID and the reason column in place and adds intent, domain, account-match and Microsoft team member columns', () => {
    const sept = layoutHeaders('sept-2021');
    const y2023 = layoutHeaders('2023');
    expect(y2023.indexOf('PartnerID (formerly MPN ID)')).toBeGreaterThan(0);
    expect(y2023).not.toContain('MPN ID');
    expect(y2023).not.toContain('Declined/Lost reason');
    const renamedBack = y2023.map((h) => (h === 'PartnerID (formerly MPN ID)' ? 'MPN ID' : h === 'Declined/Lost/Error reason' ? 'Declined/Lost reason' : h));
    expect(renamedBack.filter((h) => sept.includes(h))).toEqual(sept);
    expect(renamedBack.filter((h) => !sept.includes(h))).toEqual(
      expect.arrayContaining(['Marketplace Purchase Intent', 'Customer Domain Name', 'Microsoft team member 1']),
    );
    expect(renamedBack.filter((h) => !sept.includes(h)).some((h) => /account/i.test(h))).toBe(true);
  });

  test('no layout has the columns the raw export lacks (Direction, Deal Type, Location, Created Date), nor a repeated header', () => {
    for (const layout of ['feb-2021', 'sept-2021', '2023'] as const) {
      const headers = layoutHeaders(layout);
      for (const absent of ['Direction', 'Deal Type', 'Location', 'Created Date']) expect(headers).not.toContain(absent);
      expect(new Set(headers.map((h) => h.toLowerCase())).size).toBe(headers.length);
    }
  });
});

describe.each(committed)('%s', (file, spec) => {
  const text = fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8');
  const meant = generated(spec);

  test('the committed file is what the generator writes, byte for byte', () => {
    const onDisk = fs.readFileSync(path.join(FIXTURE_DIR, file));
    expect(onDisk.equals(Buffer.from(meant.text, 'utf8'))).toBe(true);
  });

  test('papaparse reads the records the generator meant, with no errors, every record as wide as the header', () => {
    const read = papaRecords(text);
    expect(read.errors).toEqual([]);
    expect(read.bom).toBe(true);
    expect(read.records).toEqual(meant.records);
    expect(read.records.every((cells) => cells.length === layoutHeaders(spec.layout).length)).toBe(true);
  });

  test('it is written as Excel writes CSV: BOM, CRLF after every record, cells quoted only where needed', () => {
    expect(text).toBe(excelStyle(meant.records));
  });

  test('parseCsv reads the same records, and sees a comma-delimited CRLF file with a BOM', () => {
    const document = parseCsv(text, file);
    expect([document.grid.headers, ...document.grid.rows]).toEqual(meant.records);
    expect({ delimiter: document.delimiter, bom: document.bom, lineEnding: document.lineEnding, finalNewline: document.finalNewline }).toEqual({
      delimiter: ',',
      bom: true,
      lineEnding: '\r\n',
      finalNewline: true,
    });
  });

  test('an untouched file round-trips byte for byte through parseCsv and formatCsv', () => {
    const document = parseCsv(text, file);
    expect(formatCsv(document, document.grid) === text).toBe(true);
  });

  test('readDealFile opens the file as it comes and finds the same cells', async () => {
    const deals = await readDealFile(path.join(FIXTURE_DIR, file));
    expect([deals.grid.headers, ...deals.grid.rows]).toEqual(meant.records);
  });
});

describe('what the files hold', () => {
  test('the inbound tab holds received deals in every status pair, the outbound tab partner-created ones', () => {
    const pairsOf = (g: GeneratedExport): Set<string> => {
      const statuses = column(g, 'Partner Referral Status');
      const substatuses = column(g, 'Partner Referral Substatus');
      return new Set(statuses.map((s, i) => `${s}/${substatuses[i]}`));
    };
    const inbound = ['New/Received', 'New/Pending', 'Active/Accepted', 'Closed/Declined', 'Closed/Expired', 'Closed/Won', 'Closed/Lost'];
    for (const g of exportsOnly) {
      const pairs = [...pairsOf(g)].sort();
      if (g.spec.tab === 'inbound') expect(pairs).toEqual([...inbound].sort());
      else expect(pairs).toEqual(['Active/Accepted', 'Closed/Lost', 'Closed/Won', ...(g.spec.layout === '2023' ? ['Closed/Error'] : [])].sort());
    }
  });

  test('names in many scripts (ü, å, ø, ł, Japanese, Arabic) and text with commas and quotes', () => {
    for (const g of exportsOnly) {
      const cells = allCells(g).join('\n');
      for (const sample of ['ü', 'å', 'ø', 'ł', 'Å', 'Ł']) expect(cells).toContain(sample);
      expect(cells).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // Japanese
      expect(cells).toMatch(/[\u0600-\u06ff]/); // Arabic
      expect(column(g, 'Customer Name')).toContain('Blue Yonder Airlines ("BYA")');
      expect(column(g, 'Customer Name')).toContain('Litware, Inc.');
    }
  });

  test('multi-line notes: a bare LF (Excel Alt+Enter) in some cells and a CRLF in others, inside a CRLF file', () => {
    const notes = exportsOnly.flatMap((g) => column(g, 'Notes'));
    expect(notes.some((n) => /[^\r]\n/.test(n))).toBe(true);
    expect(notes.some((n) => n.includes('\r\n'))).toBe(true);
    expect(notes.some((n) => /^-/.test(n))).toBe(true); // a bullet list: text a spreadsheet could take for a formula
  });

  test('values with thousands separators (quoted in the file), plain and with decimals, in six currencies', () => {
    for (const g of exportsOnly) {
      const values = column(g, 'Estimated Deal Value');
      expect(values).toContain('1,250,000');
      expect(g.text).toContain(',"1,250,000",');
      expect(values.every((v) => /^\d{1,3}(,\d{3})+$|^\d+(\.\d\d)?$/.test(v))).toBe(true);
      expect(values.some((v) => /^\d+$/.test(v))).toBe(true);
      expect(new Set(column(g, 'Currency'))).toEqual(new Set(['USD', 'EUR', 'GBP', 'JPY', 'SEK', 'BRL']));
    }
  });

  test('dates MM/DD/YYYY, Yes/No columns, reason and help codes, stages as percentages, SOL- solutions, full team members', () => {
    for (const g of [...exportsOnly, ...resultsOnly]) {
      expect(column(g, 'Estimated Close Date').every((d) => /^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/20\d\d$/.test(d))).toBe(true);
      for (const yesNo of ['Microsoft help required?', 'Share with Microsoft sales team', 'Consent to share Customer/Partner contact']) {
        expect(column(g, yesNo).every((v) => v === 'Yes' || v === 'No')).toBe(true);
      }
      const reason = g.spec.layout === '2023' ? 'Declined/Lost/Error reason' : 'Declined/Lost reason';
      expect(column(g, reason).every((r) => /^([1-8])?$/.test(r))).toBe(true);
      expect(column(g, 'What specific help from Microsoft?').every((r) => /^([1-6])?$/.test(r))).toBe(true);
      expect(column(g, 'Sales Stage').every((s) => ['', '10', '20', '40', '60', '80', '100'].includes(s))).toBe(true);
      const solutions = g.records[0].flatMap((h, i) => (h.startsWith('Solution ') ? g.records.slice(1).map((r) => r[i]) : [])).filter((s) => s !== '');
      expect(solutions.every((s) => /^SOL-\d{4}-[A-Z]{4}(, [A-Z]{3}, [\d.]+, \d+)?$/.test(s))).toBe(true);
      expect(new Set(solutions.map((s) => s.split(',')[0])).size).toBeGreaterThanOrEqual(5);
      const help = column(g, 'Microsoft help required?');
      if (g.spec.tab === 'outbound') expect(new Set(help)).toEqual(new Set(['Yes', 'No']));
      const team = column(g, 'Team member 1').filter((t) => t !== '');
      if (g.spec.kind === 'export') expect(team.every((t) => t.split(', ').length === 4)).toBe(true);
      if (g.spec.tab === 'outbound' && g.spec.kind === 'export') expect(team).toHaveLength(g.records.length - 1);
    }
  });

  test('the later layouts fill their own columns: partner IDs, MSX IDs, device columns, and (2023) purchase intent and Microsoft sellers', () => {
    for (const g of exportsOnly.filter((x) => x.spec.layout !== 'feb-2021')) {
      const partnerId = g.spec.layout === '2023' ? 'PartnerID (formerly MPN ID)' : 'MPN ID';
      expect(column(g, partnerId).every((id) => /^\d{7}$/.test(id))).toBe(true);
      expect(new Set(column(g, partnerId)).size).toBeGreaterThan(1);
      expect(column(g, 'Microsoft MSX ID').some((id) => /^7-[A-Z0-9]{10}$/.test(id))).toBe(true);
      if (g.spec.tab === 'outbound') expect(column(g, 'Device Category').some((c) => c !== '')).toBe(true);
    }
    for (const g of exportsOnly.filter((x) => x.spec.layout === '2023')) {
      const intents = new Set(column(g, 'Marketplace Purchase Intent'));
      for (const value of ['Yes', 'No', 'Have not decided']) expect(intents).toContain(value);
      expect([...intents].every((v) => ['', 'Yes', 'No', 'Have not decided'].includes(v))).toBe(true);
      expect(column(g, 'Microsoft team member 1').some((m) => m.endsWith('@microsoft.com'))).toBe(true);
      expect(column(g, 'Customer Domain Name').some((d) => d.includes('.'))).toBe(true);
    }
  });

  test('exports leave Errors empty; import results carry Partner Center messages on some rows only, several joined by "; "', () => {
    for (const g of exportsOnly) expect(column(g, 'Errors').every((e) => e === '')).toBe(true);
    for (const g of resultsOnly) {
      const errors = column(g, 'Errors');
      const refused = errors.filter((e) => e !== '');
      expect(refused.length).toBeGreaterThanOrEqual(5);
      expect(refused.length).toBeLessThan(errors.length);
      expect(refused.some((e) => e.includes('; '))).toBe(true);
    }
    const messages = resultsOnly.flatMap((g) => column(g, 'Errors')).join('\n');
    expect(messages).toContain('Customer Country is invalid; Estimated Close Date must be in the future');
    expect(messages).toContain('Marketplace Purchase Intent is required');
    const outboundResult = resultsOnly.find((g) => g.spec.tab === 'outbound' && g.spec.layout === '2023');
    expect(column(outboundResult as GeneratedExport, 'Referral ID').some((id) => id === '')).toBe(true); // new deals in the upload
  });
});

describe('the generator', () => {
  test('is deterministic: no clock and no Math.random in its sources, and a second run writes the same text', () => {
    const sources = fs.readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.ts'));
    for (const source of sources) {
      const code = fs.readFileSync(path.join(FIXTURE_DIR, source), 'utf8');
      expect(code).not.toMatch(/Date\.now|new Date\(\)|Math\.random|performance\.now/);
    }
    for (const spec of COMMITTED_FIXTURES) expect(generateExport(spec).text).toBe(generated(spec).text);
    expect(generateExport({ ...COMMITTED_FIXTURES[0], seed: 1 }).text).not.toBe(generated(COMMITTED_FIXTURES[0]).text);
  });

  test('the 5,000-deal outbound 2023 export (generated into a temp folder: over 2 MB) reads the same everywhere and round-trips', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-center-'));
    try {
      const meant = generateExport(LARGE_OUTBOUND_2023);
      const file = path.join(dir, LARGE_OUTBOUND_2023.file);
      fs.writeFileSync(file, meant.text, 'utf8');
      expect(meant.records).toHaveLength(5001);
      expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
      const text = fs.readFileSync(file, 'utf8');
      const read = papaRecords(text);
      expect(read.errors).toEqual([]);
      expect(firstDifference(read.records, meant.records)).toBeNull();
      expect(text === excelStyle(meant.records)).toBe(true);
      const document = parseCsv(text, file);
      expect(firstDifference([document.grid.headers, ...document.grid.rows], meant.records)).toBeNull();
      expect(formatCsv(document, document.grid) === text).toBe(true);
      const deals = await readDealFile(file);
      expect(firstDifference([deals.grid.headers, ...deals.grid.rows], meant.records)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
