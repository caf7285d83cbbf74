import { and, assign, setup } from 'xstate';
import { LAST_ASSESSMENT_STAGE, type Stage, nextAssessmentStage, stagesFor } from '../domain/vocabulary';
import { type ActionGate } from '../domain/actions';

/**
 * What the machine tracks besides its state: the owned cells that are not the status columns.
 * Deal type is here because invitations change it and because it chooses the stage list.
 */
export interface DealContext {
  readonly dealType: string | null;
  readonly stage: Stage | null;
  readonly microsoftHelpRequired: boolean | null;
  readonly microsoftReferralStatus: string | null;
}

/**
 * The machine's events: one per action. Events whose action has a policy carry `allowed`, the verdict of its
 * gate, decided by the rules before the event is sent (guards must be synchronous; rules are not).
 */
export type DealEvent =
  | { type: 'ACCEPT'; allowed: boolean }
  | { type: 'DECLINE'; allowed: boolean }
  | { type: 'EXPIRE'; allowed: boolean }
  | { type: 'STAGE'; allowed: boolean; stage: Stage }
  | { type: 'WIN'; allowed: boolean }
  | { type: 'LOSE'; allowed: boolean }
  | { type: 'INVITE_MICROSOFT'; allowed: boolean }
  | { type: 'INVITE_PARTNER'; allowed: boolean }
  | { type: 'REGISTER'; allowed: boolean }
  | { type: 'REGISTRATION_APPROVED' }
  | { type: 'REGISTRATION_REJECTED' };

/**
 * What a state is in Partner Center's words: the one table between `Partner Referral Status/Substatus` (and
 * `Registration Status`) and the machine, kept on each leaf state as its `meta`. `closed` deals are read-only.
 */
export interface DealStateMeta {
  readonly status: 'New' | 'Active' | 'Closed';
  readonly substatus: 'Pending' | 'Received' | 'Accepted' | 'Won' | 'Lost' | 'Declined' | 'Expired' | 'Error';
  readonly registration: 'Submitted' | 'Approved' | 'Rejected' | null;
  readonly closed: boolean;
}

const meta = (status: DealStateMeta['status'], substatus: DealStateMeta['substatus'], registration: DealStateMeta['registration'] = null) => ({
  status,
  substatus,
  registration,
  closed: status === 'Closed',
}) satisfies DealStateMeta;

const isAssessment = (context: DealContext) => context.dealType === 'Solution assessment';
const stageNamed = (dealType: string | null, name: string): Stage => stagesFor(dealType).find((s) => s.name === name) ?? { name, percent: 100 };

/**
 * The structural rules of the lifecycle, as plain predicates: the machine's guards use them, and
 * `lifecycleRefusal` uses them to say why an action is not possible. No rule file can change them.
 */
export const LIFECYCLE_CHECKS = {
  /** Sales Stage becomes Won only through Win. */
  stageIsNotWon: (_context: DealContext, stage: Stage) => stage.name !== 'Won' && stage.percent < 100,
  /** A solution-assessment deal moves one stage forward at a time; ordinary deals may move to any stage. */
  stageInOrder: (context: DealContext, stage: Stage) =>
    !isAssessment(context) || stage.name === nextAssessmentStage(context.stage?.name ?? null),
  /** A solution-assessment deal is won only after every assessment stage is marked. */
  assessmentStagesDone: (context: DealContext) => !isAssessment(context) || context.stage?.name === LAST_ASSESSMENT_STAGE,
} as const;

/**
 * The deal values the lifecycle's own checks read, per action gate (both read the deal type: stage order and
 * Win differ on solution assessments). When a row cannot decide one (a raw export's solution the catalog does not
 * know), the action is not judged and is refused saying why, as an action whose rule reads it would be.
 */
export const LIFECYCLE_READS: Readonly<Partial<Record<ActionGate, readonly string[]>>> = { stage: ['dealType'], win: ['dealType'] };

/**
 * A co-sell deal's lifecycle (reference §3): received → accepted (sales stages) → won / lost;
 * received → declined / expired; won → registration submitted → approved / rejected.
 *
 * The machine owns the structure: which actions exist in which state (a received deal can only be accepted,
 * declined or expired; invitations come after acceptance; closed deals take nothing but registration), that
 * Won is reached only through Win, and the order of solution-assessment stages. The rules decide, through
 * `allowed`, whether the policy lets a possible action happen; with every gate open the structure still holds.
 *
 * @example
 * const snapshot = dealMachine.resolveState({ value: { received: 'received' }, context });
 * const [next] = transition(dealMachine, snapshot, { type: 'ACCEPT', allowed: true });
 * next.value; // 'accepted'
 */
export const dealMachine = setup({
  types: {
    context: {} as DealContext,
    events: {} as DealEvent,
    input: {} as DealContext,
    meta: {} as DealStateMeta,
  },
  guards: {
    policyAllows: ({ event }) => 'allowed' in event && event.allowed,
    stageIsNotWon: ({ context, event }) => event.type === 'STAGE' && LIFECYCLE_CHECKS.stageIsNotWon(context, event.stage),
    stageInOrder: ({ context, event }) => event.type === 'STAGE' && LIFECYCLE_CHECKS.stageInOrder(context, event.stage),
    assessmentStagesDone: ({ context }) => LIFECYCLE_CHECKS.assessmentStagesDone(context),
  },
  actions: {
    markAccepted: assign({ stage: ({ context }) => stageNamed(context.dealType, 'Accepted') }),
    markWon: assign({ stage: ({ context }) => stageNamed(context.dealType, 'Won') }),
    enterStage: assign({ stage: ({ context, event }) => (event.type === 'STAGE' ? event.stage : context.stage) }),
    inviteMicrosoft: assign({ dealType: 'Co-sell', microsoftHelpRequired: true, microsoftReferralStatus: 'Pending' }),
    invitePartner: assign({ dealType: ({ context }) => (context.dealType === 'Private' ? 'Partner to partner' : context.dealType) }),
  },
}).createMachine({
  id: 'deal',
  context: ({ input }) => input,
  initial: 'received',
  states: {
    /** An inbound deal waiting for the partner's answer: accept or decline it, or let it expire (14 days). */
    received: {
      initial: 'received',
      states: {
        pending: { meta: meta('New', 'Pending') },
        received: { meta: meta('New', 'Received') },
      },
      on: {
        ACCEPT: { guard: 'policyAllows', target: 'accepted', actions: 'markAccepted' },
        DECLINE: { guard: 'policyAllows', target: 'declined' },
        EXPIRE: { guard: 'policyAllows', target: 'expired' },
      },
    },
    /** Active/Accepted: the sales stages (or, for solution assessments, the mandatory assessment stages) and invitations. */
    accepted: {
      meta: meta('Active', 'Accepted'),
      on: {
        STAGE: { guard: and(['stageIsNotWon', 'stageInOrder', 'policyAllows']), actions: 'enterStage' },
        WIN: { guard: and(['assessmentStagesDone', 'policyAllows']), target: 'won', actions: 'markWon' },
        LOSE: { guard: 'policyAllows', target: 'lost' },
        INVITE_MICROSOFT: { guard: 'policyAllows', actions: 'inviteMicrosoft' },
        INVITE_PARTNER: { guard: 'policyAllows', actions: 'invitePartner' },
      },
    },
    /** Closed/Won: read-only, but deal registration still happens. */
    won: {
      initial: 'unregistered',
      states: {
        unregistered: { meta: meta('Closed', 'Won'), on: { REGISTER: { guard: 'policyAllows', target: 'submitted' } } },
        submitted: { meta: meta('Closed', 'Won', 'Submitted'), on: { REGISTRATION_APPROVED: 'approved', REGISTRATION_REJECTED: 'rejected' } },
        approved: { type: 'final', meta: meta('Closed', 'Won', 'Approved') },
        rejected: { type: 'final', meta: meta('Closed', 'Won', 'Rejected') },
      },
    },
    lost: { type: 'final', meta: meta('Closed', 'Lost') },
    declined: { type: 'final', meta: meta('Closed', 'Declined') },
    expired: { type: 'final', meta: meta('Closed', 'Expired') },
    /**
     * Closed/Error (2023 layouts on): Partner Center could not process the deal. No action leads here; a row
     * arrives in it from an export, and, closed, takes no action.
     */
    error: { type: 'final', meta: meta('Closed', 'Error') },
  },
});

export type DealMachine = typeof dealMachine;
