import { Button, Caption1, MessageBar, MessageBarBody, Radio, RadioGroup, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { type ImportChoice, type ImportReport } from '../../session/import-session';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalM },
  text: { overflowWrap: 'anywhere' },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  heldBack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    textAlign: 'left',
    width: '100%',
    minWidth: 0,
    height: 'auto',
    fontWeight: tokens.fontWeightRegular,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    overflowWrap: 'anywhere',
  },
  where: { fontWeight: tokens.fontWeightSemibold },
});

export interface ImportPanelProps {
  readonly busy: boolean;
  readonly report?: ImportReport;
  readonly onPrepare: (choice: ImportChoice) => void;
  readonly onSelectRow: (row: number) => void;
  /** Set when the sheet changed after the import sheets were written (an Undo): they must be prepared again. */
  readonly stale?: string;
}

/**
 * "Prepare import files": the rows changed (by the Deal log) or every valid row, written to new `Import n` sheets in
 * Partner Center's columns; how to save each as CSV UTF-8; the rows held back, each selecting its row.
 */
export function ImportPanel({ busy, report, onPrepare, onSelectRow, stale }: ImportPanelProps) {
  const styles = useStyles();
  const [choice, setChoice] = useState<ImportChoice>('changed');
  return (
    <section className={styles.root} aria-label="Import files">
      <Subtitle2>Back to Partner Center</Subtitle2>
      <Text className={styles.text}>
        Writes the deals to new sheets in Partner Center's import format: its columns only, in this export's order, Errors empty, at most 1,000 deals per sheet.
      </Text>
      {stale && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{stale}</MessageBarBody>
        </MessageBar>
      )}
      <RadioGroup value={choice} onChange={(_, d) => setChoice(d.value as ImportChoice)} aria-label="Which deals">
        <Radio value="changed" label="The deals changed here (applied actions in the Deal log, not undone)" />
        <Radio value="all-valid" label="Every valid deal of the sheet" />
      </RadioGroup>
      <Button appearance="primary" disabled={busy} onClick={() => onPrepare(choice)}>
        Prepare import files
      </Button>
      {report && <ImportResult report={report} onSelectRow={onSelectRow} busy={busy} />}
    </section>
  );
}

function ImportResult({ report, busy, onSelectRow }: { report: ImportReport; busy: boolean; onSelectRow: (row: number) => void }) {
  const styles = useStyles();
  if (report.kind === 'unusable') {
    return (
      <div role="status" aria-label="Import result">
        {report.problems.map((p) => (
          <MessageBar key={p} intent="error" layout="multiline">
            <MessageBarBody className={styles.text}>{p}</MessageBarBody>
          </MessageBar>
        ))}
      </div>
    );
  }
  return (
    <div role="status" aria-label="Import result" className={styles.root}>
      {report.kind === 'written' ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody className={styles.text}>
            {report.selected.charAt(0).toUpperCase() + report.selected.slice(1)}: wrote {report.sheets.map((s) => `"${s.name}" (${s.rows.toLocaleString('en-US')} ${s.rows === 1 ? 'deal' : 'deals'})`).join(', ')}
            {report.heldBack.length > 0 ? `; ${report.heldBack.length} held back (below)` : ''}.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody className={styles.text}>{report.reason}</MessageBarBody>
        </MessageBar>
      )}
      {report.notices.map((n) => (
        <Caption1 key={n} className={styles.text}>
          {n}
        </Caption1>
      ))}
      {report.kind === 'written' && <SaveSteps sheets={report.sheets.map((s) => s.name)} />}
      {report.heldBack.length > 0 && (
        <>
          <Text weight="semibold">Held back: Partner Center would refuse these</Text>
          <ul className={styles.list} aria-label="Held back">
            {report.heldBack.map((h) => (
              <li key={h.row}>
                <Button appearance="subtle" className={styles.heldBack} disabled={busy} onClick={() => onSelectRow(h.row)} title={`Select row ${h.row}`}>
                  <span className={styles.where}>
                    Row {h.row}
                    {h.dealName ? ` · ${h.dealName}` : ''}
                  </span>
                  <span>{h.reasons.join('; ')}</span>
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** How to save each import sheet as the CSV Partner Center takes, in Excel desktop and Excel on the web. */
function SaveSteps({ sheets }: { sheets: readonly string[] }) {
  const styles = useStyles();
  const which = sheets.length === 1 ? `the sheet "${sheets[0]}"` : `each sheet (${sheets.map((s) => `"${s}"`).join(', ')}) in turn`;
  return (
    <details open>
      <summary>Save as CSV UTF-8, then upload to Partner Center</summary>
      <Caption1 className={styles.text}>Excel saves only the sheet you are on, so do this for {which}:</Caption1>
      <ul className={styles.steps}>
        <li className={styles.text}>
          <Caption1>Excel desktop: open the sheet's tab, File › Save a Copy (or Save As), choose "CSV UTF-8 (Comma delimited) (*.csv)", Save; say Yes to keep the format.</Caption1>
        </li>
        <li className={styles.text}>
          <Caption1>Excel on the web: open the sheet's tab, File › Export › Download as CSV UTF-8.</Caption1>
        </li>
        <li className={styles.text}>
          <Caption1>In Partner Center, on the co-sell page's tab the deals came from, use the bulk import (Import deals) and upload each file.</Caption1>
        </li>
      </ul>
    </details>
  );
}
