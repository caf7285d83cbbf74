/** The task pane's entry: waits for Office, then mounts the pane on Excel with the rules in a Web Worker. */
import { workerRules } from '../rules/rules-client';
import { mountPane } from './mount-pane';
import { officeSettings } from '../excel/settings-store';

const root = document.getElementById('root')!;

Office.onReady((info) => {
  if (info.host !== Office.HostType.Excel) {
    // Opened outside Excel (e.g. the page itself in a browser): say where it works instead of failing.
    root.textContent = 'This pane runs inside Excel. Outside Excel, open preview.html to try it on a sample sheet.';
    return;
  }
  const worker = new Worker(new URL('../rules/rules.worker.ts', import.meta.url), { type: 'module' });
  mountPane(root, { excel: Excel, rules: workerRules(worker), settings: officeSettings() });
});
