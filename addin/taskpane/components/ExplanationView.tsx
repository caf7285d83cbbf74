import { Badge, Button, Caption1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type ConditionTrace, type RowExplanation, explanationHeadline, showValue } from '../../../engine/index';
import { type ReactElement, useEffect, useRef } from 'react';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalS },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  conditions: { margin: `${tokens.spacingVerticalXXS} 0 0 0`, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/**
 * "Why?": each requirement of the row's validation or of one action, met or not, and under it each condition with
 * the fact's actual value and the value it is compared with (the same as `cosell explain`).
 */
export function ExplanationView({ explanation, onClose }: { explanation: RowExplanation; onClose: () => void }) {
  const styles = useStyles();
  const e = explanation;
  // The Deal view is long: the explanation opens below the fold, so bring it into view.
  const section = useRef<HTMLElement>(null);
  // A block body: an effect may return only a clean-up function (scrollIntoView returns a Promise in current
  // Chromium, which React then called as one, emptying the pane).
  useEffect(() => {
    section.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [explanation]);
  return (
    <section ref={section} className={styles.root} aria-label="Why">
      <Subtitle2>Why? Row {e.row}</Subtitle2>
      <Text role="status">{explanationHeadline(e)}</Text>
      <Caption1>A rule describes a problem: its requirement is met when its conditions do not all hold.</Caption1>
      <ul className={styles.list} aria-label="Requirements">
        {e.requirements.map((r) => (
          <li key={r.rule.name}>
            <Badge appearance="tint" color={r.fired ? 'danger' : 'success'}>
              {r.fired ? 'not met' : 'met'}
            </Badge>{' '}
            <span className={styles.code}>{r.rule.name}</span>
            {r.fired && (
              <div>
                <Caption1>{r.message}</Caption1>
              </div>
            )}
            <ul className={styles.conditions}>{conditionItems(r.conditions, styles.code)}</ul>
          </li>
        ))}
      </ul>
      <Button size="small" onClick={onClose}>
        Close
      </Button>
    </section>
  );
}

function conditionItems(trace: ConditionTrace, code: string): ReactElement[] {
  if (trace.kind === 'not') return [<li key="not">not:<ul>{conditionItems(trace.item, code)}</ul></li>];
  if (trace.kind !== 'fact') {
    if (trace.items.length === 1) return conditionItems(trace.items[0], code);
    return [
      <li key={trace.kind}>
        {trace.kind === 'all' ? 'all of:' : 'any of:'}
        <ul>{trace.items.flatMap((item) => conditionItems(item, code))}</ul>
      </li>,
    ];
  }
  const expected = trace.comparedFact ? `${trace.comparedFact} (${showValue(trace.expected)})` : showValue(trace.expected);
  const state = trace.holds === undefined ? 'not evaluated' : trace.holds ? 'holds' : 'does not hold';
  return [
    <li key={`${trace.fact}-${trace.operator}-${expected}`}>
      <span className={code}>
        {trace.fact} {trace.operator} {expected}
      </span>
      {` — ${state}; actual: `}
      <span className={code}>{showValue(trace.actual)}</span>
    </li>,
  ];
}
