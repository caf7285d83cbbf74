import { Button, Caption1, MessageBar, MessageBarBody, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useRef } from 'react';
import { type RuleSource } from '../../../engine/index';
import { type ImpactResult, type RulesInfo } from '../../rules/rules-host';
import { type RulesStatus } from '../../session/workbook-rules';
import { type Progress, ProgressView } from './CheckPanel';
import { Gradually, ShowMore, useShown } from './ShowMore';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  changed: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** A candidate rule set the user picked: its files and what loading them said. */
export interface Candidate {
  readonly sources: readonly RuleSource[];
  readonly info: RulesInfo;
}

export interface RulesPanelProps {
  readonly status?: RulesStatus;
  readonly candidate?: Candidate;
  readonly impact?: ImpactResult;
  readonly busy: boolean;
  readonly progress?: Progress;
  readonly notice?: string;
  readonly onLoad: (sources: RuleSource[]) => void;
  readonly onPreview: () => void;
  readonly onActivate: () => void;
  readonly onRevert: () => void;
  readonly onSelectRow: (row: number) => void;
}

/**
 * The rule set the workbook is checked against, and a candidate: load its files, see its problems, preview its
 * impact on the open sheet, activate it (kept in the workbook) or go back to the bundled rules.
 */
export function RulesPanel(props: RulesPanelProps) {
  const { status, candidate, impact, busy, progress, notice } = props;
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const sources = await Promise.all([...files].map(async (f) => ({ file: f.name, text: await readText(f) })));
    if (input.current) input.current.value = '';
    props.onLoad(sources);
  };
  const ok = candidate && candidate.info.problems.length === 0;
  return (
    <section className={styles.root} aria-label="Rules">
      <div>
        <Subtitle2>Active rules</Subtitle2>
        <Text block>
          {status ? status.description : '…'} {status && <Caption1>({status.source === 'bundled' ? 'bundled with the add-in' : 'kept in this workbook'})</Caption1>}
        </Text>
      </div>
      {status?.warning && (
        <MessageBar intent="warning">
          <MessageBarBody>{status.warning}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy} onClick={() => input.current?.click()}>
          Load candidate rules…
        </Button>
        {status?.source === 'workbook' && (
          <Button disabled={busy} onClick={props.onRevert}>
            Revert to bundled rules
          </Button>
        )}
        <input ref={input} type="file" accept=".json,application/json" multiple hidden aria-label="Rule files" onChange={(e) => void onFiles(e.target.files)} />
      </div>
      <Caption1>Pick every file of the rule folder (rule-set.json and the rule files); cases and the catalog are ignored.</Caption1>
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {candidate && (
        <div aria-label="Candidate" role="region">
          <Subtitle2>Candidate</Subtitle2>
          {ok ? (
            <Text block role="status">
              {candidate.info.description}: {candidate.info.rules} rules, no problems.
            </Text>
          ) : (
            <>
              <Text block role="status">
                {candidate.info.problems.length} problem{candidate.info.problems.length === 1 ? '' : 's'}: these rules cannot be used.
              </Text>
              <ul className={styles.problems} aria-label="Rule problems">
                {candidate.info.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          )}
          {ok && (
            <div className={styles.row}>
              <Button disabled={busy} onClick={props.onPreview}>
                Preview impact on this sheet
              </Button>
              <Button appearance="primary" disabled={busy} onClick={props.onActivate}>
                Activate
              </Button>
            </div>
          )}
        </div>
      )}
      {progress && <ProgressView progress={progress} />}
      {impact?.headerProblems.map((p) => (
        <MessageBar key={p} intent="error">
          <MessageBarBody>{p}</MessageBarBody>
        </MessageBar>
      ))}
      {impact?.report && <ImpactView report={impact.report} onSelectRow={props.onSelectRow} />}
    </section>
  );
}

function ImpactView({ report, onSelectRow }: { report: NonNullable<ImpactResult['report']>; onSelectRow: (row: number) => void }) {
  const styles = useStyles();
  const lost = Object.entries(report.actionsLost);
  const gained = Object.entries(report.actionsGained);
  const shown = useShown(report.changed.length);
  return (
    <div aria-label="Impact" role="region">
      <Subtitle2>Impact on this sheet</Subtitle2>
      <Text block role="status">
        {report.changed.length} of {report.deals} deals change: {report.becameInvalid} {report.becameInvalid === 1 ? 'becomes' : 'become'} invalid,{' '}
        {report.becameValid} {report.becameValid === 1 ? 'becomes' : 'become'} valid.
      </Text>
      {lost.map(([action, n]) => (
        <Caption1 block key={`lost-${action}`}>
          {action}: no longer allowed on {n} deal{n === 1 ? '' : 's'}
        </Caption1>
      ))}
      {gained.map(([action, n]) => (
        <Caption1 block key={`gained-${action}`}>
          {action}: newly allowed on {n} deal{n === 1 ? '' : 's'}
        </Caption1>
      ))}
      <ul className={styles.changed} aria-label="Changed deals">
        <Gradually items={report.changed.slice(0, shown.count)}>
          {(r) => (
          <li key={r.row}>
            <Button size="small" appearance="transparent" onClick={() => onSelectRow(r.row)}>
              Row {r.row} {r.dealName || r.referralId}
            </Button>
            <ul>
              {r.actionsLost.map((a) => (
                <li key={`l-${a}`}>
                  <Caption1>
                    {a}: no longer allowed{r.after.refused[a] ? `: ${r.after.refused[a].map((f) => f.message).join(' ')}` : ''}
                  </Caption1>
                </li>
              ))}
              {r.actionsGained.map((a) => (
                <li key={`g-${a}`}>
                  <Caption1>{a}: newly allowed</Caption1>
                </li>
              ))}
              {r.problemsAdded.map((p) => (
                <li key={`a-${p.rule}`}>
                  <Caption1>New problem: {p.message}</Caption1>
                </li>
              ))}
              {r.problemsRemoved.map((p) => (
                <li key={`r-${p.rule}`}>
                  <Caption1>Problem gone: {p.message}</Caption1>
                </li>
              ))}
            </ul>
          </li>
          )}
        </Gradually>
      </ul>
      <ShowMore {...shown} total={report.changed.length} what="deals" />
    </div>
  );
}

/** A picked file's text (FileReader: older WebViews lack `Blob.text`). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(`Cannot read ${file.name}: ${reader.error?.message ?? 'unknown error'}`));
    reader.readAsText(file);
  });
}
