import { Button, Caption1, Field, MessageBar, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import { EXPORT_DIRECTIONS, type ExportDirection } from '../../session/export-direction';
import { type CatalogView } from '../../session/pane-catalog';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  text: { overflowWrap: 'anywhere' },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

export interface SheetSetupProps {
  readonly direction: ExportDirection;
  readonly catalog?: CatalogView;
  readonly busy: boolean;
  /** What "Create Solutions sheet" did. */
  readonly created?: string;
  readonly onDirection: (direction: ExportDirection) => void;
  readonly onCreateSolutions: () => void;
}

/**
 * How the sheet is judged: the export's direction (one choice for a whole Partner Center export, kept in the
 * workbook) and the solution catalog in use (the workbook's Solutions sheet, its problems located, or the bundled
 * sample with the offer to create the sheet).
 */
export function SheetSetup({ direction, catalog, busy, created, onDirection, onCreateSolutions }: SheetSetupProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label="How this sheet is judged">
      <Field label="This sheet is" hint="A Partner Center export is one tab of its co-sell page; the workbook remembers your choice.">
        <Select value={direction} disabled={busy} onChange={(_, d) => onDirection(d.value as ExportDirection)}>
          {EXPORT_DIRECTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      {catalog && (
        <div role="region" aria-label="Solution catalog">
          <Caption1 className={styles.text}>{catalog.description}</Caption1>
          {catalog.problems.length > 0 && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <ul className={styles.problems} aria-label="Solutions sheet problems">
                  {catalog.problems.map((p) => (
                    <li key={p} className={styles.text}>
                      {p}
                    </li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          )}
          {catalog.pending && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody className={styles.text}>{catalog.pending}</MessageBarBody>
            </MessageBar>
          )}
          {catalog.canCreate && (
            <Button size="small" disabled={busy} onClick={onCreateSolutions}>
              Create Solutions sheet
            </Button>
          )}
        </div>
      )}
      {created && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody className={styles.text}>{created}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
