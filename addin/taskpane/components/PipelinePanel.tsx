import { Button, Caption1, MessageBar, MessageBarBody, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type CurrencyPipeline, pipelineDealTypes, pipelineStages } from '../../../engine/index';
import { type PipelineResult } from '../../rules/rules-host';
import { PipelineChart } from './PipelineChart';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  currency: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  number: { textAlign: 'right', whiteSpace: 'nowrap' },
  // Names wrap (at most onto a second line in a 320 px pane); numbers never do.
  name: { overflowWrap: 'normal', wordBreak: 'normal' },
});

export interface PipelinePanelProps {
  readonly summary?: PipelineResult;
  readonly busy: boolean;
  readonly onRefresh: () => void;
}

const money = (v: number) => Math.round(v).toLocaleString('en-US');

/**
 * Open and won deals by stage and deal type, value and weighted value: one section per currency (amounts in
 * different currencies are never added), deals in a currency that is no ISO code flagged, not charted. The same
 * figures as `cosell pipeline` (the engine's `pipelineOf`).
 */
export function PipelinePanel({ summary: result, busy, onRefresh }: PipelinePanelProps) {
  const styles = useStyles();
  const summary = result?.kind === 'pipeline' ? result : undefined;
  const rows = (list: readonly number[]) => `row${list.length === 1 ? '' : 's'} ${list.join(', ')}`;
  return (
    <section className={styles.root} aria-label="Pipeline">
      <Button onClick={onRefresh} disabled={busy}>
        {result ? 'Refresh pipeline' : 'Show pipeline'}
      </Button>
      {result?.kind === 'unreadable' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{result.reason}</MessageBarBody>
        </MessageBar>
      )}
      {summary && summary.counted === 0 && (
        <Text>
          No open or won deal to chart: the sheet holds {summary.deals} {summary.deals === 1 ? 'deal' : 'deals'} with a lifecycle state, none of them New, Active or Won with an estimated value in a valid currency.
        </Text>
      )}
      {summary && summary.counted > 0 && (
        <Text weight="semibold">
          {summary.counted} of {summary.deals} deals in the pipeline, in {summary.currencies.length} {summary.currencies.length === 1 ? 'currency' : 'currencies'}
        </Text>
      )}
      {summary?.leftOut.invalidCurrency.map((c) => (
        <MessageBar key={c.currency} intent="warning" layout="multiline">
          <MessageBarBody>{`${c.rows.length} ${c.rows.length === 1 ? 'deal' : 'deals'} in "${c.currency}", which is no ISO 4217 currency code, not counted (${rows(c.rows)}).`}</MessageBarBody>
        </MessageBar>
      ))}
      {summary?.currencies.map((c) => <CurrencySection key={c.currency} pipeline={c} />)}
      {summary && [summary.leftOut.noValue, summary.leftOut.noCurrency, summary.leftOut.invalidValue, summary.leftOut.invalidStage, summary.leftOut.noLifecycleState].some((l) => l.length > 0) && (
        <Caption1>
          Not counted:{' '}
          {[
            summary.leftOut.noValue.length > 0 ? `${summary.leftOut.noValue.length} without an estimated value (${rows(summary.leftOut.noValue)})` : '',
            summary.leftOut.noCurrency.length > 0 ? `${summary.leftOut.noCurrency.length} with no currency (${rows(summary.leftOut.noCurrency)})` : '',
            summary.leftOut.invalidValue.length > 0 ? `${summary.leftOut.invalidValue.length} with a value that is no number or is negative (${rows(summary.leftOut.invalidValue)})` : '',
            summary.leftOut.invalidStage.length > 0 ? `${summary.leftOut.invalidStage.length} at a stage that is no stage of the deal, or Won on a deal not won (${rows(summary.leftOut.invalidStage)})` : '',
            summary.leftOut.noLifecycleState.length > 0 ? `${summary.leftOut.noLifecycleState.length} whose status is no lifecycle state (${rows(summary.leftOut.noLifecycleState)}; Check says why)` : '',
          ]
            .filter(Boolean)
            .join('; ')}
          .
        </Caption1>
      )}
    </section>
  );
}

function CurrencySection({ pipeline }: { pipeline: CurrencyPipeline }) {
  const styles = useStyles();
  return (
    <section className={styles.currency} aria-label={`Pipeline in ${pipeline.currency}`}>
      <Subtitle2>{pipeline.currency}</Subtitle2>
      <Text>
        {pipeline.deals} {pipeline.deals === 1 ? 'deal' : 'deals'} · {money(pipeline.value)} · weighted {money(pipeline.weighted)}
      </Text>
      <PipelineChart pipeline={pipeline} />
      <Totals label={`${pipeline.currency} by stage`} first="Stage" rows={pipelineStages(pipeline).map((s) => ({ name: `${s.stage} (${s.percent}%)`, ...s }))} />
      <Totals label={`${pipeline.currency} by deal type`} first="Deal type" rows={pipelineDealTypes(pipeline).map((t) => ({ name: t.dealType, ...t }))} />
    </section>
  );
}

function Totals({ label, first, rows }: { label: string; first: string; rows: readonly { name: string; deals: number; value: number; weighted: number }[] }) {
  const styles = useStyles();
  return (
    <Table size="extra-small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{first}</TableHeaderCell>
          <TableHeaderCell className={styles.number}>Deals</TableHeaderCell>
          <TableHeaderCell className={styles.number}>Value</TableHeaderCell>
          <TableHeaderCell className={styles.number}>Weighted</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.name}>
            <TableCell className={styles.name}>{r.name}</TableCell>
            <TableCell className={styles.number}>{r.deals}</TableCell>
            <TableCell className={styles.number}>{money(r.value)}</TableCell>
            <TableCell className={styles.number}>{money(r.weighted)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
