import { Button, Caption1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type AddedDropDowns, type DropDownRemoval, type DropDownReport } from '../../session/sheet-session';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface DropDownsPanelProps {
  readonly busy: boolean;
  readonly report?: DropDownReport;
  /** Set after a removal: what was taken back, and what was kept. */
  readonly removed?: DropDownRemoval;
  /** The lists the pane added and has not removed, as the workbook keeps them (also those of an earlier session). */
  readonly added: AddedDropDowns;
  readonly onAdd: () => void;
  readonly onRemove: () => void;
}

/**
 * Drop-down lists on the columns with a vocabulary, as the row-as-record add-ins analysts know offer them; never
 * over a validation the user set; *Remove* takes back exactly the lists added, also after the pane was closed (the
 * workbook keeps which they are), and keeps a list the user changed since.
 */
export function DropDownsPanel({ busy, report, removed, added, onAdd, onRemove }: DropDownsPanelProps) {
  const styles = useStyles();
  const columns = (n: number) => `${n} ${n === 1 ? 'column' : 'columns'}`;
  const earlier = added.filter((s) => s.headers.length > 0);
  return (
    <section className={styles.root} aria-label="Drop-down lists">
      <Subtitle2>Drop-down lists</Subtitle2>
      <Text>Lists of the allowed values on Action, Direction, Deal Type, the statuses, Sales Stage, the Yes/No and code columns. A column with a validation of your own keeps it.</Text>
      <div className={styles.row}>
        <Button disabled={busy} onClick={onAdd}>
          Add drop-down lists
        </Button>
        <Button disabled={busy || earlier.length === 0} onClick={onRemove}>
          Remove them
        </Button>
      </div>
      {report && (
        <Caption1 role="status">
          {report.added.length > 0 ? `Added drop-down lists to ${columns(report.added.length)}: ${report.added.join(', ')}.` : report.already.length > 0 ? 'No new list was needed.' : 'No column took a list.'}
          {report.already.length > 0 ? ` Already there from before: ${report.already.join(', ')}.` : ''}
          {report.kept.length > 0 ? ` Kept your own validation on ${report.kept.join(', ')}.` : ''}
        </Caption1>
      )}
      {!report && !removed && earlier.length > 0 && (
        <Caption1 role="status">{`Drop-down lists the pane added earlier are on ${earlier.map((s) => `${s.sheetName} (${columns(s.headers.length)})`).join(', ')}.`}</Caption1>
      )}
      {removed && (
        <>
          <Caption1 role="status">{`Removed the drop-down lists from ${columns(removed.removed.length)}.`}</Caption1>
          {removed.changed.length > 0 && <Caption1>{`Kept the list on ${removed.changed.join(', ')}: it was changed after the pane added it, so it is yours now.`}</Caption1>}
          {removed.missing.length > 0 && <Caption1>{`${removed.missing.join(', ')} ${removed.missing.length === 1 ? 'is' : 'are'} no longer a column of the sheet: ${removed.missing.length === 1 ? 'its list was' : 'their lists were'} left as ${removed.missing.length === 1 ? 'it is' : 'they are'}.`}</Caption1>}
        </>
      )}
    </section>
  );
}
