import { type Deal, statusPairOf } from '../sheet/parse-deal';
import { COLUMNS, type ColumnSpec, headerOf } from '../sheet/columns';
import { daysBetween } from '../sheet/cell-formats';
import { type SolutionCatalog } from '../domain/catalog';
import { NOT_FACT_COLUMNS } from './fact-catalog';
import { nextAssessmentStage } from '../domain/vocabulary';
import { CURRENCY_CODES } from '../domain/iso-codes';
import { type ActionRequest } from '../sheet/action-cell';

/** Plain values the rules read, by fact name (see `fact-catalog.ts` for each one's meaning). */
export type Facts = Readonly<Record<string, unknown>>;

export interface FactContext {
  readonly catalog: SolutionCatalog;
  /** ISO date the row is judged on. */
  readonly today: string;
  /** The action being judged, if any. */
  readonly request?: ActionRequest;
  /** The deal is in a closed lifecycle state: the machine decides (`isClosedDeal` in `lifecycle/deal-state.ts`). */
  readonly closed: boolean;
}

/**
 * Computes every fact of `FACTS` for one deal. Pure: no policy is decided here, only values.
 *
 * @example
 * dealFacts(deal, { catalog, today: '2026-11-23', closed: isClosedDeal(deal) }).teamComplete; // true when a team member has all four parts
 */
export function dealFacts(deal: Deal, { catalog, today, request, closed }: FactContext): Facts {
  const v = deal.values;
  const found = deal.solutions.map((entry) => ({ entry, solution: catalog.find(entry.id) }));
  const catalogued = found.flatMap(({ solution }) => (solution ? [solution] : []));
  const uncatalogued = found.filter(({ entry, solution }) => entry.id !== '' && !solution).map(({ entry }) => entry);
  const created = typeof v.createdDate === 'string' && !deal.invalid.includes('createdDate') ? v.createdDate : null;
  const isAssessment = v.dealType === 'Solution assessment';

  const facts: Record<string, unknown> = {};
  for (const column of COLUMNS as readonly ColumnSpec[]) if (!NOT_FACT_COLUMNS.has(column.key)) facts[column.key] = v[column.key];

  return Object.assign(facts, {
    statusPair: statusPairOf(deal),
    dealIsClosed: closed,
    invalidColumns: deal.invalid.map(headerOf),
    salesStagePercent: deal.stage ? deal.stage.percent : null,
    currencyCode: currencyCode(v.currency),
    solutionCount: deal.solutions.length,
    solutionIds: deal.solutions.map((s) => s.id).filter((id) => id !== ''),
    unknownSolutionIds: uncatalogued.map((s) => s.id),
    unknownSolutionColumns: uncatalogued.map((s) => s.header),
    emptySolutionIdColumns: deal.solutions.filter((s) => s.id === '').map((s) => s.header),
    assessmentSolutionCount: catalogued.filter((s) => s.kind === 'assessment').length,
    assessmentSolutionColumns: found.filter(({ solution }) => solution?.kind === 'assessment').map(({ entry }) => entry.header),
    hasIncentiveEligibleSolution: catalogued.some((s) => s.incentiveEligible),
    teamMemberCount: deal.teamMembers.length,
    teamComplete: deal.teamMembers.some((m) => m.complete),
    incompleteTeamMembers: deal.teamMembers.filter((m) => !m.complete).map((m) => m.header),
    invitedPartnerCount: deal.invitedPartners.length,
    incompleteInvitedPartners: deal.invitedPartners.filter((p) => !p.complete).map((p) => p.header),
    customerContactComplete: [v.customerContactFirstName, v.customerContactLastName, v.customerContactPhone, v.customerContactEmail].every(
      (x) => x !== '',
    ),
    daysSinceCreated: created ? daysBetween(created, today) : null,
    daysSinceReceived: created ? daysBetween(created, today) : null,
    today,
    requestedAction: request ? request.action.name : '',
    targetStage: request?.stage ? request.stage.name : null,
    targetStagePercent: request?.stage ? request.stage.percent : null,
    nextAssessmentStage: isAssessment ? nextAssessmentStage(deal.stage?.name ?? null) : null,
  });
}

/** The Currency cell as an upper-case ISO 4217 code (`usd` → `USD`); null when it is none. */
function currencyCode(text: unknown): string | null {
  const code = typeof text === 'string' ? text.trim().toUpperCase() : '';
  return CURRENCY_CODES.has(code) ? code : null;
}
