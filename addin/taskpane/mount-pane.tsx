import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { localToday } from '../../engine/index';
import { ExcelGateway, type ExcelHost, type SettingsStore } from '../excel/excel-gateway';
import { WorkbookRules } from '../session/workbook-rules';
import { bundledRulesVersion } from '../rules/bundled-rules';
import { type RulesClient } from '../rules/rules-client';
import { SheetSession } from '../session/sheet-session';
import { App } from './App';

/**
 * Renders the task pane into `element`, working on `excel` (Office's `Excel`, or the preview's stand-in).
 *
 * @example
 * mountPane(document.getElementById('root')!, { excel: Excel, rules: workerRules(worker), settings: officeSettings() });
 */
export function mountPane(element: HTMLElement, { excel, rules, settings }: { excel: ExcelHost; rules: RulesClient; settings: SettingsStore }): void {
  const gateway = new ExcelGateway(excel);
  const today = localToday();
  const session = new SheetSession({ gateway, rules, today: () => localToday(), rulesVersion: bundledRulesVersion() });
  createRoot(element).render(
    <FluentProvider theme={webLightTheme}>
      <App session={session} gateway={gateway} today={today} workbookRules={new WorkbookRules(settings, rules)} />
    </FluentProvider>,
  );
}
