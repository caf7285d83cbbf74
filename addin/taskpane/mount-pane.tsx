import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { localToday } from '../../engine/index';
import { ExcelGateway } from '../excel/excel-gateway';
import { type ExcelHost } from '../excel/excel-host';
import { type SettingsStore } from '../excel/settings-store';
import { SheetsGateway } from '../excel/sheets-gateway';
import { WorkbookRules } from '../session/workbook-rules';
import { WorkbookCatalog } from '../session/workbook-catalog';
import { ExportDirectionSetting } from '../session/export-direction';
import { PaneCatalog } from '../session/pane-catalog';
import { ImportSession } from '../session/import-session';
import { bundledRulesVersion } from '../rules/bundled-rules';
import { type RulesClient } from '../rules/rules-client';
import { withJudging } from '../rules/judging-rules';
import { SheetSession } from '../session/sheet-session';
import { App, type AppProps } from './App';

/**
 * Everything the pane works with, on one Excel host: the gateways, the session, and what a raw Partner Center
 * export needs (the export's direction kept in the workbook's settings, the workbook's Solutions sheet as the
 * catalog, the import files). Every request to the rules carries the direction and the catalog.
 *
 * @example
 * render(<App {...panePieces({ excel: createExcelStandIn(book), rules: inThreadRules(), settings: memorySettings() })} />);
 */
export function panePieces({ excel, rules, settings, today = localToday }: { excel: ExcelHost; rules: RulesClient; settings: SettingsStore; today?: () => string }): AppProps {
  const gateway = new ExcelGateway(excel);
  const sheets = new SheetsGateway(excel);
  const exportDirection = new ExportDirectionSetting(settings);
  const catalog = new PaneCatalog(new WorkbookCatalog(sheets), gateway);
  const judging = withJudging(rules, () => ({ direction: exportDirection.direction(), catalog: catalog.document() }));
  const session = new SheetSession({ gateway, rules: judging, today, rulesVersion: bundledRulesVersion(), settings });
  return {
    session,
    today: today(),
    workbookRules: new WorkbookRules(settings, rules),
    exportDirection,
    catalog,
    imports: new ImportSession({ gateway, sheets, rules: judging, today }),
  };
}

/**
 * Renders the task pane into `element`, working on `excel` (Office's `Excel`, or the preview's stand-in).
 *
 * @example
 * mountPane(document.getElementById('root')!, { excel: Excel, rules: workerRules(worker), settings: officeSettings() });
 */
export function mountPane(element: HTMLElement, options: { excel: ExcelHost; rules: RulesClient; settings: SettingsStore }): void {
  createRoot(element).render(
    <FluentProvider theme={webLightTheme}>
      <App {...panePieces(options)} />
    </FluentProvider>,
  );
}
