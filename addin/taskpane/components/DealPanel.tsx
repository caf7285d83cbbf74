import { Badge, Button, Caption1, Field, MessageBar, MessageBarBody, Select, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { type ActionChoice, type ActionOffer } from '../../../engine/index';
import { type DealInsight } from '../../rules/rules-host';
import { type ApplyReport } from '../../session/sheet-session';
import { StageStepper } from './StageStepper';
import { resultLine } from './ApplyResults';

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
      {insight.stages.length > 0 && (
        <div>
          <Subtitle2>{insight.assessment ? 'Solution assessment stages' : 'Sales stages'}</Subtitle2>
          <StageStepper stages={insight.stages} label={insight.assessment ? 'Solution assessment stages' : 'Sales stages'} />
        </div>
      )}
      {insight.registration.kind === 'checklist' && (
        <div>
          <Subtitle2>Registration eligibility</Subtitle2>
          <ul className={styles.checklist} aria-label="Registration eligibility">
            {insight.registration.items.map((item) => (
              <li key={item.label}>
                <Text>
                  <span aria-hidden="true">{CHECK_MARK[item.status]}</span>
                  <span className="visually-hidden">{CHECK_WORDS[item.status]}</span>
                  {item.label}
                </Text>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className={styles.actions} aria-label="Actions">
        <Subtitle2>Actions</Subtitle2>
        {lastApply && <ApplyResult report={lastApply} />}
        {insight.actions.length === 0 && <Text>No action is possible in this state.</Text>}
        {insight.actions.map((offer) =>
          offer.choices.length === 1 && !offer.choices[0].text.startsWith('Stage ') ? (
            <ActionButton key={offer.action} choice={offer.choices[0]} selected={insight.selectedRows} busy={busy} onAction={onAction} onWhy={onWhy} />
          ) : (
            <StagePicker key={offer.action} offer={offer} selected={insight.selectedRows} busy={busy} onAction={onAction} onWhy={onWhy} />
          ),
        )}
      </div>
    </section>
  );
}

const CHECK_MARK = { met: '✔ ', 'not met': '✘ ', 'not judged': '? ' } as const;
const CHECK_WORDS = { met: 'Met: ', 'not met': 'Not met: ', 'not judged': 'Not judged: ' } as const;

interface ChoiceProps {
  readonly selected: number;
  readonly busy: boolean;
  readonly onAction: (text: string) => void;
  readonly onWhy: (text: string) => void;
}

/** One action's button: enabled when apply would perform it on at least one selected row; the refusals' reasons under it, each once. */
function ActionButton({ choice, selected, busy, onAction, onWhy, label }: ChoiceProps & { choice: ActionChoice; label?: string }) {
  const many = selected > 1;
  return (
    <div>
      <Button disabled={choice.allowedRows === 0 || busy} onClick={() => onAction(choice.text)} aria-describedby={choice.reasons.length > 0 ? reasonsId(choice) : undefined}>
        {label ?? choice.text}
        {many ? ` (${choice.allowedRows} of ${selected})` : ''}
      </Button>{' '}
      <ChoiceDetails choice={choice} selected={selected} busy={busy} onWhy={onWhy} />
    </div>
  );
}

/**
 * Stage: the stages the deal can move to, in a list, and one button. A solution assessment offers its next stage
 * only, so the list holds one.
 */
function StagePicker({ offer, selected, busy, onAction, onWhy }: ChoiceProps & { offer: ActionOffer }) {
  const [text, setText] = useState(offer.preferred);
  const choice = offer.choices.find((c) => c.text === text) ?? offer.choices[0];
  if (offer.choices.length === 1) return <ActionButton choice={choice} label={`Stage → ${choice.label}`} selected={selected} busy={busy} onAction={onAction} onWhy={onWhy} />;
  return (
    <div>
      <Field label="Move to stage">
        <Select value={choice.text} onChange={(_, d) => setText(d.value)} disabled={busy}>
          {offer.choices.map((c) => (
            <option key={c.text} value={c.text}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      <ActionButton choice={choice} label="Set stage" selected={selected} busy={busy} onAction={onAction} onWhy={onWhy} />
    </div>
  );
}

function ChoiceDetails({ choice, selected, busy, onWhy }: { choice: ActionChoice; selected: number; busy: boolean; onWhy: (text: string) => void }) {
  const styles = useStyles();
  const notOffered = selected - choice.possibleRows;
  return (
    <>
      {choice.reasons.length > 0 && (
        <Button size="small" appearance="subtle" disabled={busy} onClick={() => onWhy(choice.text)} aria-label={`Why is ${choice.text} refused?`}>
          Why?
        </Button>
      )}
      {(choice.reasons.length > 0 || notOffered > 0) && (
        <ul id={reasonsId(choice)} className={styles.reasons}>
          {choice.reasons.map((r) => (
            <li key={r}>
              <Caption1>{asSentence(r)}</Caption1>
            </li>
          ))}
          {notOffered > 0 && (
            <li>
              <Caption1>{`Not possible on ${notOffered} of the ${selected} selected rows in their state.`}</Caption1>
            </li>
          )}
        </ul>
      )}
    </>
  );
}

/** A reason shown on its own line reads as a sentence: `fix this row's problems first` → `Fix this row's problems first.` */
const asSentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

const reasonsId = (choice: ActionChoice) => `reasons-${choice.text.replace(/\W+/g, '-')}`;

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
      {report.leftAlone.length > 0 && (
        <Text block>
          {report.leftAlone.length === 1 ? `Row ${report.leftAlone[0]} was` : `${report.leftAlone.length} other selected rows were`} left as {report.leftAlone.length === 1 ? 'it was' : 'they were'}: {report.leftAlone.length === 1 ? 'its' : 'their'} state does not offer {report.rows[0]?.action ?? 'this action'}.
        </Text>
      )}
      <ul>
        {report.rows.map((r) => (
          <li key={`${r.row}-${r.action}`}>
            <Caption1>
              {resultLine(r)}
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
