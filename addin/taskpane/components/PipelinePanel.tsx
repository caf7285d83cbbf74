import { Button, Caption1, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type PipelineResult } from '../../rules/rules-host';
import { PipelineChart } from './PipelineChart';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  number: { textAlign: 'right' },
});

export interface PipelinePanelProps {
  readonly summary?: PipelineResult;
  readonly busy: boolean;
  readonly onRefresh: () => void;
}

/** Open and won deals by stage and deal type, value and weighted value. */
export function PipelinePanel({ summary: result, busy, onRefresh }: PipelinePanelProps) {
  const styles = useStyles();
  const money = (v: number) => Math.round(v).toLocaleString('en-US');
  const summary = result?.kind === 'pipeline' ? result : undefined;
  const total = summary?.cells.reduce((s, c) => ({ value: s.value + c.value, weighted: s.weighted + c.weighted, deals: s.deals + c.deals }), { value: 0, weighted: 0, deals: 0 });
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
      {summary && total && total.deals === 0 && (
        <Text>
          No open or won deal to chart: the sheet holds {summary.deals} {summary.deals === 1 ? 'deal' : 'deals'} with a lifecycle state, none of them New, Active or Won with an estimated value.
        </Text>
      )}
      {summary && total && total.deals > 0 && (
        <>
          <Text weight="semibold">
            {total.deals} deals · {summary.currency} {money(total.value)} · weighted {summary.currency} {money(total.weighted)}
          </Text>
          <PipelineChart summary={summary} />
          <Table size="extra-small" aria-label="Pipeline by stage and deal type">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Stage</TableHeaderCell>
                <TableHeaderCell>Deal type</TableHeaderCell>
                <TableHeaderCell className={styles.number}>Deals</TableHeaderCell>
                <TableHeaderCell className={styles.number}>Value</TableHeaderCell>
                <TableHeaderCell className={styles.number}>Weighted</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {summary.cells.map((c) => (
                <TableRow key={`${c.stage}|${c.dealType}`}>
                  <TableCell>
                    {c.stage} ({c.percent}%)
                  </TableCell>
                  <TableCell>{c.dealType}</TableCell>
                  <TableCell className={styles.number}>{c.deals}</TableCell>
                  <TableCell className={styles.number}>{money(c.value)}</TableCell>
                  <TableCell className={styles.number}>{money(c.weighted)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {(summary.leftOut.otherCurrency > 0 || summary.leftOut.noValue > 0) && (
            <Caption1>
              Not included: {summary.leftOut.otherCurrency} deals in other currencies ({summary.currencies.filter((c) => c !== summary.currency).join(', ')}),{' '}
              {summary.leftOut.noValue} without an estimated value.
            </Caption1>
          )}
        </>
      )}
    </section>
  );
}
