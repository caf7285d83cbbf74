/**
 * The manifest's FunctionFile. The ribbon button only opens the task pane (a ShowTaskpane action), so there
 * are no function commands yet; Office still loads this page and waits for it to be ready.
 */
Office.onReady(() => undefined);
