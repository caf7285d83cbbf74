import { Badge, Button, Caption1, MessageBar, MessageBarBody, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type ActionOption, type DealInsight } from '../../rules/rules-host';
import { type ApplyReport } from '../../session/sheet-session';
import { StageStepper } from './StageStepper';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  badges: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  actions: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  reasons: { margin: `${tokens.spacingVerticalXXS} 0 0 0`, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground3 },
  checklist: { listStyleType: 'none', margin: 0, padding: 0 },
});

export interface DealPanelProps {
  readonly insight?: DealInsight;
  readonly busy: boolean;
  readonly lastApply?: ApplyReport;
  readonly onAction: (action: string) => void;
  /** "Why?": explain the active row's validation (no action) or one action's requirements. */
  readonly onWhy: (action?: string) => void;
}

/** The active row's lifecycle and the actions the machine offers, refused ones disabled with the reasons. */
export function DealPanel({ insight, busy, lastApply, onAction, onWhy }: DealPanelProps) {
  const styles = useStyles();
  if (!insight) {
    return (
      <section className={styles.root} aria-label="Selected deal">
        <Text>Select a deal row to see its lifecycle and actions.</Text>
      </section>
    );
  }
  const many = insight.selectedRows > 1;
  return (
    <section className={styles.root} aria-label="Selected deal">
      <div className={styles.header}>
        <Subtitle2>{insight.dealName || '(no deal name)'}</Subtitle2>
        <Caption1>
          {insight.customerName} · row {insight.row}
          {many ? ` (and ${insight.selectedRows - 1} more selected)` : ''}
        </Caption1>
        <div className={styles.badges}>
          <Badge appearance="tint" color={insight.state ? 'brand' : 'danger'}>
            {insight.state ?? 'no lifecycle state'}
          </Badge>
          {insight.dealType && <Badge appearance="outline">{insight.dealType}</Badge>}
          {insight.direction && <Badge appearance="outline">{insight.direction}</Badge>}
          <Badge appearance="tint" color={insight.valid ? 'success' : 'danger'}>
            {insight.valid ? 'valid' : 'invalid'}
          </Badge>
          <Button size="small" appearance="subtle" disabled={busy} onClick={() => onWhy()} aria-label={`Why is row ${insight.row} ${insight.valid ? 'valid' : 'invalid'}?`}>
            Why?
          </Button>
        </div>
      </div>
      {insight.stateError && (
        <MessageBar intent="error">
          <MessageBarBody>{insight.stateError}</MessageBarBody>
        </MessageBar>
      )}
      {insight.problems.length > 0 && (
        <ul aria-label="Problems of this row">
          {insight.problems.map((p) => (
            <li key={p}>
              <Caption1>{p}</Caption1>
            </li>
          ))}
        </ul>
      )}
      <div>
        <Subtitle2>{insight.assessment ? 'Solution assessment stages' : 'Sales stages'}</Subtitle2>
        <StageStepper stages={insight.stages} label={insight.assessment ? 'Solution assessment stages' : 'Sales stages'} />
      </div>
      <div>
        <Subtitle2>Registration eligibility</Subtitle2>
        <ul className={styles.checklist} aria-label="Registration eligibility">
          {insight.registration.map((item) => (
            <li key={item.label}>
              <Text>
                <span aria-hidden="true">{item.ok ? '✔ ' : '✘ '}</span>
                <span className="visually-hidden">{item.ok ? 'Met: ' : 'Not met: '}</span>
                {item.label}
              </Text>
            </li>
          ))}
        </ul>
      </div>
      <div className={styles.actions} aria-label="Actions">
        <Subtitle2>Actions</Subtitle2>
        {lastApply && <ApplyResult report={lastApply} />}
        {insight.actions.length === 0 && <Text>No action is possible in this state.</Text>}
        {insight.actions.map((action) => (
          <ActionButton key={action.text} action={action} many={many} busy={busy} onAction={onAction} onWhy={onWhy} />
        ))}
      </div>
    </section>
  );
}

function ActionButton({ action, many, busy, onAction, onWhy }: { action: ActionOption; many: boolean; busy: boolean; onAction: (a: string) => void; onWhy: (a: string) => void }) {
  const styles = useStyles();
  const id = `reasons-${action.text.replace(/\W+/g, '-')}`;
  const allowed = action.allowedRows > 0;
  return (
    <div>
      <Button disabled={!allowed || busy} onClick={() => onAction(action.text)} aria-describedby={action.reasons.length > 0 ? id : undefined}>
        {action.text}
        {many ? ` (${action.allowedRows} of ${action.possibleRows})` : ''}
      </Button>{' '}
      {action.reasons.length > 0 && (
        <Button size="small" appearance="subtle" disabled={busy} onClick={() => onWhy(action.text)} aria-label={`Why is ${action.text} refused?`}>
          Why?
        </Button>
      )}
      {action.reasons.length > 0 && (
        <ul id={id} className={styles.reasons}>
          {action.reasons.map((r) => (
            <li key={r}>
              <Caption1>{r}</Caption1>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Per-row result of the last action. */
export function ApplyResult({ report }: { report: ApplyReport }) {
  const applied = report.rows.filter((r) => r.applied);
  const refused = report.rows.filter((r) => !r.applied);
  return (
    <div role="status" aria-label="Result">
      {report.headerProblems.map((p) => (
        <MessageBar key={p} intent="error">
          <MessageBarBody>{p}</MessageBarBody>
        </MessageBar>
      ))}
      {report.write.aborted && (
        <MessageBar intent="error">
          <MessageBarBody>{report.write.aborted}</MessageBarBody>
        </MessageBar>
      )}
      {report.headerProblems.length === 0 && (
        <Text>
          {applied.length} applied, {refused.length} refused{report.write.skipped.length > 0 ? `, ${report.write.skipped.length} skipped` : ''}.
        </Text>
      )}
      <ul>
        {report.rows.map((r) => (
          <li key={`${r.row}-${r.action}`}>
            <Caption1>
              Row {r.row}: {r.action} {r.applied ? 'applied' : `refused: ${r.reasons.join('; ')}`}
            </Caption1>
          </li>
        ))}
        {report.write.skipped.map((s) => (
          <li key={`skip-${s.row}`}>
            <Caption1>Row {s.row} skipped: {s.reason}</Caption1>
          </li>
        ))}
      </ul>
    </div>
  );
}
