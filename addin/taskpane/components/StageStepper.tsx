import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { type StageStep } from '../../rules/rules-host';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  step: {
    display: 'flex',
    justifyContent: 'space-between',
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderLeft: `3px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground3,
  },
  done: { borderLeftColor: tokens.colorBrandStroke1, color: tokens.colorNeutralForeground1 },
  current: { borderLeftColor: tokens.colorBrandBackground, backgroundColor: tokens.colorBrandBackground2, color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** The deal's stage list (sales stages, or the solution-assessment stages) with percentages, current stage marked. */
export function StageStepper({ stages, label }: { stages: readonly StageStep[]; label: string }) {
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={label}>
      {stages.map((s) => (
        <li
          key={s.name}
          className={mergeClasses(styles.step, s.state === 'done' && styles.done, s.state === 'current' && styles.current)}
          aria-current={s.state === 'current' ? 'step' : undefined}
        >
          <span>{s.name}</span>
          <span>{s.percent}%</span>
        </li>
      ))}
    </ol>
  );
}
