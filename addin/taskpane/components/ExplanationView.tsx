import { Button, Caption1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type ReadableRequirement, type RowExplanation, readableExplanation } from '../../../engine/index';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    paddingLeft: tokens.spacingHorizontalS,
    // Never wider than the pane: long values and rule names wrap.
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  detail: { margin: `${tokens.spacingVerticalXXS} 0 0 0`, color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, whiteSpace: 'pre-wrap' },
  summary: { cursor: 'pointer', color: tokens.colorNeutralForeground2 },
});

/**
 * "Why?": the verdict, then each requirement in the analyst's words (the rule's message with the row's values when
 * it is not met), unmet first; the met ones folded away; the engine's detail (rule, conditions, values) one click
 * further. The same sentences as `cosell explain`.
 */
export function ExplanationView({ explanation, onClose }: { explanation: RowExplanation; onClose: () => void }) {
  const styles = useStyles();
  const text = readableExplanation(explanation);
  // The Deal view is long: the explanation opens below the fold, so bring it into view. A block body: an effect
  // may return only a clean-up function (scrollIntoView returns a Promise in current Chromium).
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    section.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [explanation]);
  return (
    <section ref={section} className={styles.root} aria-label="Why">
      <Subtitle2>Why? Row {explanation.row}</Subtitle2>
      <Text role="status">{text.headline}</Text>
      {text.notMet.length > 0 && <Requirements title="Not met" items={text.notMet} />}
      {text.notJudged.length > 0 && <Requirements title="Not judged" items={text.notJudged} />}
      {text.met.length > 0 && (
        <details>
          <summary className={styles.summary}>{`${text.met.length} requirement${text.met.length === 1 ? '' : 's'} met`}</summary>
          <Requirements title="Met" items={text.met} />
        </details>
      )}
      <Button size="small" onClick={onClose}>
        Close
      </Button>
    </section>
  );
}

function Requirements({ title, items }: { title: string; items: readonly ReadableRequirement[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={title}>
      {items.map((r) => (
        <li key={r.rule}>
          <Text>{r.sentence}</Text>
          <details>
            <summary className={styles.summary}>
              <Caption1>Details</Caption1>
            </summary>
            <pre className={styles.detail}>{[r.rule, ...r.detail].join('\n')}</pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
