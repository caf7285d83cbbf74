/**
 * @jest-environment jsdom
 *
 * The task pane on a raw Partner Center export (test/fixtures/partner-center, written by the fixtures' generator,
 * opened untouched as Excel types a CSV): Check shows the sheet notices above the counts, the export's direction is
 * chosen once and kept in the workbook, the catalog comes from a Solutions sheet the pane can create, the Pipeline
 * shows the deals (or says why it cannot), and "Prepare import files" writes Import sheets judged by papaparse
 * and SheetJS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseCsv } from '../../engine/node';
import { solutionIdsInUse } from '../../engine/sheet/catalog-ids-in-use';
import { memorySettings } from '../../addin/excel/settings-store';
import { createExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { workbookFromGrid } from '../../addin/excel/stand-in/workbook-from-grid';
import { type StandInWorkbook } from '../../addin/excel/stand-in/stand-in-workbook';
import { inThreadRules } from '../../addin/rules/rules-client';
import { App } from '../../addin/taskpane/App';
import { panePieces } from '../../addin/taskpane/mount-pane';
import { DIRECTION_SETTING } from '../../addin/session/export-direction';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'partner-center');
const rules = inThreadRules();
jest.setTimeout(60_000);

/** The fixture as an independent reader sees it: papaparse, BOM stripped. */
function fixtureRecords(name: string): string[][] {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.csv`), 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function openExport(name: string, prepare?: (book: StandInWorkbook) => void) {
  const file = path.join(FIXTURES, `${name}.csv`);
  const book = workbookFromGrid('Deals', parseCsv(fs.readFileSync(file, 'utf8'), file).grid);
  prepare?.(book);
  const settings = memorySettings();
  const pieces = panePieces({ excel: createExcelStandIn(book), rules, settings, today: () => '2026-11-23' });
  render(
    <FluentProvider theme={webLightTheme}>
      <App {...pieces} debounceMs={20} />
    </FluentProvider>,
  );
  return { book, settings, user: userEvent.setup() };
}

/** A sheet's values as SheetJS writes them to CSV (what "Save as CSV" gives), read back by papaparse. */
function savedAsCsv(values: readonly (readonly unknown[])[]): string[][] {
  const csv = XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(values.map((r) => [...r])), { blankrows: false });
  return Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
}

const asDate = (text: string) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}` : text;
};

describe('a raw Partner Center export in the pane', () => {
  test('Check works without Direction, Deal Type, Location or Created Date and says once, above the counts, what it derived', async () => {
    const { user } = openExport('feb-2021-inbound');
    await user.click(screen.getByRole('button', { name: 'Check sheet' }));
    const counts = await screen.findByRole('status', { name: 'Counts' }, { timeout: 15_000 });
    // Excel opened the export's phone numbers written "+1 …" as formulas, which show #NAME?: those 23 rows hold no
    // phone number any more, and say so (the CLI, reading the CSV itself, finds all 30 valid).
    expect(counts).toHaveTextContent('30 deals7 valid23 invalid');
    expect(screen.getAllByText(/Customer Contact Phone number: an Excel error \(such as #N\/A or #NAME\?\) shows where a value belongs/).length).toBeGreaterThan(0);
    expect(screen.queryByText(/This sheet cannot be checked/)).toBeNull();
    const notices = screen.getByRole('region', { name: 'About this sheet' });
    expect(notices).toHaveTextContent(/Direction: the sheet has no Direction column; 12 deals derived from their own cells/);
    expect(notices).toHaveTextContent(/Created Date is undecided on 30 deals/);
    expect(notices).toHaveTextContent(/The solution catalog does not know 4 solution IDs used on 29 deals: SOL-2041-AZMG/);
    // Said once: each notice appears one time, and above the counts.
    expect(within(notices).getAllByText(/solution catalog does not know/)).toHaveLength(1);
    expect(notices.compareDocumentPosition(counts) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  test("the export's direction is given once, kept in the workbook's settings and used by the next check", async () => {
    const { user, settings } = openExport('2023-outbound');
    await user.click(screen.getByRole('button', { name: 'Check sheet' }));
    await screen.findByRole('status', { name: 'Counts' }, { timeout: 15_000 });
    expect(screen.getByRole('region', { name: 'About this sheet' })).toHaveTextContent(/Direction is undecided on 30 deals/);

    await user.selectOptions(screen.getByRole('combobox', { name: /This sheet is/ }), "Partner Center's Outbound tab");
    await waitFor(() => expect(settings.saved[DIRECTION_SETTING]).toBe('Outbound'));
    await user.click(screen.getByRole('button', { name: 'Check sheet' }));
    const notices = await screen.findByRole('region', { name: 'About this sheet' }, { timeout: 15_000 });
    await waitFor(() => expect(notices).toHaveTextContent(/Direction: the sheet has no Direction column; 30 deals derived from the export: 30 Outbound/));
    expect(notices).not.toHaveTextContent(/Direction is undecided/);
  });

  test('the Pipeline shows the deals of a raw export', async () => {
    const { user } = openExport('2023-outbound');
    await user.click(screen.getByRole('tab', { name: 'Pipeline' }));
    await user.click(screen.getByRole('button', { name: 'Show pipeline' }));
    const table = await screen.findByRole('table', { name: 'USD by stage' }, { timeout: 15_000 });
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(3);
    expect(screen.getByRole('table', { name: 'USD by deal type' })).toBeInTheDocument();
    expect(screen.getByText(/^\d+ of \d+ deals in the pipeline, in \d+ currenc/)).toBeInTheDocument();
  });

  test('the Pipeline says why when it cannot read the sheet', async () => {
    const { user } = openExport('2023-outbound', (book) => {
      const header = book.activeSheet.values[0];
      header[header.indexOf('Deal Name')] = 'Opportunity';
    });
    await user.click(screen.getByRole('tab', { name: 'Pipeline' }));
    await user.click(screen.getByRole('button', { name: 'Show pipeline' }));
    expect(await screen.findByText(/This sheet cannot be read as a deal sheet: .*Deal Name/, {}, { timeout: 15_000 })).toBeInTheDocument();
  });
});

describe('the solution catalog in the pane', () => {
  test('without a Solutions sheet the bundled sample is used, said so, and the sheet can be created pre-filled with the IDs in use', async () => {
    const { user, book } = openExport('feb-2021-inbound');
    expect(await screen.findByText(/Solution catalog: the bundled sample catalog \(8 solutions\)/, {}, { timeout: 10_000 })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create Solutions sheet' }));
    expect(await screen.findByText(/Created the sheet "Solutions" with the 5 solution IDs this sheet uses \(1 filled in from the sample\)/, {}, { timeout: 10_000 })).toBeInTheDocument();
    const ids = book.findSheet('Solutions')!.values.slice(1).map((r) => r[0]);
    expect(ids).toEqual(['SOL-1234-PQRS', 'SOL-2041-AZMG', 'SOL-3310-DYNB', 'SOL-4420-SECR', 'SOL-5120-AIVA']);
    expect(await screen.findByText(/Solution catalog: sheet "Solutions", 1 solution\./)).toBeInTheDocument();
    expect(screen.getByText(/Still without Kind or Incentive eligible/)).toHaveTextContent('SOL-2041-AZMG (row 3)');
    expect(screen.queryByRole('button', { name: 'Create Solutions sheet' })).toBeNull();
  });

  test("a filled Solutions sheet is the catalog: its IDs are no longer unknown", async () => {
    const { user } = openExport('feb-2021-inbound', (book) =>
      book.addSheet('Solutions', [
        ['ID', 'Name', 'Kind', 'Incentive eligible'],
        ['SOL-1234-PQRS', 'Backup', 'own', 'Yes'],
        ['SOL-2041-AZMG', 'Azure migration', 'own', 'Yes'],
        ['SOL-3310-DYNB', 'Dynamics', 'own', 'Yes'],
        ['SOL-4420-SECR', 'Security', 'third-party', 'No'],
        ['SOL-5120-AIVA', 'AI', 'microsoft', 'Yes'],
      ]),
    );
    await user.click(screen.getByRole('button', { name: 'Check sheet' }));
    await screen.findByRole('status', { name: 'Counts' }, { timeout: 15_000 });
    expect(screen.getByText(/Solution catalog: sheet "Solutions", 5 solutions/)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'About this sheet' })).not.toHaveTextContent(/solution catalog does not know/);
  });

  test('a Solutions sheet with problems: each is shown with its sheet, row and column, and the sample is used', async () => {
    openExport('feb-2021-inbound', (book) =>
      book.addSheet('Solutions', [
        ['ID', 'Name', 'Kind', 'Incentive eligible'],
        ['SOL-2041-AZMG', 'Azure migration', 'gadget', 'Yes'],
      ]),
    );
    const problems = await screen.findByRole('list', { name: 'Solutions sheet problems' }, { timeout: 10_000 });
    expect(problems).toHaveTextContent('Sheet "Solutions", row 2, column C "Kind": "gadget" is not a kind');
    expect(screen.getByText(/the bundled sample catalog \(8 solutions\), because the sheet "Solutions" has problems/)).toBeInTheDocument();
  });
});

describe('the Deal view on a raw export', () => {
  test("judges the selected deal with the export's tab: no action is refused because Direction is undecided", async () => {
    const { book, user } = openExport('2023-outbound');
    await user.selectOptions(await screen.findByRole('combobox', { name: /This sheet is/ }), "Partner Center's Outbound tab");
    await user.click(screen.getByRole('button', { name: 'Create Solutions sheet' }));
    await screen.findByText(/Created the sheet "Solutions"/, {}, { timeout: 15_000 });
    await user.click(screen.getByRole('tab', { name: 'Deal' }));
    act(() => book.select({ row: 14, column: 0, rowCount: 1, columnCount: 1 })); // sheet row 15: Active, Co-sell
    await screen.findByRole('button', { name: 'Win' }, { timeout: 15_000 });
    expect(document.body).not.toHaveTextContent(/Direction is undecided/);
  });
});

describe('Prepare import files', () => {
  test("the rows changed by the Deal log go to a new Import sheet: Partner Center's columns in the export's order, Errors empty, every other cell as exported", async () => {
    const records = fixtureRecords('2023-outbound');
    const [headers, ...rows] = records;
    const stage = headers.indexOf('Sales Stage');
    const status = headers.indexOf('Partner Referral Status');
    const index = rows.findIndex((r) => r[status] === 'Active' && r[stage] === '40' && r[headers.indexOf('Microsoft help required?')] === 'Yes');
    expect(index).toBeGreaterThanOrEqual(0);
    const sheetRow = index + 2;

    // The analyst has filled the Solutions sheet, so every deal's type is derived (none could be an assessment).
    const ids = solutionIdsInUse({ headers, rows });
    const { book, user } = openExport('2023-outbound', (b) => {
      b.addSheet('Import 1', [['kept', 'as it was']]);
      b.addSheet('Solutions', [['ID', 'Name', 'Kind', 'Incentive eligible'], ...ids.map((id) => [id, '', 'own', 'Yes'])]);
    });
    await user.click(screen.getByRole('tab', { name: 'Deal' }));
    act(() => book.select({ row: sheetRow - 1, column: 0, rowCount: 1, columnCount: 1 }));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Move to stage' }, { timeout: 15_000 }), 'Proposed (60%)');
    await user.click(screen.getByRole('button', { name: 'Set stage' }));
    await screen.findByText(`Row ${sheetRow}: Stage → Proposed applied`, {}, { timeout: 15_000 });

    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    await user.click(screen.getByRole('button', { name: 'Prepare import files' }));
    const result = await screen.findByRole('status', { name: 'Import result' }, { timeout: 15_000 });
    expect(result).toHaveTextContent('1 row changed by 1 batch in the Deal log: wrote "Import 2" (1 deal)');
    expect(result).toHaveTextContent('File › Export › Download as CSV UTF-8');
    expect(book.findSheet('Import 1')!.values).toEqual([['kept', 'as it was']]); // never overwritten

    const [importHeaders, ...importRows] = savedAsCsv(book.findSheet('Import 2')!.values);
    expect(importHeaders).toEqual(headers); // the export's own columns, in its order
    expect(importRows).toHaveLength(1);
    const [written] = importRows;
    expect(written[0]).toBe(''); // Errors
    expect(written[stage]).toBe('60'); // Proposed, written as the export writes stages (a percentage)
    const closeDate = headers.indexOf('Estimated Close Date');
    expect(written[closeDate]).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4}$/);
    headers.forEach((header, c) => {
      if (c === stage) return;
      const expected = c === closeDate ? asDate(rows[index][c]) : rows[index][c];
      expect({ header, value: c === closeDate ? asDate(written[c]) : written[c] }).toEqual({ header, value: expected });
    });

    // Undo takes the change back: the import sheet written before it must not be uploaded as it is.
    await user.click(screen.getByRole('button', { name: 'Undo last batch' }));
    expect(await screen.findByText(/^Undo changed the sheet after the import sheets were written/, {}, { timeout: 15_000 })).toBeInTheDocument();
  });

  test('with no applied action, it says so and writes nothing; every valid row can be asked for, and a held-back row selects its row', async () => {
    const { book, user } = openExport('2023-outbound');
    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    await user.click(screen.getByRole('button', { name: 'Prepare import files' }));
    expect(await screen.findByText(/The Deal log holds no applied action on the sheet "Deals"/, {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(book.findSheet('Import 1')).toBeUndefined();

    await user.click(screen.getByRole('radio', { name: 'Every valid deal of the sheet' }));
    await user.click(screen.getByRole('button', { name: 'Prepare import files' }));
    await screen.findByText(/Every valid row of the sheet: wrote "Import 1"/, {}, { timeout: 15_000 });
    const held = within(screen.getByRole('list', { name: 'Held back' })).getAllByRole('button');
    expect(held.length).toBeGreaterThan(0);
    const closed = screen.getByRole('button', { name: /Row 3 · .*Partner Center takes no edits to a closed deal/ });
    await user.click(closed);
    await waitFor(() => expect(book.selection).toMatchObject({ row: 2 }));
    const imported = savedAsCsv(book.findSheet('Import 1')!.values);
    expect(imported.length - 1 + held.length).toBe(30);
  });
});
