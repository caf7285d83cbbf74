/**
 * Watching the workbook: the rows a user's edit touched (the gateway's own writes, echoed back as change events,
 * are not the user's), and the selection moving.
 */
/// <reference types="office-js" />
import { type ExcelHost } from './excel-host';
import { type OwnWrites } from './own-writes';

/**
 * Calls `onRows` with the rows a user's edit touched, per sheet. The add-in's own writes (`own`) echo back as
 * change events; those are ignored. Resolves to the function that stops watching.
 */
export async function watchChanges(excel: ExcelHost, own: OwnWrites, onRows: (worksheetId: string, rows: number[]) => void): Promise<() => Promise<void>> {
  return excel.run(async (context) => {
    const handler = context.workbook.worksheets.onChanged.add(async (event: Excel.WorksheetChangedEventArgs) => {
      const area = parseArea(event.address);
      if (!area || own.isEcho(event.worksheetId, event.address)) return;
      onRows(event.worksheetId, Array.from({ length: area.bottom - area.top + 1 }, (_, i) => area.top + i));
    });
    await context.sync();
    // A handler is removed on the context it was added with (Excel.run(handler.context, …)): removing it on a
    // new context, as this did, left it in place, so edits kept being heard after the pane stopped following.
    return async () => {
      await excel.run(context, async (ctx) => {
        handler.remove();
        await ctx.sync();
      });
    };
  });
}

/** Calls `onSelect` when the selection moves. */
export async function watchSelection(excel: ExcelHost, onSelect: () => void): Promise<void> {
  await excel.run(async (context) => {
    context.workbook.worksheets.onSelectionChanged.add(async () => onSelect());
    await context.sync();
  });
}

/** `B3` or `A2:C9` → 1-based rows and zero-based columns. */
function parseArea(address: string): { top: number; bottom: number; left: number; right: number } | undefined {
  const match = /^(?:.*!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(address);
  if (!match) return undefined;
  const col = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const [left, right] = [col(match[1]), col(match[3] ?? match[1])];
  const [top, bottom] = [Number(match[2]), Number(match[4] ?? match[2])];
  return { top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: Math.min(left, right), right: Math.max(left, right) };
}
