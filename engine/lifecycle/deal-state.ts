import { type AnyStateNode, type SnapshotFrom, type StateValue } from 'xstate';
import { type DealContext, type DealStateMeta, dealMachine } from './deal-machine';
import { type Deal, statusPairOf } from '../sheet/parse-deal';
import { type Stage } from '../domain/vocabulary';

export type DealSnapshot = SnapshotFrom<typeof dealMachine>;

/** The owned cells a lifecycle state stands for, as typed values. */
export interface OwnedValues {
  readonly partnerReferralStatus: string;
  readonly partnerReferralSubstatus: string;
  readonly registrationStatus: string | null;
  readonly dealType: string | null;
  readonly salesStage: Stage | null;
  readonly microsoftHelpRequired: boolean | null;
  readonly microsoftReferralStatus: string | null;
}

/** A row's place in the lifecycle: the machine snapshot its owned cells stand for, or why they stand for none. */
export type DealState = { readonly kind: 'state'; readonly snapshot: DealSnapshot } | { readonly kind: 'none'; readonly error: string };

/** Why a row stands for no state (`{pair}` is its Status/Substatus). */
export const NO_LIFECYCLE_STATE = 'Partner Referral Status and Partner Referral Substatus "{pair}" are not a state a deal can be in.';

/** Every leaf state of the machine with its Partner Center words, read from the states' `meta`. */
const LEAVES: readonly { readonly value: StateValue; readonly meta: DealStateMeta }[] = leavesOf(dealMachine.root);

function leavesOf(node: AnyStateNode): { value: StateValue; meta: DealStateMeta }[] {
  const children = Object.values(node.states);
  if (children.length === 0) return node.meta ? [{ value: valueOf(node.path), meta: node.meta as DealStateMeta }] : [];
  return children.flatMap(leavesOf);
}

function valueOf(path: readonly string[]): StateValue {
  return path.length === 1 ? path[0] : { [path[0]]: valueOf(path.slice(1)) };
}

type Leaf = (typeof LEAVES)[number];
const cellKey = (value: unknown) => String(value ?? '');
/** Leaf states by their status, substatus and registration cells (looked up on every row, so no key text is built). */
const STATE_BY_CELLS = new Map<string, Map<string, Map<string, Leaf>>>();
for (const leaf of LEAVES) {
  const [status, substatus, registration] = [leaf.meta.status, leaf.meta.substatus, leaf.meta.registration].map(cellKey);
  const bySubstatus = STATE_BY_CELLS.get(status) ?? STATE_BY_CELLS.set(status, new Map()).get(status)!;
  const byRegistration = bySubstatus.get(substatus) ?? bySubstatus.set(substatus, new Map()).get(substatus)!;
  byRegistration.set(registration, leaf);
}

/**
 * Where a row stands in the lifecycle without building the machine's snapshot: its leaf state and the context the
 * machine would hold. `resolveDealState` makes the snapshot from it; `lifecycleAnswer` only needs it as a key.
 */
export type DealPlace = LifecyclePlace | { readonly kind: 'none'; readonly error: string };

/** A place in the lifecycle: the leaf state (its index among the machine's leaves, and its value) and the context. */
export interface LifecyclePlace {
  readonly kind: 'place';
  readonly leaf: number;
  readonly value: StateValue;
  readonly context: DealContext;
}

/**
 * The leaf state and context a row's owned cells stand for, or why they stand for none. A Registration Status
 * that is no registration state (or one on a deal that is not Won) leaves the deal where its status says:
 * validation rules name that cell.
 *
 * @example
 * const place = dealPlaceOf(deal);
 * if (place.kind === 'place') place.value; // { received: 'received' } for a New/Received row
 */
export function dealPlaceOf(deal: Deal): DealPlace {
  const v = deal.values;
  const leaf = leafOf(deal);
  if (!leaf) {
    return { kind: 'none', error: NO_LIFECYCLE_STATE.replace('{pair}', statusPairOf(deal)) };
  }
  const context: DealContext = {
    dealType: typeof v.dealType === 'string' ? v.dealType : null,
    stage: deal.stage ? { name: deal.stage.name, percent: deal.stage.percent } : null,
    microsoftHelpRequired: typeof v.microsoftHelpRequired === 'boolean' ? v.microsoftHelpRequired : null,
    microsoftReferralStatus: typeof v.microsoftReferralStatus === 'string' ? v.microsoftReferralStatus : null,
  };
  return { kind: 'place', leaf: LEAVES.indexOf(leaf), value: leaf.value, context };
}

/**
 * The machine snapshot a row's owned cells stand for, or why they stand for none (see `dealPlaceOf`).
 *
 * @example
 * const state = resolveDealState(deal);
 * if (state.kind === 'state') state.snapshot.value; // { received: 'received' } for a New/Received row
 */
export function resolveDealState(deal: Deal): DealState {
  const place = dealPlaceOf(deal);
  return place.kind === 'none' ? place : { kind: 'state', snapshot: snapshotAt(place) };
}

/** The machine's snapshot at a place. */
export function snapshotAt(place: LifecyclePlace): DealSnapshot {
  return dealMachine.resolveState({ value: place.value, context: place.context });
}

/** The Partner Center words of the state a snapshot is in (its leaf state's `meta`). */
export function stateMetaOf(snapshot: DealSnapshot): DealStateMeta {
  const leaf = LEAVES.find((l) => snapshot.matches(l.value as never));
  if (!leaf) throw new Error(`The deal machine's state ${JSON.stringify(snapshot.value)} has no meta.`);
  return leaf.meta;
}

/**
 * Is the row a closed deal (read-only in Partner Center)? Read from the machine's state, never from the text
 * `Closed`: a row whose status is no lifecycle state is judged as open, so every field requirement applies.
 */
export function isClosedDeal(deal: Deal): boolean {
  // The leaf state's own meta: the same answer as resolving the machine's snapshot, without resolving it per row.
  return leafOf(deal)?.meta.closed === true;
}

/** The machine's leaf state the row's status cells stand for (registration first, then without it). */
function leafOf(deal: Deal): Leaf | undefined {
  const v = deal.values;
  const byRegistration = STATE_BY_CELLS.get(cellKey(v.partnerReferralStatus))?.get(cellKey(v.partnerReferralSubstatus));
  return byRegistration?.get(cellKey(v.registrationStatus)) ?? byRegistration?.get('');
}

/** The owned cell values a snapshot stands for: the inverse of `resolveDealState`. */
export function ownedValuesOf(snapshot: DealSnapshot): OwnedValues {
  const { status, substatus, registration } = stateMetaOf(snapshot);
  const { dealType, stage, microsoftHelpRequired, microsoftReferralStatus } = snapshot.context;
  return {
    partnerReferralStatus: status,
    partnerReferralSubstatus: substatus,
    registrationStatus: registration,
    dealType,
    salesStage: stage,
    microsoftHelpRequired,
    microsoftReferralStatus,
  };
}

/** How a state reads to a user: `Closed/Won (registration Submitted)`. */
export function describeState(snapshot: DealSnapshot): string {
  const { status, substatus, registration } = stateMetaOf(snapshot);
  return `${status}/${substatus}${registration ? ` (registration ${registration})` : ''}`;
}
