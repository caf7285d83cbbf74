import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatCsv, parseCsv, OWNED_KEYS, headerOf } from '../../engine/node';
import { ROOT, RULES_DIR, TODAY } from '../helpers/deal-rows';
import { copyRules, editJson, tempDir } from '../helpers/temp-dir';
import { runCli } from '../helpers/run-cli';

const tmp = tempDir();
const EXAMPLE = path.join(ROOT, 'examples', 'deals.csv');
const read = (file: string) => parseCsv(fs.readFileSync(file, 'utf8'), file).grid;
const OWNED_HEADERS = new Set(OWNED_KEYS.map(headerOf));

describe('cosell check (CSV)', () => {
  test('writes Errors for every row, exit 1 when some rows are invalid', async () => {
    const out = path.join(tmp, 'checked.csv');
    const { status, stdout } = await runCli('check', EXAMPLE, '--out', out, '--today', TODAY);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^deals\.csv: 36 deals: 30 valid, 6 invalid\.$/m);
    const grid = read(out);
    const errors = grid.rows.map((r) => r[0]);
    expect(errors.filter((e) => e !== '')).toHaveLength(6);
    expect(errors[23]).toBe('Customer Country must be a two-letter ISO 3166 code such as US or GB, not "USA"; Currency must be an ISO 4217 code such as USD or EUR, not "US$"; Estimated Close Date must be a real date written MM/DD/YYYY, e.g. 1/30/2020, not "13/45/2026"');
  });

  test('counts in the summary are written with thousands separators, as the notes above it write them', async () => {
    const { headers, rows } = read(EXAMPLE);
    const big = path.join(tmp, 'big.csv');
    fs.writeFileSync(big, formatCsv({ delimiter: ',', bom: false, lineEnding: '\r\n', finalNewline: true }, { headers, rows: Array.from({ length: 40 }, () => rows).flat() }));
    const { stdout } = await runCli('apply', big, '--out', path.join(tmp, 'big.out.csv'), '--today', TODAY);
    expect(stdout).toMatch(/^big\.csv: 1,440 deals: 1,200 valid, 240 invalid; 640 actions applied, 360 refused\.$/m);
  });

  test('keeps every other cell, unknown columns and row order exactly', async () => {
    const out = path.join(tmp, 'checked-roundtrip.csv');
    await runCli('apply', EXAMPLE, '--out', out, '--today', TODAY);
    const before = read(EXAMPLE);
    const after = read(out);
    expect(after.headers).toEqual(before.headers);
    before.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!OWNED_HEADERS.has(String(before.headers[c]))) expect([r, before.headers[c], after.rows[r][c]]).toEqual([r, before.headers[c], cell]);
      }),
    );
    // The unknown "Account Manager" column, including a formula-like value, is untouched.
    const am = before.headers.indexOf('Account Manager');
    expect(after.rows.map((r) => r[am])).toEqual(before.rows.map((r) => r[am]));
  });

  test('without --out, prints each invalid row and writes nothing', async () => {
    const { status, stdout } = await runCli('check', EXAMPLE, '--today', TODAY);
    expect(status).toBe(1);
    expect(stdout).toContain('deals.csv: row 27: Partner Referral Status Active does not go with Partner Referral Substatus Won');
  });

  test('creates Errors as the first column when the sheet has none, and exits 0 when all rows are valid', async () => {
    const grid = read(EXAMPLE);
    const valid = [1, 2, 4, 28, 29].map((i) => grid.rows[i].slice(1));
    const input = path.join(tmp, 'no-errors.csv');
    const csv = { delimiter: ',', bom: false, lineEnding: '\n', finalNewline: true } as const;
    fs.writeFileSync(input, formatCsv(csv, { headers: grid.headers.slice(1), rows: valid }));
    const out = path.join(tmp, 'no-errors.out.csv');
    const { status } = await runCli('check', input, '--out', out, '--today', TODAY);
    expect(status).toBe(0);
    const written = read(out);
    expect(written.headers[0]).toBe('Errors');
    expect(written.rows.every((r) => r[0] === '')).toBe(true);
    expect(written.rows.map((r) => r.slice(1))).toEqual(read(input).rows);
  });

  test('reads ;-delimited files with decimal commas and writes them back the same way', async () => {
    const grid = read(EXAMPLE);
    const row = grid.rows[1].map((c, i) => (grid.headers[i] === 'Estimated Deal Value' ? '48000,50' : c));
    const quote = (c: unknown) => (/[;"\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c));
    const input = path.join(tmp, 'semicolon.csv');
    fs.writeFileSync(input, `${grid.headers.map(quote).join(';')}\r\n${row.map(quote).join(';')}\r\n`);
    const out = path.join(tmp, 'semicolon.out.csv');
    expect((await runCli('check', input, '--out', out, '--today', TODAY)).status).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain(';48000,50;');
    expect(text.split('\r\n')[0]).toBe(grid.headers.map(quote).join(';'));
  });

  test('never writes cell text that starts a formula', async () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'field-validation.json'), (json) => {
      json.rules[0].conditions = { all: [{ fact: 'crmId', operator: 'isEmpty', value: false }] };
      json.rules[0].event.params.message = '{crmId} is not a CRM ID';
      json.rules[0].event.params.columns = ['CRM ID'];
    });
    const grid = read(EXAMPLE);
    const crm = grid.headers.indexOf('CRM ID');
    const row = grid.rows[1].map((c, i) => (i === crm ? '=HYPERLINK("http://x","y")' : c));
    const quote = (c: unknown) => `"${String(c).replace(/"/g, '""')}"`;
    const input = path.join(tmp, 'formula.csv');
    fs.writeFileSync(input, `${grid.headers.map(quote).join(',')}\n${row.map(quote).join(',')}\n`);
    const out = path.join(tmp, 'formula.out.csv');
    await runCli('check', input, '--out', out, '--rules', dir, '--today', TODAY);
    expect(read(out).rows[0][0]).toBe(`'=HYPERLINK("http://x","y") is not a CRM ID`);
    expect(read(out).rows[0][crm]).toBe('=HYPERLINK("http://x","y")');
  });
});

describe('cosell apply (CSV)', () => {
  test('performs actions, prints a summary by action, and may write over its input', async () => {
    const input = path.join(tmp, 'in-place.csv');
    fs.copyFileSync(EXAMPLE, input);
    const { status, stdout } = await runCli('apply', input, '--out', input, '--today', TODAY, '--expire-overdue');
    expect(status).toBe(1);
    expect(stdout).toContain('in-place.csv: 36 deals: 30 valid, 6 invalid; 17 actions applied, 9 refused.');
    expect(stdout).toContain('  Accept: 1 applied, 2 refused');
    expect(stdout).toContain('  Expire: 2 applied, 1 refused');
    const after = read(input);
    const status_ = after.headers.indexOf('Partner Referral Substatus');
    expect(after.rows[3][status_]).toBe('Expired'); // overdue, no Action
    expect(after.rows[4][status_]).toBe('Accepted'); // Accept
  });
});

describe('unusable input: exit 2, a message naming the file, and nothing written', () => {
  const out = () => path.join(tmp, `never-${Math.random()}.csv`);
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['check', path.join(tmp, 'nope.csv')], /nope\.csv: no such file\./],
    ['an unknown format', () => ['check', EXAMPLE.replace('.csv', '.txt')], /deals\.txt: a deal sheet must be a \.csv or \.xlsx file\./],
    ['a missing required column', () => ['check', writeCsv('missing.csv', 'Deal Name,Customer Name\nA,B\n')], /missing\.csv: row 1: Missing required columns: Partner Referral Status, Partner Referral Substatus\./],
    [
      'a duplicate header',
      () => ['check', writeCsv('dup.csv', `${fs.readFileSync(EXAMPLE, 'utf8').split('\r\n')[0]},deal name\n`)],
      /dup\.csv: row 1, column AU: The header "deal name" appears twice \(columns D and AU\): keep one\./,
    ],
    ['a CSV with an unclosed quote', () => ['check', writeCsv('quote.csv', 'Deal Name,Notes\n"A,B\n')], /quote\.csv: line 2: not readable as CSV/],
    ['a bad --today', () => ['check', EXAMPLE, '--today', '11/23/2026'], /--today "11\/23\/2026" is not a date written YYYY-MM-DD\./],
    ['apply without --out', () => ['apply', EXAMPLE], /apply needs --out FILE/],
    ['an output folder that does not exist', () => ['check', EXAMPLE, '--today', TODAY, '--out', path.join(tmp, 'no-such-folder', 'x.csv')], /no-such-folder\/x\.csv: cannot write the output: its folder does not exist\./],
    ['an unknown option', () => ['check', EXAMPLE, '--fast'], /unknown option "--fast" for check/],
    ['broken rules', () => ['check', EXAMPLE, '--rules', brokenRules()], /the rules cannot be used:\n\S*registration\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/operator\): Unknown operator "isnt"/],
    ['a broken catalog', () => ['check', EXAMPLE, '--catalog', writeCsv('catalog.json', '{"solutions": [{"id": "A", "name": "a", "kind": "mine", "incentiveEligible": true}]}')], /catalog\.json:1:\d+ \(\/solutions\/0\/kind\): "kind" must be one of own, microsoft, third-party, assessment\./],
  ];
  test.each(cases)('%s', async (_, args, message) => {
    const target = out();
    const argv = args();
    const { status, stderr } = await runCli(...argv, ...(argv.includes('--out') || argv[0] === 'apply' && !argv.includes('--out') ? [] : ['--out', target]));
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(fs.existsSync(target)).toBe(false);
  });

  function writeCsv(name: string, text: string): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  }
  function brokenRules(): string {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'registration.json'), (json) => (json.rules[0].conditions.all[0].operator = 'isnt'));
    return dir;
  }
});

describe('cosell rules check', () => {
  test('passes on the shipped rules', async () => {
    expect(await runCli('rules', 'check')).toMatchObject({ status: 0, stdout: expect.stringMatching(/83 rules in 5 files, no problems\./) });
  });
  test('names the file and JSON position of each problem, exit 1', async () => {
    const dir = copyRules(RULES_DIR, tmp);
    editJson(path.join(dir, 'lifecycle-gates.json'), (json) => (json.rules[2].conditions.all[0].fact = 'closeDate'));
    const { status, stderr } = await runCli('rules', 'check', dir);
    expect(status).toBe(1);
    expect(stderr).toMatch(/lifecycle-gates\.json:\d+:\d+ \(\/rules\/2\/conditions\/all\/0\/fact\): Unknown fact "closeDate"\./);
  });
});

describe('the cosell command', () => {
  test('runs from bin/ with no build step', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cosell.js'), 'check', EXAMPLE, '--today', TODAY], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('deals.csv: 36 deals: 30 valid, 6 invalid.');
  });
  test('prints usage', async () => {
    expect((await runCli('--help')).stdout).toContain('cosell check <in.csv|in.xlsx>');
  });
});
