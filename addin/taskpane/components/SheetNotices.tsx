import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  body: { overflowWrap: 'anywhere' },
});

/**
 * What the engine says once for the whole sheet (what it derived, what it could not judge and why, unknown
 * solution IDs, Partner Center messages kept), shown above the counts.
 *
 * @example
 * <SheetNotices notices={report.notices} />
 */
export function SheetNotices({ notices }: { readonly notices: readonly string[] }) {
  const styles = useStyles();
  if (notices.length === 0) return null;
  return (
    <div className={styles.root} role="region" aria-label="About this sheet">
      {notices.map((notice) => (
        <MessageBar key={notice} intent="info" layout="multiline">
          <MessageBarBody className={styles.body}>{notice}</MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}
