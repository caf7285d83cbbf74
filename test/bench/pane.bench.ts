/**
 * `npm run bench` (second part): the task pane's path on a 5,000-deal sheet (Partner Center's export limit),
 * through the Excel stand-in with the rules in-thread: requests per operation, the largest request and
 * response (Excel on the web refuses more than 5 MB), and time. Side by side, the same Errors written with one
 * request per row, the way a naive gateway would, to show what batching saves in round trips.
 *
 * The stand-in has no network: on Excel each request is a round trip, so the request count is the figure to
 * compare; the times are this machine's CPU only.
 */
import { ExcelGateway } from '../../addin/excel/excel-gateway';
import { createExcelStandIn, type ExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { workbookFromGrid } from '../../addin/excel/stand-in/workbook-from-grid';
import { inThreadRules } from '../../addin/rules/rules-client';
import { SheetSession } from '../../addin/session/sheet-session';
import { repeatedExample } from '../helpers/generated-sheet';

const ROWS = Number(process.env.BENCH_PANE_ROWS ?? 5000);

function openSheet() {
  const excel = createExcelStandIn(workbookFromGrid('Deals', repeatedExample(ROWS)));
  const gateway = new ExcelGateway(excel);
  const session = new SheetSession({ gateway, rules: inThreadRules(), today: () => '2026-11-23', rulesVersion: 'bench' });
  return { excel, gateway, session };
}

function report(name: string, excel: ExcelStandIn, ms: number): void {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  const requests = excel.requests;
  const maxRequest = Math.max(...requests.map((r) => r.requestBytes));
  const maxResponse = Math.max(...requests.map((r) => r.responseBytes));
  console.log(`${name.padEnd(44)} ${String(requests.length).padStart(6)} requests  largest request ${mb(maxRequest)} MB, response ${mb(maxResponse)} MB  ${(ms / 1000).toFixed(2)} s`);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function bench(): Promise<void> {
  console.log(`Task pane path on ${ROWS.toLocaleString('en-US')} deals (Excel stand-in, rules in-thread):`);
  {
    const { excel, session } = openSheet();
    const ms = await timed(() => session.check());
    report('Check sheet (read, rules, Errors + marks)', excel, ms);
    excel.resetCounts();
    const again = await timed(() => session.check());
    report('Check sheet again (marks to clear)', excel, again);
  }
  {
    const { excel, session } = openSheet();
    const ms = await timed(() => session.applyActionColumn(true));
    report('Apply Action column + expire overdue', excel, ms);
  }
  {
    // The naive way: the same Errors cells, one request (sync) per row.
    const { excel, gateway } = openSheet();
    const read = await gateway.readSheet();
    excel.resetCounts();
    const errors = read.headers.indexOf('Errors');
    const ms = await timed(async () => {
      for (const row of read.rows) {
        await excel.run(async (context) => {
          context.workbook.worksheets.getActiveWorksheet().getRangeByIndexes(row.row - 1, errors, 1, 1).values = [['checked']];
          await context.sync();
        });
      }
    });
    report('naive: Errors written one request per row', excel, ms);
  }
}

void bench();
