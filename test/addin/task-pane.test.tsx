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
import { memorySettings } from '../../addin/excel/settings-store';
import { RULES_SETTING, WorkbookRules } from '../../addin/session/workbook-rules';
import { createExcelStandIn } from '../../addin/excel/stand-in/excel-stand-in';
import { workbookFromGrid } from '../../addin/excel/stand-in/workbook-from-grid';
import { inThreadRules } from '../../addin/rules/rules-client';
import { SheetSession } from '../../addin/session/sheet-session';
import { App } from '../../addin/taskpane/App';
import { panePieces } from '../../addin/taskpane/mount-pane';
import { DealPanel } from '../../addin/taskpane/components/DealPanel';
import { ViewBoundary } from '../../addin/taskpane/components/ViewBoundary';
import { compactMoney } from '../../addin/taskpane/components/PipelineChart';
import { type DealInsight } from '../../addin/rules/rules-host';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'deals.csv');

function renderPane(stored: Record<string, unknown> = {}) {
  const book = workbookFromGrid('Deals', parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid);
  const excel = createExcelStandIn(book);
  const gateway = new ExcelGateway(excel);
  const rules = inThreadRules();
  const settings = memorySettings(stored);
  const session = new SheetSession({ gateway, rules, today: () => '2026-11-23', rulesVersion: 'bundled #test' });
  render(
    <FluentProvider theme={webLightTheme}>
      <App session={session} today="2026-11-23" debounceMs={20} workbookRules={new WorkbookRules(settings, rules)} />
    </FluentProvider>,
  );
  return { book, excel, settings, session, user: userEvent.setup() };
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
    for (const tab of ['Check', 'Deal', 'Apply', 'Pipeline', 'Rules']) {
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
    registration: { kind: 'not-relevant' },
    actions: [
      { action: 'Accept', preferred: 'Accept', choices: [{ text: 'Accept', label: 'Accept', allowedRows: 2, possibleRows: 3, reasons: ['Accept needs Notes'] }] },
      { action: 'Win', preferred: 'Win', choices: [{ text: 'Win', label: 'Win', allowedRows: 1, possibleRows: 1, reasons: [] }] },
      {
        action: 'Stage',
        preferred: 'Stage Qualified',
        choices: [
          { text: 'Stage Qualified', label: 'Qualified (20%)', allowedRows: 1, possibleRows: 1, reasons: [] },
          { text: 'Stage Proposed', label: 'Proposed (60%)', allowedRows: 0, possibleRows: 1, reasons: ['fix this row\'s problems first'] },
        ],
      },
    ],
    selectedRows: 3,
  };

  test('shows cell text as text, never as HTML', () => {
    const { container } = render(
      <FluentProvider theme={webLightTheme}>
        <DealPanel insight={insight} busy={false} onAction={() => undefined} onWhy={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.getByText('<b>bold</b> & <script>alert(1)</script>')).toBeInTheDocument();
    expect(container.querySelector('script, b')).toBeNull();
  });

  test('labels an action on several rows with how many allow it', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <DealPanel insight={insight} busy={false} onAction={() => undefined} onWhy={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.getByRole('button', { name: 'Accept (2 of 3)' })).toBeEnabled();
    expect(screen.getByText('(and 2 more selected)', { exact: false })).toBeInTheDocument();
  });

  test('with several rows selected, a button is enabled exactly when some row allows it, and says where it is not possible', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <DealPanel insight={insight} busy={false} onAction={() => undefined} onWhy={() => undefined} />
      </FluentProvider>,
    );
    const win = screen.getByRole('button', { name: 'Win (1 of 3)' });
    expect(win).toBeEnabled();
    expect(win.parentElement).toHaveTextContent('Not possible on 2 of the 3 selected rows in their state.');
    expect(win.parentElement).not.toHaveTextContent(/Win is not possible/);
  });

  test('an ordinary deal moves stage through one picker, not a button per stage; the chosen stage\'s reasons show', async () => {
    const asked: string[] = [];
    render(
      <FluentProvider theme={webLightTheme}>
        <DealPanel insight={insight} busy={false} onAction={(a) => asked.push(a)} onWhy={() => undefined} />
      </FluentProvider>,
    );
    const user = userEvent.setup();
    expect(screen.queryByRole('button', { name: /^Stage / })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Set stage (1 of 3)' }));
    expect(asked).toEqual(['Stage Qualified']);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Move to stage' }), 'Proposed (60%)');
    expect(screen.getByRole('button', { name: 'Set stage (0 of 3)' })).toBeDisabled();
    expect(screen.getByText("Fix this row's problems first.")).toBeInTheDocument();
  });

  test('a received deal shows neither the stage list nor the registration checklist', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <DealPanel insight={{ ...insight, stages: [] }} busy={false} onAction={() => undefined} onWhy={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.queryByRole('list', { name: 'Sales stages' })).toBeNull();
    expect(screen.queryByRole('list', { name: 'Registration eligibility' })).toBeNull();
  });
});

describe('the Rules view', () => {
  const RULES = path.join(__dirname, '..', '..', 'rules');
  const MINIMUM_VALUE = {
    name: 'register-needs-minimum-value',
    conditions: { all: [{ fact: 'currencyCode', operator: 'equal', value: 'USD' }, { fact: 'estimatedDealValue', operator: 'lessThan', value: 25000 }] },
    event: { type: 'register', params: { message: 'Register needs an Estimated Deal Value of at least USD 25,000; it is {estimatedDealValue}.', columns: ['Estimated Deal Value'] } },
  };

  /** The shipped rule folder's files as a user would pick them, with `edit` applied to the parsed JSON by file name. */
  function ruleFiles(edit: (name: string, json: any) => void = () => undefined): File[] {
    return fs
      .readdirSync(RULES)
      .filter((name) => name.endsWith('.json'))
      .map((name) => {
        const json = JSON.parse(fs.readFileSync(path.join(RULES, name), 'utf8'));
        edit(name, json);
        return new File([JSON.stringify(json, null, 2)], name, { type: 'application/json' });
      });
  }
  const withMinimumValue = (name: string, json: any) => {
    if (name === 'registration.json') json.rules.push(MINIMUM_VALUE);
    if (name === 'rule-set.json') json.version = '2026.12.0';
  };

  test('loads a candidate, previews its impact on the sheet, activates it and keeps it in the workbook', async () => {
    const { user, settings } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Rules' }));
    expect(await screen.findByText(/^Co-sell policy 2026\.11\.2 #[0-9a-f]{14}/)).toBeInTheDocument();
    await user.upload(screen.getByLabelText('Rule files'), ruleFiles(withMinimumValue));
    const candidate = await screen.findByRole('region', { name: 'Candidate' });
    expect(within(candidate).getByRole('status')).toHaveTextContent(/^Co-sell policy 2026\.12\.0 #[0-9a-f]{14}: 84 rules, no problems\.$/);

    await user.click(screen.getByRole('button', { name: 'Preview impact on this sheet' }));
    const impact = await screen.findByRole('region', { name: 'Impact' }, { timeout: 10_000 });
    expect(within(impact).getByRole('status')).toHaveTextContent('1 of 36 deals change: 0 become invalid, 0 become valid.');
    expect(within(impact).getByRole('list', { name: 'Changed deals' })).toHaveTextContent(/Row 36 Contoso kiosk refresh.*Register: no longer allowed: Register needs an Estimated Deal Value of at least USD 25,000; it is 18000\./);

    await user.click(screen.getByRole('button', { name: 'Activate' }));
    expect(await screen.findByText(/^Activated Co-sell policy 2026\.12\.0/)).toBeInTheDocument();
    const stored = settings.saved[RULES_SETTING] as { active: { version: string; hash: string; sources: unknown[] } };
    expect(stored.active).toMatchObject({ version: '2026.12.0', hash: expect.stringMatching(/^[0-9a-f]{14}$/) });
    expect(stored.active.sources.length).toBeGreaterThanOrEqual(7);
    expect(screen.getByText(/^Rules: Co-sell policy 2026\.12\.0/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Revert to bundled rules' }));
    expect(await screen.findByText(/^Back to the bundled rules \(Co-sell policy 2026\.11\.2/)).toBeInTheDocument();
    expect((settings.saved[RULES_SETTING] as { active?: unknown }).active).toBeUndefined();
  });

  test('shows a candidate\'s problems as rules check does, and offers no Activate', async () => {
    const { user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Rules' }));
    await user.upload(
      screen.getByLabelText('Rule files'),
      ruleFiles((name, json) => name === 'registration.json' && (json.rules[0].conditions.all[0].value = 'Cosell')),
    );
    const problems = await screen.findByRole('list', { name: 'Rule problems' });
    expect(problems).toHaveTextContent(/^registration\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/value\): dealType is never "Cosell"\. Did you mean "Co-sell"\?/);
    expect(screen.queryByRole('button', { name: 'Activate' })).toBeNull();
  });

  test('a workbook keeps its rule set; one that no longer loads falls back to the last good one, with a warning', async () => {
    const sources = (edit?: (name: string, json: any) => void) =>
      ruleFiles(edit).map((f) => ({ file: f.name, text: fs.readFileSync(path.join(RULES, f.name), 'utf8') }));
    const good = { name: 'Co-sell policy', version: '2026.11.2', hash: 'x', activatedAt: '2026-11-01T00:00:00Z', sources: sources() };
    const broken = { ...good, version: '2026.12.0', sources: good.sources.map((s) => (s.file === 'registration.json' ? { ...s, text: s.text.replace('"dealType"', '"dealKind"') } : s)) };
    const { user } = renderPane({ [RULES_SETTING]: { active: broken, previous: [good] } });
    const warning = await screen.findByText(/^The rule set stored in this workbook \(Co-sell policy 2026\.12\.0 #x\) no longer loads: registration\.json:\d+:\d+ \(\/rules\/0\/conditions\/all\/0\/fact\): Unknown fact "dealKind"/);
    expect(warning).toHaveTextContent(/Using Co-sell policy 2026\.11\.2 #[0-9a-f]{14}, the last rule set that loads, instead\.$/);
    await user.click(screen.getByRole('tab', { name: 'Rules' }));
    expect(screen.getByText('(kept in this workbook)')).toBeInTheDocument();
  });
});

describe('Why?', () => {
  test('explains a refused action in sentences, the engine\'s detail one click further', async () => {
    const { book, user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Deal' }));
    act(() => book.select({ row: 14, column: 3, rowCount: 1, columnCount: 1 })); // row 15: a won Private deal
    await user.click(await screen.findByRole('button', { name: 'Why is Register refused?' }, { timeout: 5000 }));
    const why = await screen.findByRole('region', { name: 'Why' });
    expect(within(why).getByRole('status')).toHaveTextContent('Register: refused by 4 of 4 requirements.');
    const notMet = within(why).getByRole('list', { name: 'Not met' });
    expect(notMet).toHaveTextContent('Register needs Microsoft invited to the deal (Deal Type Co-sell); a Private deal is not eligible.');
    // The detail is folded: a <details> the analyst opens.
    const detail = within(notMet).getAllByText('Details')[0].closest('details')!;
    expect(detail.open).toBe(false);
    await user.click(within(notMet).getAllByText('Details')[0]);
    expect(detail.open).toBe(true);
    expect(detail).toHaveTextContent(/dealType notEqual "Co-sell": holds; actual: "Private"/);
  });

  test('explains why the row is invalid: unmet first, met folded away and counted', async () => {
    const { book, user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Deal' }));
    act(() => book.select({ row: 24, column: 3, rowCount: 1, columnCount: 1 })); // row 25
    await user.click(await screen.findByRole('button', { name: 'Why is row 25 invalid?' }, { timeout: 5000 }));
    const why = await screen.findByRole('region', { name: 'Why' });
    expect(within(why).getByRole('status')).toHaveTextContent(/^Invalid: 3 of \d+ validation requirements are not met\.$/);
    const notMet = within(why).getByRole('list', { name: 'Not met' });
    expect(within(notMet).getAllByRole('listitem').filter((li) => li.parentElement === notMet).map((li) => li.firstChild?.textContent)).toEqual([
      'Customer Country must be a two-letter ISO 3166 code such as US or GB, not "USA".',
      'Currency must be an ISO 4217 code such as USD or EUR, not "US$".',
      'Estimated Close Date must be a real date written MM/DD/YYYY, e.g. 1/30/2020, not "13/45/2026".',
    ]);
    const met = within(why).getByText('58 requirements met').closest('details')!;
    expect(met.open).toBe(false);
    expect(why).not.toHaveTextContent(/isEmpty true — does not hold/);
  });
});

describe('a failure stays inside its view', () => {
  test('Why? opens and closes, and the pane stays, when scrollIntoView returns a Promise as it does in Chromium', async () => {
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function scrollIntoView() {
      return Promise.resolve() as never;
    };
    try {
      const { book, user } = renderPane();
      await user.click(screen.getByRole('tab', { name: 'Deal' }));
      act(() => book.select({ row: 24, column: 3, rowCount: 1, columnCount: 1 })); // row 25
      await user.click(await screen.findByRole('button', { name: 'Why is row 25 invalid?' }, { timeout: 5000 }));
      const why = await screen.findByRole('region', { name: 'Why' });
      await user.click(within(why).getByRole('button', { name: 'Close' }));
      expect(screen.queryByRole('region', { name: 'Why' })).not.toBeInTheDocument();
      expect(screen.getByRole('tab', { name: 'Deal' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Why is row 25 invalid?' })).toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });

  test('a view that throws says what failed, keeps the rest of the pane, and can be drawn again', async () => {
    let fail = true;
    const Fragile = () => {
      if (fail) throw new Error('the chart could not be drawn');
      return <p>drawn</p>;
    };
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    render(
      <FluentProvider theme={webLightTheme}>
        <p>the tabs</p>
        <ViewBoundary view="Pipeline" onError={(e) => seen.push(e.message)}>
          <Fragile />
        </ViewBoundary>
      </FluentProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('The Pipeline view failed');
    expect(screen.getByRole('alert')).toHaveTextContent('the chart could not be drawn. The sheet is as it was; the other views still work.');
    expect(screen.getByText('the tabs')).toBeInTheDocument();
    expect(seen).toEqual(['the chart could not be drawn']);
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show it again' }));
    expect(screen.getByText('drawn')).toBeInTheDocument();
    errors.mockRestore();
  });
});

describe('the pipeline chart\'s value labels', () => {
  test.each([
    [0, '0'],
    [950, '950'],
    [16_000, '16K'],
    [160_000, '160K'],
    [959_500, '960K'],
    [999_600, '1M'],
    [1_500_000, '1.5M'],
    [1_447_500, '1.45M'],
    [92_290_000, '92.3M'],
  ])('%d reads %s', (value, label) => {
    expect(compactMoney(value)).toBe(label);
  });
});

describe('the Apply view\'s result', () => {
  test('is grouped by action with the CLI\'s counts, refused rows first, filterable, each row selecting its row', async () => {
    const { book, user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    await user.click(screen.getByRole('button', { name: 'Apply Action column' }));
    const result = await screen.findByRole('status', { name: 'Result' }, { timeout: 10_000 });
    expect(result).toHaveTextContent('36 deals: 30 valid, 6 invalid; 16 actions applied, 9 refused.');
    expect(result).not.toHaveTextContent('.;');
    expect(within(result).getByText('Stage: 4 applied, 1 refused')).toBeInTheDocument();
    // Refused rows are shown first: the Show list starts on them.
    expect(within(result).getByRole('combobox', { name: 'Show' })).toHaveValue('refused');
    const accept = within(result).getByRole('list', { name: 'Accept rows' });
    expect(within(accept).getAllByRole('button').every((b) => /refused/.test(b.textContent ?? ''))).toBe(true);
    await user.selectOptions(within(result).getByRole('combobox', { name: 'Show' }), 'all');
    const first = within(within(result).getByRole('list', { name: 'Accept rows' })).getAllByRole('button')[0];
    expect(first).toHaveTextContent(/refused/);
    await user.type(within(result).getByRole('textbox', { name: 'Filter' }), 'row 6:');
    const only = within(result).getAllByRole('listitem').filter((li) => li.querySelector('button'));
    expect(only.map((li) => li.textContent)).toEqual(['Row 6: Accept applied']);
    await user.click(within(only[0]).getByRole('button'));
    await waitFor(() => expect(book.selection.row).toBe(5));
  });

  test('the text filter matches words from their start: "Lose" finds Lose rows, not "closed"', async () => {
    const { user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    await user.click(screen.getByRole('button', { name: 'Apply Action column' }));
    const result = await screen.findByRole('status', { name: 'Result' }, { timeout: 10_000 });
    await user.type(within(result).getByRole('textbox', { name: 'Filter' }), 'Lose');
    const rows = within(result).getAllByRole('listitem').map((li) => li.textContent);
    expect(rows).toContain('Row 13: Lose refused: Lose needs a Declined/Lost reason code from 1 to 8.');
    expect(rows.every((row) => /(^|\W)Lose/.test(row ?? ''))).toBe(true); // not row 24's "is closed"
    expect(rows.some((row) => /Row 24:/.test(row ?? ''))).toBe(false);
    expect(within(result).queryByText(/^Accept:/)).toBeNull(); // groups without a match are not listed
  });

  test('Undo replaces the result with its own, under the buttons', async () => {
    const { user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    await user.click(screen.getByRole('button', { name: 'Apply Action column' }));
    await screen.findByRole('status', { name: 'Result' }, { timeout: 10_000 });
    await user.click(screen.getByRole('button', { name: 'Undo last batch' }));
    await screen.findByText(/^Batch .* undone: rows .* restored\.$/, {}, { timeout: 10_000 });
    expect(screen.queryByRole('status', { name: 'Result' })).toBeNull();
  });
});

describe('the session follows the workbook for the pane', () => {
  test('an event subscription Excel refuses is said in the pane, not swallowed', async () => {
    const book = workbookFromGrid('Deals', parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid);
    const gateway = new ExcelGateway(createExcelStandIn(book));
    gateway.watchChanges = () => Promise.reject(new Error('This version of Excel does not support onChanged'));
    const rules = inThreadRules();
    const session = new SheetSession({ gateway, rules, today: () => '2026-11-23', rulesVersion: 'bundled #test' });
    render(
      <FluentProvider theme={webLightTheme}>
        <App session={session} today="2026-11-23" debounceMs={20} workbookRules={new WorkbookRules(memorySettings({}), rules)} />
      </FluentProvider>,
    );
    expect(await screen.findByText('The pane cannot follow edits to the sheet, so an edited row is checked again only by Check sheet: This version of Excel does not support onChanged')).toBeInTheDocument();
  });

  test('edits are heard only for the checked sheet, and stop when the pane closes', async () => {
    const book = workbookFromGrid('Deals', parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid);
    const session = new SheetSession({ gateway: new ExcelGateway(createExcelStandIn(book)), rules: inThreadRules(), today: () => '2026-11-23', rulesVersion: 'bundled #test' });
    const heard: (readonly number[])[] = [];
    const errors: string[] = [];
    const stop = session.follow({ onRowsEdited: (rows) => heard.push(rows), onSelectionMoved: () => undefined, onError: (m) => errors.push(m) });
    await session.check();
    await new Promise((r) => setTimeout(r, 0));
    book.editCell('Deals', 4, 3, 'Renamed');
    await waitFor(() => expect(heard).toEqual([[5]]));
    await stop();
    book.editCell('Deals', 5, 3, 'Renamed again');
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([[5]]);
    expect(errors).toEqual([]);
  });
});

describe('Check in the analyst\'s words', () => {
  test('invalid rows are grouped by the requirement they break, not by rule id', async () => {
    const { user } = renderPane();
    await user.click(screen.getByRole('button', { name: 'Check sheet' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Counts' })).toHaveTextContent('36 deals30 valid6 invalid'), { timeout: 10_000 });
    const groups = screen.getByText('Invalid rows by requirement').closest('details')!;
    expect(groups).toHaveTextContent('Customer Country must be a two-letter ISO 3166 code such as US or GB: 1 row');
    expect(groups).not.toHaveTextContent(/customer-country-iso|help-needs-consent/);
  });
});

describe('drop-down lists from the Apply view', () => {
  test('adds lists, says where, and removes them', async () => {
    const { book, user } = renderPane();
    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    await user.click(screen.getByRole('button', { name: 'Add drop-down lists' }));
    const said = await screen.findByText(/^Added drop-down lists to \d+ columns: .*Partner Referral Status/, {}, { timeout: 10_000 });
    expect(said).toBeInTheDocument();
    expect(book.findSheet('Deals')!.validations.length).toBeGreaterThan(5);
    await user.click(screen.getByRole('button', { name: 'Remove them' }));
    await screen.findByText(/^Removed the drop-down lists from \d+ columns\.$/, {}, { timeout: 10_000 });
    expect(book.findSheet('Deals')!.validations).toEqual([]);
  });

  test('a pane opened again on the saved workbook offers Remove and takes back exactly those lists', async () => {
    const book = workbookFromGrid('Deals', parseCsv(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE).grid);
    const excel = createExcelStandIn(book);
    const sheet = book.findSheet('Deals')!;
    const own = { area: { row: 1, column: sheet.values[0].indexOf('Deal Type'), rowCount: 36, columnCount: 1 }, rule: { list: { inCellDropDown: true, source: 'Mine,Yours' } } };
    sheet.validations.push(own);
    const rules = inThreadRules();
    const open = (settings: ReturnType<typeof memorySettings>) =>
      render(
        <FluentProvider theme={webLightTheme}>
          <App {...panePieces({ excel, rules, settings, today: () => '2026-11-23' })} debounceMs={20} />
        </FluentProvider>,
      );
    const user = userEvent.setup();
    const settings = memorySettings();
    const first = open(settings);
    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    await user.click(screen.getByRole('button', { name: 'Add drop-down lists' }));
    await screen.findByText(/^Added drop-down lists to \d+ columns: .*Partner Referral Status.* Kept your own validation on Deal Type\.$/, {}, { timeout: 10_000 });
    first.unmount();

    open(memorySettings(settings.saved));
    await user.click(screen.getByRole('tab', { name: 'Apply' }));
    expect(screen.getByText(/^Drop-down lists the pane added earlier are on Deals \(\d+ columns\)\.$/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove them' }));
    await screen.findByText(/^Removed the drop-down lists from \d+ columns\.$/, {}, { timeout: 10_000 });
    expect(sheet.validations).toEqual([own]);
    expect(screen.getByRole('button', { name: 'Remove them' })).toBeDisabled();
  });
});
