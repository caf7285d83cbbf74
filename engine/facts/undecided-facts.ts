import { type Deal } from '../sheet/parse-deal';
import { DERIVED_FIELDS, type DerivedField } from '../sheet/derive-deal-fields';
import { type SolutionCatalog } from '../domain/catalog';

/** Why a group of facts is undecided on a row: a field the sheet lacks, or solutions the catalog does not know. */
export type UndecidedCause =
  | { readonly kind: 'field'; readonly field: DerivedField; readonly why: string }
  | { readonly kind: 'catalog'; readonly unknownIds: readonly string[] };

/** One cause and the facts it leaves undecided. */
export interface Undecided {
  readonly cause: UndecidedCause;
  readonly facts: readonly string[];
}

/** The facts computed from each derived field: undecided with it. */
const FACTS_OF_FIELD: Readonly<Record<DerivedField, readonly string[]>> = {
  direction: ['direction'],
  dealType: ['dealType', 'nextAssessmentStage'],
  location: ['location'],
  createdDate: ['createdDate', 'daysSinceCreated'],
};

/**
 * The facts a row cannot decide, by cause. A rule that reads one of them is not judged on the row: it neither
 * fires nor passes, so an undecided value never makes a valid deal invalid nor lets an invalid one through (an
 * action whose gate has such a rule is refused, saying why).
 *
 * - a field the sheet lacks and the row does not decide (see `derive-deal-fields.ts`);
 * - solutions the catalog does not know: their kind (`assessmentSolutionCount`) and, unless a known solution is
 *   eligible, incentive eligibility (`hasIncentiveEligibleSolution`) are unknown.
 *
 * @example
 * undecidedFacts(dealFromRawExport, catalog);
 * // [{ cause: { kind: 'field', field: 'createdDate', why: 'the sheet has no Created Date column …' }, facts: ['createdDate', 'daysSinceCreated'] }]
 */
export function undecidedFacts(deal: Deal, catalog: SolutionCatalog): Undecided[] {
  const undecided: Undecided[] = [];
  for (const field of DERIVED_FIELDS) {
    const source = deal.sources[field];
    if (source.kind === 'undecided') undecided.push({ cause: { kind: 'field', field, why: source.why }, facts: FACTS_OF_FIELD[field] });
  }
  // Most rows name only solutions the catalog knows: nothing more to work out for them.
  if (deal.solutions.every((s) => s.id === '' || catalog.find(s.id))) return undecided;
  const ids = deal.solutions.map((s) => s.id).filter((id) => id !== '');
  const known = ids.flatMap((id) => {
    const solution = catalog.find(id);
    return solution ? [solution] : [];
  });
  const unknownIds = [...new Set(ids.filter((id) => !catalog.find(id)))];
  if (unknownIds.length > 0) {
    const kind = ['assessmentSolutionCount', 'assessmentSolutionColumns'];
    const facts = known.some((s) => s.incentiveEligible) ? kind : [...kind, 'hasIncentiveEligibleSolution'];
    undecided.push({ cause: { kind: 'catalog', unknownIds }, facts });
  }
  return undecided;
}

/**
 * The cause as the end of a sentence ("… cannot be judged: <this>").
 *
 * @example
 * describeCause({ kind: 'catalog', unknownIds: ['SOL-1'] }); // 'the solution catalog does not know SOL-1 (unknown: add SOL-1 to the catalog)'
 */
export function describeCause(cause: UndecidedCause): string {
  if (cause.kind === 'catalog') {
    const ids = cause.unknownIds.join(', ');
    return `the solution catalog does not know ${ids} (unknown: add ${ids} to the catalog)`;
  }
  const names: Record<DerivedField, string> = { direction: 'Direction', dealType: 'Deal Type', location: 'Location', createdDate: 'Created Date' };
  return `${names[cause.field]} is undecided: ${cause.why}`;
}
