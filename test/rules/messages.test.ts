import { COLUMNS, LIST_COLUMNS } from '../../engine/index';
import { shippedRuleSet } from '../helpers/deal-rows';

const HEADERS = new Set<string>(COLUMNS.map((c) => c.header));
const isHeader = (column: string) => HEADERS.has(column) || LIST_COLUMNS.some((l) => new RegExp(`^${l.prefix} ([1-9]|[1-4]\\d|50)$`).test(column));

describe.each(shippedRuleSet().rules.map((r) => [r.name, r] as const))('%s', (_, rule) => {
  const { message, columns } = rule.event.params;

  test('lists real columns (header text, or a {fact} of headers)', () => {
    for (const column of columns) expect([column, isHeader(column) || /^\{\w+\}$/.test(column)]).toEqual([column, true]);
  });

  test('names the column(s) it is about in its message', () => {
    // A list column is named by its prefix ("Team member 1" in the message covers Team member N).
    expect(columns.some((c) => message.includes(c) || message.includes(c.replace(/ \d+$/, '')))).toBe(true);
  });
});
