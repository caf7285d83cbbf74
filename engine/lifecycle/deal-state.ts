import { type SnapshotFrom, type StateValue } from 'xstate';
import { type DealContext, dealMachine } from './deal-machine';
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

/** Status/Substatus pairs and the machine state each one is. */
const STATE_OF_PAIR: Readonly<Record<string, StateValue>> = {
  'New/Pending': { received: 'pending' },
  'New/Received': { received: 'received' },
  'Active/Accepted': 'accepted',
  'Closed/Won': { won: 'unregistered' },
  'Closed/Lost': 'lost',
  'Closed/Declined': 'declined',
  'Closed/Expired': 'expired',
};

const REGISTRATION_STATE: Readonly<Record<string, string>> = { Submitted: 'submitted', Approved: 'approved', Rejected: 'rejected' };

/**
 * The machine snapshot a row's owned cells stand for, or why they stand for none.
 *
 * @example
 * resolveDealState(deal).snapshot?.value; // { received: 'received' } for a New/Received row
 */
export function resolveDealState(deal: Deal): { snapshot?: DealSnapshot; error?: string } {
  const v = deal.values;
  const pair = statusPairOf(deal);
  let value = STATE_OF_PAIR[pair];
  if (value === undefined) {
    return { error: `Partner Referral Status and Partner Referral Substatus "${pair}" are no lifecycle state.` };
  }
  if (pair === 'Closed/Won' && typeof v.registrationStatus === 'string' && REGISTRATION_STATE[v.registrationStatus]) {
    value = { won: REGISTRATION_STATE[v.registrationStatus] };
  }
  const context: DealContext = {
    dealType: typeof v.dealType === 'string' ? v.dealType : null,
    stage: deal.stage ? { name: deal.stage.name, percent: deal.stage.percent } : null,
    microsoftHelpRequired: typeof v.microsoftHelpRequired === 'boolean' ? v.microsoftHelpRequired : null,
    microsoftReferralStatus: typeof v.microsoftReferralStatus === 'string' ? v.microsoftReferralStatus : null,
  };
  return { snapshot: dealMachine.resolveState({ value, context }) };
}

/** The owned cell values a snapshot stands for: the inverse of `resolveDealState`. */
export function ownedValuesOf(snapshot: DealSnapshot): OwnedValues {
  const [status, substatus, registration] = statusOf(snapshot);
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

function statusOf(snapshot: DealSnapshot): [string, string, string | null] {
  if (snapshot.matches({ received: 'pending' })) return ['New', 'Pending', null];
  if (snapshot.matches('received')) return ['New', 'Received', null];
  if (snapshot.matches('accepted')) return ['Active', 'Accepted', null];
  if (snapshot.matches({ won: 'submitted' })) return ['Closed', 'Won', 'Submitted'];
  if (snapshot.matches({ won: 'approved' })) return ['Closed', 'Won', 'Approved'];
  if (snapshot.matches({ won: 'rejected' })) return ['Closed', 'Won', 'Rejected'];
  if (snapshot.matches('won')) return ['Closed', 'Won', null];
  if (snapshot.matches('lost')) return ['Closed', 'Lost', null];
  if (snapshot.matches('declined')) return ['Closed', 'Declined', null];
  return ['Closed', 'Expired', null];
}

/** How a state reads to a user: `Closed/Won (registration Submitted)`. */
export function describeState(snapshot: DealSnapshot): string {
  const [status, substatus, registration] = statusOf(snapshot);
  return `${status}/${substatus}${registration ? ` (registration ${registration})` : ''}`;
}
