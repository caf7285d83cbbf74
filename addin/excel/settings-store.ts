/**
 * The add-in's settings in the workbook (Office.js document settings), and the same contract in memory for the
 * preview and tests.
 */
/// <reference types="office-js" />

/** Values the add-in keeps in the workbook (its document settings), surviving save and reopen. */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** Persists the settings into the workbook. */
  save(): Promise<void>;
}

/**
 * The workbook's settings through Office.js (`Office.context.document.settings`): kept with the file, per add-in.
 *
 * @example
 * const settings = officeSettings();
 * settings.set('cosell.rules', stored);
 * await settings.save();
 */
export function officeSettings(): SettingsStore {
  const settings = Office.context.document.settings;
  return {
    get: (key) => settings.get(key) ?? undefined,
    set: (key, value) => settings.set(key, value),
    save: () =>
      new Promise((resolve, reject) =>
        settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(new Error(`Could not save the workbook's settings: ${result.error?.message ?? 'unknown error'}`)))),
      ),
  };
}

/** Settings in memory, for the preview and tests: the same contract, kept only while the page lives. */
export function memorySettings(initial: Record<string, unknown> = {}): SettingsStore & { saved: Record<string, unknown> } {
  const values: Record<string, unknown> = JSON.parse(JSON.stringify(initial));
  const store = {
    saved: JSON.parse(JSON.stringify(initial)) as Record<string, unknown>,
    get: (key: string) => values[key],
    set: (key: string, value: unknown) => void (values[key] = JSON.parse(JSON.stringify(value))),
    save: async () => void (store.saved = JSON.parse(JSON.stringify(values))),
  };
  return store;
}
