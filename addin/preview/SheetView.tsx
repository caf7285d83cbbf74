import { makeStyles, tokens } from '@fluentui/react-components';
import { type KeyboardEvent, type MouseEvent, type UIEvent, useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { COLUMNS, mapHeaders } from '../../engine/index';
import { type Area, type StandInValue, type StandInWorkbook, columnName, getCell, getFill, usedArea } from '../excel/stand-in/stand-in-workbook';
import { excelTyped } from '../excel/stand-in/workbook-from-grid';
import { dateFromSerial } from '../../engine/sheet/date-serial';
import { formatKind } from '../../engine/io/xlsx/number-formats';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minWidth: 0, height: '100%' },
  // Contained: the pane's redraws beside it never lay out or paint the grid again (its size comes from the page).
  scroller: { overflow: 'auto', flex: 1, border: `1px solid ${tokens.colorNeutralStroke2}`, contain: 'strict' },
  table: { borderCollapse: 'collapse', fontSize: '12px', fontFamily: 'Calibri, "Segoe UI", sans-serif' },
  cell: { border: '1px solid #d4d4d4', padding: '1px 4px', whiteSpace: 'nowrap', maxWidth: '220px', overflow: 'hidden', textOverflow: 'ellipsis', height: '18px', cursor: 'cell' },
  head: { backgroundColor: '#f3f3f3', color: '#444', textAlign: 'center', position: 'sticky', top: 0, zIndex: 1 },
  rowHead: { backgroundColor: '#f3f3f3', color: '#444', textAlign: 'right', position: 'sticky', left: 0 },
  selected: { outline: '2px solid #107c41', outlineOffset: '-2px' },
  // Excel tints the cells of a selection of several areas (ctrl-click) so that each area shows.
  selectedTint: { boxShadow: 'inset 0 0 0 100px rgba(16, 124, 65, 0.14)' },
  tabs: { display: 'flex', gap: '2px', paddingTop: '4px' },
  tab: { border: '1px solid #d4d4d4', background: '#f3f3f3', padding: '2px 10px', cursor: 'pointer', fontSize: '12px' },
  activeTab: { background: 'white', borderTopColor: '#107c41', fontWeight: 600 },
  input: { width: '100%', font: 'inherit', border: 'none', outline: 'none', padding: 0 },
});

const DATE_KEYS = COLUMNS.filter((c) => c.format === 'date').map((c) => c.key);
const MAX_ROWS = 1000;
/**
 * Up to this many rows the grid draws them all; past it, only the rows in view and `OVERSCAN` rows either side
 * (spacer rows keep the scroll height), so a redraw of a 5,000-deal sheet is a few thousand cells, not 40,000.
 */
const DRAW_ALL_ROWS = 200;
const OVERSCAN = 10;
/** A row's height before one is measured (the cell style's 18 px, its padding and border). */
const ROW_PX = 21;

/** The rows drawn: `first` to `end` (exclusive). */
interface Window {
  readonly first: number;
  readonly end: number;
}

/** The rows to draw for a scroll position: the rows in view and `OVERSCAN` either side, in whole blocks of `OVERSCAN` (so scrolling a little draws nothing new). */
function windowAt(scrollTop: number, viewHeight: number, rowPx: number, rowCount: number): Window {
  if (rowCount <= DRAW_ALL_ROWS) return { first: 0, end: rowCount };
  const top = Math.floor(scrollTop / rowPx);
  const first = Math.max(0, Math.floor(top / OVERSCAN) * OVERSCAN - OVERSCAN);
  const end = Math.min(rowCount, (Math.ceil((top + Math.ceil(viewHeight / rowPx)) / OVERSCAN) + 1) * OVERSCAN);
  return { first, end };
}

/**
 * The preview's stand-in sheet, drawn like Excel's grid and worked as Excel's is: click selects, ctrl-click (cmd-click
 * on a Mac) adds another area to the selection, shift-click and shift+arrow extend the last area from its anchor,
 * the arrow keys move (back to one area), Enter moves down (shift+Enter up), double-click or F2 edits and Enter
 * commits (moving down), Escape cancels; the sheet tabs switch sheets. Every area of the selection is drawn.
 * Date columns, and cells with a date number format, show their serial numbers as dates, as Excel would.
 */
export function SheetView({ book }: { book: StandInWorkbook }) {
  const styles = useStyles();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [editing, setEditing] = useState<{ row: number; column: number; text: string }>();
  // The selection's anchor: where shift-click and shift+arrow extend from (Excel's active cell).
  const [anchor, setAnchor] = useState({ row: book.selection.row, column: book.selection.column });
  const table = useRef<HTMLTableElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [rowPx, setRowPx] = useState(ROW_PX);
  // The rows' height for `reveal`, which runs a frame after a selection, outside any render.
  const rowPxNow = useRef(ROW_PX);
  useEffect(() => void (rowPxNow.current = rowPx), [rowPx]);
  const [view, setView] = useState({ top: 0, height: 900 });
  useEffect(() => book.onUpdate(redraw), [book]);
  /**
   * Brings a cell into view, as Excel does for the selection: when its row is not drawn (far down a long sheet),
   * the grid scrolls to it and draws it first. Returns the cell.
   */
  const reveal = useCallback((row: number, column: number): HTMLElement | undefined => {
    const find = () => table.current?.querySelector<HTMLElement>(`td[data-address="${columnName(column)}${row + 1}"]`) ?? undefined;
    const box = scroller.current;
    if (!find() && box) {
      box.scrollTop = Math.max(0, row * rowPxNow.current - box.clientHeight / 2);
      flushSync(() => setView({ top: box.scrollTop, height: box.clientHeight }));
    }
    const cell = find();
    cell?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return cell;
  }, []);
  // Like Excel, bring the selected cell into view (a problem clicked in the pane may be far right).
  useEffect(
    () =>
      book.onSelection(() => {
        const { row, column } = book.selection;
        // A selection made elsewhere (the pane selects a problem) that leaves the anchor out moves the anchor.
        const s = book.selection;
        setAnchor((a) => (a.row < s.row || a.row >= s.row + s.rowCount || a.column < s.column || a.column >= s.column + s.columnCount ? { row, column } : a));
        requestAnimationFrame(() => reveal(row, column));
      }),
    [book, reveal],
  );

  const sheet = book.activeSheet;
  const used = usedArea(sheet, false) ?? { row: 0, column: 0, rowCount: 1, columnCount: 1 };
  const rowCount = Math.min(used.row + used.rowCount + 2, MAX_ROWS);
  const columnCount = used.column + used.columnCount + 1;
  const { map } = mapHeaders(sheet.values[0] ?? []);
  const dateColumns = new Set(DATE_KEYS.map((k) => map.fields[k]).filter((i) => i !== undefined));
  const drawn = windowAt(view.top, view.height, rowPx, rowCount);
  const sel = book.selection;
  const areas = book.selectionAreas;
  const inArea = (a: Area, r: number, c: number) => r >= a.row && r < a.row + a.rowCount && c >= a.column && c < a.column + a.columnCount;
  const isSelected = (r: number, c: number) => (areas.length === 1 ? inArea(sel, r, c) : areas.some((a) => inArea(a, r, c)));
  const commit = () => {
    if (!editing) return;
    book.editCell(sheet.name, editing.row, editing.column, excelTyped(editing.text));
    setEditing(undefined);
  };
  /**
   * Selects a cell: alone (`one`, it becomes the anchor), as a new area beside the others (`add`: ctrl-click, it
   * becomes the anchor), or the last area stretched from the anchor to it (`extend`: shift), the other areas kept.
   * Keeps the keyboard on the grid.
   */
  const selectTo = (row: number, column: number, how: 'one' | 'add' | 'extend', focus = false) => {
    const r = Math.max(0, Math.min(row, rowCount - 1));
    const c = Math.max(0, Math.min(column, columnCount - 1));
    const a = how === 'extend' ? anchor : { row: r, column: c };
    if (how !== 'extend') setAnchor(a);
    const area = { row: Math.min(a.row, r), column: Math.min(a.column, c), rowCount: Math.abs(a.row - r) + 1, columnCount: Math.abs(a.column - c) + 1 };
    book.select(how === 'one' ? area : [...(how === 'add' ? areas : areas.slice(0, -1)), area]);
    // The keyboard follows a move made with it; a click focuses its cell itself (and must not steal an editor's focus).
    if (focus) requestAnimationFrame(() => reveal(r, c)?.focus());
  };
  /** Scrolling draws other rows only when it leaves the rows drawn. */
  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const { scrollTop, clientHeight } = event.currentTarget;
    const next = windowAt(scrollTop, clientHeight, rowPx, rowCount);
    if (next.first !== drawn.first || next.end !== drawn.end) setView({ top: scrollTop, height: clientHeight });
  };
  const onCellClick = (event: MouseEvent, r: number, c: number) => selectTo(r, c, event.shiftKey ? 'extend' : event.ctrlKey || event.metaKey ? 'add' : 'one');
  /** The cell the keyboard is on: the far corner of an extended selection, else the anchor. */
  const cursor = () => {
    const a = anchor;
    return { row: sel.row === a.row ? sel.row + sel.rowCount - 1 : sel.row, column: sel.column === a.column ? sel.column + sel.columnCount - 1 : sel.column };
  };
  const onCellKey = (event: KeyboardEvent, r: number, c: number, value: StandInValue) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (event.key in moves) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      const from = event.shiftKey ? cursor() : { row: r, column: c };
      selectTo(from.row + dr, from.column + dc, event.shiftKey ? 'extend' : 'one', true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      selectTo(r + (event.shiftKey ? -1 : 1), c, 'one', true);
    } else if (event.key === 'F2') {
      setEditing({ row: r, column: c, text: String(value) });
    }
  };

  // The rows' real height, measured once drawn (the spacer rows stand for rows of that height): once, as
  // measuring lays the page out.
  const measured = useRef(false);
  useLayoutEffect(() => {
    if (measured.current) return;
    const height = table.current?.querySelector('tbody tr[data-row]')?.getBoundingClientRect().height;
    if (!height) return;
    measured.current = true;
    if (Math.abs(height - rowPx) > 0.5) setRowPx(height);
  }, [rowPx]);
  useLayoutEffect(() => {
    const box = scroller.current;
    if (box && box.clientHeight !== view.height) setView({ top: box.scrollTop, height: box.clientHeight });
  }, [view.height]);
  const spacer = (rows: number, key: string) =>
    rows > 0 ? (
      <tr key={key} aria-hidden="true" style={{ height: `${rows * rowPx}px` }}>
        <td colSpan={columnCount + 1} style={{ padding: 0, border: 'none' }} />
      </tr>
    ) : null;

  return (
    <div className={styles.root}>
      <div ref={scroller} className={styles.scroller} data-testid="sheet" onScroll={onScroll}>
        <table ref={table} className={styles.table} aria-label={`Sheet ${sheet.name}`}>
          <thead>
            <tr>
              <th className={`${styles.cell} ${styles.head}`} />
              {Array.from({ length: columnCount }, (_, c) => (
                <th key={c} className={`${styles.cell} ${styles.head}`} scope="col">
                  {columnName(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spacer(drawn.first, 'above')}
            {Array.from({ length: drawn.end - drawn.first }, (_, i) => drawn.first + i).map((r) => (
              <tr key={r} data-row={r + 1}>
                <th className={`${styles.cell} ${styles.rowHead}`} scope="row">
                  {r + 1}
                </th>
                {Array.from({ length: columnCount }, (_, c) => {
                  const value = getCell(sheet, r, c);
                  const fill = getFill(sheet, r, c);
                  const address = `${columnName(c)}${r + 1}`;
                  const selected = isSelected(r, c);
                  // Most sheets have no number formats: look one up only where there are some.
                  const format = sheet.numberFormats.size > 0 ? sheet.numberFormats.get(`${r},${c}`) : undefined;
                  return (
                    <td
                      key={c}
                      data-address={address}
                      data-fill={fill ?? undefined}
                      data-selected={selected || undefined}
                      className={`${styles.cell} ${selected ? `${styles.selected} ${areas.length > 1 ? styles.selectedTint : ''}` : ''}`}
                      style={{ backgroundColor: fill ?? undefined, textAlign: typeof value === 'number' ? 'right' : typeof value === 'boolean' ? 'center' : 'left', fontWeight: r === 0 && sheet.name !== '' ? 600 : undefined }}
                      title={String(value)}
                      tabIndex={r === anchor.row && c === anchor.column ? 0 : -1}
                      onClick={(e) => onCellClick(e, r, c)}
                      onDoubleClick={() => setEditing({ row: r, column: c, text: String(value) })}
                      onKeyDown={(e) => {
                        if (e.target === e.currentTarget) onCellKey(e, r, c, value);
                      }}
                    >
                      {editing && editing.row === r && editing.column === c ? (
                        <input
                          aria-label={`Edit ${address}`}
                          className={styles.input}
                          autoFocus
                          value={editing.text}
                          onChange={(e) => setEditing({ ...editing, text: e.target.value })}
                          onBlur={commit}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') {
                              commit();
                              selectTo(r + 1, c, 'one', true); // as Excel: Enter commits and moves down
                            }
                            if (e.key === 'Escape') setEditing(undefined);
                          }}
                        />
                      ) : (
                        display(value, (dateColumns.has(c) && r > 0) || dateFormat(format))
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            {spacer(rowCount - drawn.end, 'below')}
          </tbody>
        </table>
      </div>
      <div className={styles.tabs} role="tablist" aria-label="Sheets">
        {book.sheets.map((s) => (
          <button
            key={s.id}
            role="tab"
            aria-selected={s.id === sheet.id}
            className={`${styles.tab} ${s.id === sheet.id ? styles.activeTab : ''}`}
            onClick={() => book.activate(s.name)}
          >
            {s.name}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Does a cell's number format show its number as a date (`m/d/yyyy`), or as a date and time (`yyyy-mm-dd hh:mm`)? */
function dateFormat(format: string | undefined): false | 'date' | 'date-time' | 'time' {
  if (format === undefined || formatKind(format) !== 'date') return false;
  const bare = format.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
  if (!/[dy]/i.test(bare)) return 'time';
  return /h/i.test(bare) ? 'date-time' : 'date';
}

function display(value: StandInValue, asDate: boolean | 'date' | 'date-time' | 'time'): string {
  if (asDate && typeof value === 'number') {
    const date = dateFromSerial(value);
    if (date) {
      const day = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
      const time = `${date.getUTCHours()}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
      return asDate === 'time' ? time : asDate === 'date-time' ? `${day} ${time}` : day;
    }
  }
  return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value); // as Excel shows a boolean
}
