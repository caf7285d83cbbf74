import { Button, Caption1, Field, Input, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { joinMessages } from '../../../engine/index';
import { type ApplyReport } from '../../session/sheet-session';
import { Gradually } from './ShowMore';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0, overflowWrap: 'anywhere' },
  filters: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'end' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  row: { justifyContent: 'flex-start', textAlign: 'left', height: 'auto', minWidth: 0, fontWeight: tokens.fontWeightRegular, whiteSpace: 'normal' },
  summary: { cursor: 'pointer' },
});

/** Rows drawn per action group; a filter narrows the rest (a 5,000-row apply stays quick to draw). */
const SHOWN = 200;

type Show = 'refused' | 'applied' | 'all';

/**
 * *Apply Action column*'s result as the CLI prints it: the counts, then one group per action with its applied and
 * refused counts; refused rows first, filterable by outcome and by text (row number, action, reason); each row a
 * button that selects it in the sheet.
 */
export function ApplyResults({ report, onSelectRow }: { report: ApplyReport; onSelectRow: (row: number) => void }) {
  // The pane redraws while Undo runs (busy, progress): the drawn rows, hundreds of buttons, are drawn again only
  // for another report. A click calls the pane's latest handler.
  const latest = useRef(onSelectRow);
  useEffect(() => void (latest.current = onSelectRow), [onSelectRow]);
  const select = useCallback((row: number) => latest.current(row), []);
  return <ResultList report={report} onSelectRow={select} />;
}

const ResultList = memo(function ResultList({ report, onSelectRow }: { report: ApplyReport; onSelectRow: (row: number) => void }) {
  const styles = useStyles();
  const [show, setShow] = useState<Show>(report.summary.refused > 0 ? 'refused' : 'all');
  const [text, setText] = useState('');
  const s = report.summary;
  // Grouped and filtered once per report and filter, not on every redraw of the pane (5,000 rows).
  const groups = useMemo(() => {
    // Words match from their start ("Lose" finds Lose, not "close"; "row 6:" finds row 6 only).
    const wanted = text.trim() === '' ? undefined : new RegExp(`(^|[^\\p{L}\\p{N}])${text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu');
    const byName = new Map<string, ApplyReport['rows'][number][]>();
    for (const r of report.rows) {
      const name = actionName(r.action);
      const same = byName.get(name);
      if (same) same.push(r);
      else byName.set(name, [r]);
    }
    return Object.entries(report.summary.byAction).map(([action, counts]) => {
      const rows = (byName.get(action) ?? [])
        .filter((r) => show === 'all' || (show === 'refused') !== r.applied)
        .filter((r) => wanted === undefined || wanted.test(resultLine(r)))
        .sort((a, b) => Number(a.applied) - Number(b.applied) || a.row - b.row);
      return { action, counts, rows };
    });
  }, [report, show, text]);
  return (
    <div role="status" aria-label="Result" className={styles.root}>
      <Text weight="semibold">
        {s.rows} deals: {s.valid} valid, {s.invalid} invalid; {s.applied} {s.applied === 1 ? 'action' : 'actions'} applied, {s.refused} refused.
      </Text>
      {report.rows.length > 0 && (
        <div className={styles.filters}>
          <Field label="Show">
            <Select value={show} onChange={(_, d) => setShow(d.value as Show)}>
              <option value="refused">Refused ({s.refused})</option>
              <option value="applied">Applied ({s.applied})</option>
              <option value="all">All ({s.applied + s.refused})</option>
            </Select>
          </Field>
          <Field label="Filter">
            <Input value={text} onChange={(_, d) => setText(d.value)} placeholder="row, action or reason" />
          </Field>
        </div>
      )}
      {groups.some((g) => g.rows.length > 0) ? null : <Caption1>No row matches.</Caption1>}
      {groups.filter((g) => g.rows.length > 0).map(({ action, counts, rows }) => (
        <details key={action} open={rows.length > 0 && rows.length <= SHOWN}>
          <summary className={styles.summary}>
            <Text>{`${action}: ${counts.applied} applied, ${counts.refused} refused`}</Text>
          </summary>
          <ul className={styles.list} aria-label={`${action} rows`}>
            <Gradually items={rows.slice(0, SHOWN)}>
              {(r) => (
                <li key={`${r.row}-${r.action}`}>
                  <Button appearance="subtle" size="small" className={styles.row} onClick={() => onSelectRow(r.row)} title={`Select row ${r.row} in the sheet`}>
                    {resultLine(r)}
                  </Button>
                </li>
              )}
            </Gradually>
            {rows.length > SHOWN && (
              <li>
                <Caption1>{`and ${rows.length - SHOWN} more: filter to narrow them.`}</Caption1>
              </li>
            )}
          </ul>
        </details>
      ))}
      {report.write.skipped.map((skip) => (
        <Caption1 key={`skip-${skip.row}`}>{`Row ${skip.row} skipped: ${skip.reason}`}</Caption1>
      ))}
    </div>
  );
});

/** `Stage → Proposed` → `Stage`: the action a result row belongs under, as the summary counts it. */
function actionName(text: string): string {
  return text.split(' → ')[0];
}

/** A result row as one line: `Row 6: Accept applied`, `Row 7: Accept refused: A; B.` (reasons joined as Errors joins them). */
export function resultLine(r: ApplyReport['rows'][number]): string {
  return `Row ${r.row}: ${r.action} ${r.applied ? 'applied' : `refused: ${joinMessages(r.reasons)}.`}`;
}
