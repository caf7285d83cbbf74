/**
 * What the import-file tests share: a solution catalog that knows the Partner Center fixtures' solutions, and the
 * product's three columns (`Direction`, `Deal Type`, `Location`) added to an export's records as an analyst fills
 * them by hand (until the product derives them from a raw export, issue 10).
 *
 * @example
 * const records = withProductColumns(generateExport(LARGE_OUTBOUND_2023).records, 'Outbound');
 * records[0].slice(-3); // ['Direction', 'Deal Type', 'Location']
 */
import { ASSESSMENT_SOLUTION, DEVICE_SOLUTION, OWN_SOLUTIONS } from '../fixtures/partner-center/sample-data';

/** The fixtures' partner's catalog: its own solutions (incentive eligible), the assessment and the device solution. */
export const FIXTURE_CATALOG = {
  solutions: [
    ...OWN_SOLUTIONS.map((id) => ({ id, name: `Relecloud ${id}`, kind: 'own', incentiveEligible: true })),
    { id: ASSESSMENT_SOLUTION, name: 'Cloud readiness assessment', kind: 'assessment', incentiveEligible: false },
    { id: DEVICE_SOLUTION, name: 'Surface fleet refresh', kind: 'microsoft', incentiveEligible: false },
  ],
};

/** The deal type an analyst reads from a fixture row: help asked is Co-sell, the assessment solution an assessment. */
export function dealTypeOf(cell: (header: string) => string): string {
  if (cell('Microsoft help required?') === 'Yes') return 'Co-sell';
  if (cell('Solution 1').startsWith(ASSESSMENT_SOLUTION)) return 'Solution assessment';
  return 'Private';
}

/** The records with `Direction`, `Deal Type` and `Location` appended (Location: the partner ID, or `HQ`). */
export function withProductColumns(records: readonly (readonly string[])[], direction: 'Inbound' | 'Outbound'): string[][] {
  const [headers, ...rows] = records;
  const at = (name: string) => headers.indexOf(name);
  const partnerId = [at('PartnerID (formerly MPN ID)'), at('MPN ID')].find((i) => i >= 0);
  return [
    [...headers, 'Direction', 'Deal Type', 'Location'],
    ...rows.map((row) => [...row, direction, dealTypeOf((h) => row[at(h)] ?? ''), partnerId === undefined ? 'HQ' : row[partnerId] || 'HQ']),
  ];
}
