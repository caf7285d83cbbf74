import { Button } from '@fluentui/react-components';
import { useState } from 'react';

/** Items drawn at first, and per "Show more": a 5,000-deal result drawn whole would block the pane for long. */
export const SHOWN_AT_ONCE = 200;

/**
 * How many of a long list to draw, and the button that draws more.
 *
 * @example
 * const shown = useShown(problems.length);
 * problems.slice(0, shown.count).map(…); <ShowMore {...shown} total={problems.length} />
 */
export function useShown(total: number): { count: number; more: () => void } {
  const [count, setCount] = useState(SHOWN_AT_ONCE);
  return { count: Math.min(count, total), more: () => setCount((c) => c + SHOWN_AT_ONCE) };
}

/** "Show 200 more (of 830)", when some of the list is not drawn yet. */
export function ShowMore({ count, total, more, what }: { count: number; total: number; more: () => void; what: string }) {
  if (count >= total) return null;
  return (
    <Button appearance="secondary" size="small" onClick={more}>
      {`Show ${Math.min(SHOWN_AT_ONCE, total - count)} more ${what} (${count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} shown)`}
    </Button>
  );
}
