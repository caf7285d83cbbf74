import { assign, setup } from 'xstate';
import { type Stage, stagesFor } from '../domain/vocabulary';

/**
 * What the machine tracks besides its state: the owned cells that are not the status columns.
 * Deal type is here because invitations change it.
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

const stageNamed = (dealType: string | null, name: string): Stage => stagesFor(dealType).find((s) => s.name === name)!;

/**
 * A co-sell deal's lifecycle (reference §3): received → accepted (sales stages) → won / lost;
 * received → declined / expired; won → registration submitted → approved / rejected.
 * Closed deals are final, except Won, which still takes the registration actions.
 *
 * The machine decides which actions exist in which state; the rules decide, through `allowed`, whether the
 * policy lets a possible action happen.
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
  },
  guards: {
    policyAllows: ({ event }) => 'allowed' in event && event.allowed,
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
    /** Partner Referral Status New: an inbound deal waiting for the partner's answer. */
    received: {
      initial: 'received',
      states: {
        pending: {},
        received: {},
      },
      on: {
        ACCEPT: { guard: 'policyAllows', target: 'accepted', actions: 'markAccepted' },
        DECLINE: { guard: 'policyAllows', target: 'declined' },
        EXPIRE: { guard: 'policyAllows', target: 'expired' },
        INVITE_MICROSOFT: { guard: 'policyAllows', actions: 'inviteMicrosoft' },
        INVITE_PARTNER: { guard: 'policyAllows', actions: 'invitePartner' },
      },
    },
    /** Active/Accepted: the sales stages (or, for solution assessments, the mandatory assessment stages). */
    accepted: {
      on: {
        STAGE: { guard: 'policyAllows', actions: 'enterStage' },
        WIN: { guard: 'policyAllows', target: 'won', actions: 'markWon' },
        LOSE: { guard: 'policyAllows', target: 'lost' },
        INVITE_MICROSOFT: { guard: 'policyAllows', actions: 'inviteMicrosoft' },
        INVITE_PARTNER: { guard: 'policyAllows', actions: 'invitePartner' },
      },
    },
    /** Closed/Won: no action but deal registration. */
    won: {
      initial: 'unregistered',
      states: {
        unregistered: { on: { REGISTER: { guard: 'policyAllows', target: 'submitted' } } },
        submitted: { on: { REGISTRATION_APPROVED: 'approved', REGISTRATION_REJECTED: 'rejected' } },
        approved: { type: 'final' },
        rejected: { type: 'final' },
      },
    },
    lost: { type: 'final' },
    declined: { type: 'final' },
    expired: { type: 'final' },
  },
});

export type DealMachine = typeof dealMachine;
