import { Button, Caption1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type DropDownReport } from '../../session/sheet-session';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface DropDownsPanelProps {
  readonly busy: boolean;
  readonly report?: DropDownReport;
  /** Set after a removal: how many lists were taken back. */
  readonly removed?: number;
  readonly onAdd: () => void;
  readonly onRemove: () => void;
}

/**
 * Drop-down lists on the columns with a vocabulary, as the row-as-record add-ins analysts know offer them; never
 * over a validation the user set; *Remove* takes back exactly the lists added.
 */
export function DropDownsPanel({ busy, report, removed, onAdd, onRemove }: DropDownsPanelProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label="Drop-down lists">
      <Subtitle2>Drop-down lists</Subtitle2>
      <Text>Lists of the allowed values on Action, Direction, Deal Type, the statuses, Sales Stage, the Yes/No and code columns. A column with a validation of your own keeps it.</Text>
      <div className={styles.row}>
        <Button disabled={busy} onClick={onAdd}>
          Add drop-down lists
        </Button>
        <Button disabled={busy || !report || report.added.length === 0} onClick={onRemove}>
          Remove them
        </Button>
      </div>
      {report && (
        <Caption1 role="status">
          {report.added.length > 0 ? `Added drop-down lists to ${report.added.length} ${report.added.length === 1 ? 'column' : 'columns'}: ${report.added.join(', ')}.` : 'No column took a list.'}
          {report.kept.length > 0 ? ` Kept your own validation on ${report.kept.join(', ')}.` : ''}
        </Caption1>
      )}
      {removed !== undefined && <Caption1 role="status">{`Removed the drop-down lists from ${removed} ${removed === 1 ? 'column' : 'columns'}.`}</Caption1>}
    </section>
  );
}
