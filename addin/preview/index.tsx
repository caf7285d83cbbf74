/**
 * The preview page: the real task pane beside an in-browser sheet loaded from examples/deals.csv, for machines
 * without Excel. The pane talks to the Excel stand-in exactly as it talks to Excel; nothing else differs.
 */
import { FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { parseCsv } from '../../engine/io/csv-file';
import { createExcelStandIn } from '../excel/stand-in/excel-stand-in';
import { memorySettings } from '../excel/settings-store';
import { SLICE_MS } from '../excel/yielding';
import { workbookFromGrid } from '../excel/stand-in/workbook-from-grid';
import { workerRules } from '../rules/rules-client';
import { mountPane } from '../taskpane/mount-pane';
import { SheetView } from './SheetView';
import { readXlsxSheet } from './xlsx-sheet';
import dealsCsv from '../../examples/deals.csv';
import feb2021Inbound from '../../test/fixtures/partner-center/feb-2021-inbound.csv';
import feb2021Outbound from '../../test/fixtures/partner-center/feb-2021-outbound.csv';
import sept2021Inbound from '../../test/fixtures/partner-center/sept-2021-inbound.csv';
import sept2021Outbound from '../../test/fixtures/partner-center/sept-2021-outbound.csv';
import y2023Inbound from '../../test/fixtures/partner-center/2023-inbound.csv';
import y2023Outbound from '../../test/fixtures/partner-center/2023-outbound.csv';
import y2023OutboundResult from '../../test/fixtures/partner-center/2023-outbound-import-result.csv';

/**
 * `preview.html?fixture=2023-outbound` opens a raw Partner Center export (test/fixtures/partner-center, untouched)
 * instead of the sample, typed as Excel types a CSV it opens.
 */
const FIXTURES: Readonly<Record<string, string>> = {
  'feb-2021-inbound': feb2021Inbound,
  'feb-2021-outbound': feb2021Outbound,
  'sept-2021-inbound': sept2021Inbound,
  'sept-2021-outbound': sept2021Outbound,
  '2023-inbound': y2023Inbound,
  '2023-outbound': y2023Outbound,
  '2023-outbound-import-result': y2023OutboundResult,
};
const fixture = new URLSearchParams(location.search).get('fixture');
const fixtureText = fixture !== null && Object.hasOwn(FIXTURES, fixture) ? FIXTURES[fixture] : undefined;
const source = fixtureText === undefined ? 'examples/deals.csv' : `test/fixtures/partner-center/${fixture}.csv`;

/** `preview.html?rows=5000` repeats the sample's rows (with unique Referral IDs) to try a full-size export. */
function sampleGrid() {
  if (fixtureText !== undefined) return parseCsv(fixtureText, source).grid;
  const { grid } = parseCsv(dealsCsv, 'examples/deals.csv');
  const wanted = Number(new URLSearchParams(location.search).get('rows'));
  if (!Number.isInteger(wanted) || wanted <= grid.rows.length) return grid;
  const referral = grid.headers.indexOf('Referral ID');
  const rows = Array.from({ length: Math.min(wanted, 100_000) }, (_, i) => {
    const row = [...grid.rows[i % grid.rows.length]];
    row[referral] = `r-${i + 1}`;
    return row;
  });
  return { headers: grid.headers, rows };
}

const book = workbookFromGrid('Deals', sampleGrid());
// Excel answers the pane's requests in its own process; the stand-in answers them on this page, so it answers in
// slices that give the page a turn (the pane's own work is what the page's long tasks should show).
const excel = createExcelStandIn(book, { sliceMs: SLICE_MS });
// For the browser tests: the workbook and the request log, read-only by convention.
(window as unknown as { preview: unknown }).preview = { book, excel };

createRoot(document.getElementById('sheet')!).render(
  <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 4 }}>
      <Text size={200}>
        Preview: an in-browser stand-in for an Excel sheet ({source}), not Excel. Click a cell to select it (shift-click or shift+arrows to extend, ctrl-click to add another area), double-click or F2 to edit.{' '}
        <OpenFile />
      </Text>
      <SheetView book={book} />
    </div>
  </FluentProvider>,
);

/** "Open your own CSV or .xlsx": the file becomes a new sheet; a file that cannot be read is said beside the control. */
function OpenFile() {
  const [problem, setProblem] = useState<string>();
  return (
    <>
      <label>
        Open your own CSV or .xlsx as a new sheet:{' '}
        <input
          type="file"
          accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label="Open a CSV or .xlsx file"
          onChange={(e) => {
            const input = e.currentTarget;
            setProblem(undefined);
            void openFile(input).then(setProblem, (error: unknown) => setProblem(String(error)));
          }}
        />
      </label>
      {problem === undefined ? null : (
        <span role="alert" style={{ display: 'block', color: '#a4262c' }}>
          {problem}
        </span>
      )}
    </>
  );
}

/**
 * Opens the user's own file as a new sheet and activates it: a CSV as Excel opens one (numbers and M/D/YYYY
 * dates typed), an .xlsx's first worksheet as it holds its cells (numbers, text, booleans; dates as serials with
 * their number format; formulas by their cached results). Returns why a file cannot be opened; nothing is
 * half-loaded.
 */
async function openFile(input: HTMLInputElement): Promise<string | undefined> {
  const file = input.files?.[0];
  if (!file) return undefined;
  try {
    const free = (wanted: string) => {
      const base = wanted.slice(0, 31) || 'Sheet';
      let name = base;
      for (let n = 2; book.findSheet(name); n++) name = `${base.slice(0, 26)} (${n})`;
      return name;
    };
    if (/\.xlsx$/i.test(file.name)) {
      const read = readXlsxSheet(new Uint8Array(await file.arrayBuffer()), file.name);
      const sheet = book.addSheet(free(read.name), read.rows);
      read.numberFormats.forEach((format, at) => sheet.numberFormats.set(at, format));
      book.activate(sheet.name);
    } else {
      const { grid } = parseCsv(await file.text(), file.name);
      const name = free(file.name.replace(/\.csv$/i, ''));
      workbookFromGrid(name, grid, book);
      book.activate(name);
    }
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.includes(file.name) ? message : `${file.name} cannot be opened: ${message}`;
  } finally {
    input.value = '';
  }
}

const worker = new Worker(new URL('../rules/rules.worker.ts', import.meta.url), { type: 'module' });
mountPane(document.getElementById('pane')!, { excel, rules: workerRules(worker), settings: memorySettings() });
