/**
 * The direction of the whole export, kept in the workbook's settings: a Partner Center export is one tab of its
 * co-sell page (Inbound or Outbound) and carries no Direction column, so the analyst says it once in the pane.
 */
import { type Direction } from '../../engine/domain/vocabulary';
import { type SettingsStore } from '../excel/settings-store';

export const DIRECTION_SETTING = 'cosell.exportDirection';

/** What the pane offers: the sheet is Partner Center's Inbound tab, its Outbound tab, or says it per row. */
export type ExportDirection = Direction | 'per-row';

export const EXPORT_DIRECTIONS: readonly { readonly value: ExportDirection; readonly label: string }[] = [
  { value: 'per-row', label: 'says it per row (or derives it)' },
  { value: 'Inbound', label: "Partner Center's Inbound tab" },
  { value: 'Outbound', label: "Partner Center's Outbound tab" },
];

/**
 * @example
 * const direction = new ExportDirectionSetting(officeSettings());
 * await direction.set('Outbound');
 * direction.get(); // 'Outbound'
 */
export class ExportDirectionSetting {
  constructor(private readonly settings: SettingsStore) {}

  get(): ExportDirection {
    const value = this.settings.get(DIRECTION_SETTING);
    return value === 'Inbound' || value === 'Outbound' ? value : 'per-row';
  }

  /** The direction the engine is given: undefined for per row. */
  direction(): Direction | undefined {
    const value = this.get();
    return value === 'per-row' ? undefined : value;
  }

  async set(value: ExportDirection): Promise<void> {
    this.settings.set(DIRECTION_SETTING, value === 'per-row' ? null : value);
    await this.settings.save();
  }
}
