import { Button } from '@fluentui/react-components';
import { Fragment, type ReactNode, useEffect, useState } from 'react';

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

/** Items drawn per frame by `Gradually`: a few dozen buttons draw in a few milliseconds. */
export const DRAWN_PER_FRAME = 25;

/**
 * How many of `count` items to draw now: `DRAWN_PER_FRAME` more each frame until all are drawn, so that drawing
 * hundreds of buttons (Fluent's styles, the focus manager walking the new nodes) never makes one long task.
 */
export function useDrawnGradually(count: number): number {
  const [drawn, setDrawn] = useState(DRAWN_PER_FRAME);
  useEffect(() => {
    if (drawn >= count) return undefined;
    const next = () => setDrawn((d) => d + DRAWN_PER_FRAME);
    if (typeof requestAnimationFrame !== 'function') {
      const timer = setTimeout(next, 0);
      return () => clearTimeout(timer);
    }
    const frame = requestAnimationFrame(next);
    return () => cancelAnimationFrame(frame);
  }, [drawn, count]);
  return Math.min(drawn, count);
}

/**
 * A list's items drawn a frame's worth at a time (`useDrawnGradually`); a short list is drawn at once.
 *
 * @example
 * <ul><Gradually items={problems.slice(0, shown.count)}>{(p) => <li key={p.row}>…</li>}</Gradually></ul>
 */
export function Gradually<T>({ items, children }: { items: readonly T[]; children: (item: T, index: number) => ReactNode }) {
  const drawn = useDrawnGradually(items.length);
  return <Fragment>{items.slice(0, drawn).map(children)}</Fragment>;
}
