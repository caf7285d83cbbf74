import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { localToday } from '../../engine/index';
import { ExcelGateway, type ExcelHost } from '../excel/excel-gateway';
import { bundledRulesVersion } from '../rules/bundled-rules';
import { type RulesClient } from '../rules/rules-client';
import { SheetSession } from '../session/sheet-session';
import { App } from './App';

/**
 * Renders the task pane into `element`, working on `excel` (Office's `Excel`, or the preview's stand-in).
 *
 * @example
 * mountPane(document.getElementById('root')!, { excel: Excel, rules: workerRules(worker) });
 */
export function mountPane(element: HTMLElement, { excel, rules }: { excel: ExcelHost; rules: RulesClient }): void {
  const gateway = new ExcelGateway(excel);
  const today = localToday();
  const session = new SheetSession({ gateway, rules, today: () => localToday(), rulesVersion: bundledRulesVersion() });
  createRoot(element).render(
    <FluentProvider theme={webLightTheme}>
      <App session={session} gateway={gateway} today={today} />
    </FluentProvider>,
  );
}
