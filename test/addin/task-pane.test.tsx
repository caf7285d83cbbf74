/**
 * @jest-environment jsdom
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseCsv } from '../../engine/node';
import { ExcelGateway } from '../../addin/excel/excel-gateway';
import { createExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { workbookFromGrid } from '../../addin/excel/stand-in/workbook-from-grid';
import { inThreadRules } from '../../addin/rules/rules-client';
import { SheetSession } from '../../addin/session/sheet-session';
import { App } from '../../addin/taskpane/App';
import { DealPanel } from '../../addin/taskpane/components/DealPanel';
import { type DealInsight } from '../../addin/rules/rules-host';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'deals.csv');

function renderPane() {
  const book = workbookFromGrid('Deals', parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid);
  const excel = createExcelStandIn(book);
  const gateway = new ExcelGateway(excel);
  const session = new SheetSession({ gateway, rules: inThreadRules(), today: () => '2026-11-23', rulesVersion: 'bundled #test' });
  render(
    <FluentProvider theme={webLightTheme}>
      <App session={session} gateway={gateway} today="2026-11-23" debounceMs={20} />
    </FluentProvider>,
  );
  return { book, excel, user: userEvent.setup() };
}

describe('the task pane', () => {
  test('Check sheet shows the counts and a problem list whose items select their cell', async () => {
    const { book, user } = renderPane();
    await user.click(screen.getByRole('button', { name: 'Check sheet' }));
    const counts = await screen.findByRole('status', { name: 'Counts' }, { timeout: 10_000 });
    expect(counts).toHaveTextContent('36 deals30 valid6 invalid');
    const problems = within(screen.getByRole('list', { name: 'Problems' })).getAllByRole('button');
    expect(problems.length).toBeGreaterThanOrEqual(6);
    await user.click(screen.getByRole('button', { name: /Row 25 · Currency/ }));
    await waitFor(() => expect(book.selection).toMatchObject({ row: 24, rowCount: 1 }));
  });

  test('labels every control', async () => {
    const { user } = renderPane();
    for (const tab of ['Check', 'Deal', 'Apply', 'Pipeline']) {
      await user.click(screen.getByRole('tab', { name: tab }));
      for (const control of [...screen.queryAllByRole('button'), ...screen.queryAllByRole('checkbox')]) {
        expect(control).toHaveAccessibleName();
      }
    }
  });

  test('follows the selection and shows the deal with its actions', async () => {
    const { book, user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Deal' }));
    act(() => book.select({ row: 5, column: 3, rowCount: 1, columnCount: 1 }));
    expect(await screen.findByText('Woodgrove fraud analytics')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Accept' })).toBeEnabled();
    const decline = screen.getByRole('button', { name: 'Decline' });
    expect(decline).toBeDisabled();
    expect(decline).toHaveAccessibleDescription(/Declined\/Lost reason/);
  });

  test('re-checks an edited row on its own and updates the counts', async () => {
    const { book, user } = renderPane();
    await user.click(screen.getByRole('button', { name: 'Check sheet' }));
    await screen.findByRole('status', { name: 'Counts' }, { timeout: 10_000 });
    const header = book.activeSheet.values[0];
    act(() => {
      book.editCell('Deals', 24, header.indexOf('Customer Country'), 'US');
      book.editCell('Deals', 24, header.indexOf('Currency'), 'USD');
      book.editCell('Deals', 24, header.indexOf('Estimated Close Date'), '12/31/2026');
    });
    await waitFor(() => expect(screen.getByRole('status', { name: 'Counts' })).toHaveTextContent('36 deals31 valid5 invalid'), { timeout: 3000 });
    expect(screen.queryByRole('button', { name: /Row 25 ·/ })).toBeNull();
  });
});

describe('the deal panel', () => {
  const insight: DealInsight = {
    row: 7,
    dealName: '<b>bold</b> & <script>alert(1)</script>',
    customerName: 'Fabrikam',
    state: 'New/Received',
    dealType: 'Co-sell',
    direction: 'Inbound',
    valid: true,
    problems: [],
    stages: [{ name: 'Accepted', percent: 10, state: 'ahead' }],
    assessment: false,
    registration: [],
    actions: [{ text: 'Accept', allowedRows: 2, possibleRows: 3, reasons: ['row 9 is closed'] }],
    selectedRows: 3,
  };

  test('shows cell text as text, never as HTML', () => {
    const { container } = render(
      <FluentProvider theme={webLightTheme}>
        <DealPanel insight={insight} busy={false} onAction={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.getByText('<b>bold</b> & <script>alert(1)</script>')).toBeInTheDocument();
    expect(container.querySelector('script, b')).toBeNull();
  });

  test('labels an action on several rows with how many allow it', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <DealPanel insight={insight} busy={false} onAction={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.getByRole('button', { name: 'Accept (2 of 3)' })).toBeEnabled();
    expect(screen.getByText('(and 2 more selected)', { exact: false })).toBeInTheDocument();
  });
});
