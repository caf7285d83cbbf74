import { type DealEvent, LIFECYCLE_CHECKS } from './deal-machine';
import { type DealSnapshot, describeState, stateMetaOf } from './deal-state';
import { ACTIONS } from '../domain/actions';
import { LAST_ASSESSMENT_STAGE, nextAssessmentStage } from '../domain/vocabulary';

/**
 * Every sentence the lifecycle refuses with, as templates: `lifecycleRefusal` fills them, and the `Errors`
 * reader (`workflow/own-messages.ts`) recognises them, so the two cannot drift apart. No template holds `; `
 * (messages are joined by it).
 */
export const LIFECYCLE_REFUSALS = {
  stageToWon: 'Sales Stage becomes Won only through the Win action.',
  assessmentStageOrder: 'Sales Stage of a Solution assessment deal moves forward one stage at a time: after {current} comes {next}, not {target}.',
  assessmentWinEarly: `Win needs every solution assessment stage marked: Sales Stage is {stage}, and ${LAST_ASSESSMENT_STAGE} must come before Won.`,
  notPossible: '{action} is not possible on {a} {state} deal: {hint}.',
} as const;

/** What a deal in each kind of state can do instead: the `{hint}` of `notPossible`. */
export const LIFECYCLE_HINTS = {
  received: 'a received deal can only be accepted, declined or expired (invitations, stages, Win and Lose come after Accept)',
  accepted: 'an active deal takes Stage, Win, Lose and the invitations, and Register comes after Win',
  won: 'a won deal is closed, and only Register is possible',
  submitted: 'the registration is submitted, and only Registration approved or Registration rejected is possible',
  closed: '{a} {substatus} deal is closed, and closed deals take no action',
  error: 'Partner Center could not process this deal, so it is closed, and closed deals take no action',
} as const;

/**
 * Why the lifecycle itself (not the policy) refuses an event in a state, in the analyst's words; undefined when
 * the machine would take it with its gate open. The machine's guards and these sentences read the same
 * predicates (`LIFECYCLE_CHECKS`), so they cannot disagree.
 *
 * @example
 * lifecycleRefusal(receivedDeal, { type: 'INVITE_PARTNER', allowed: true });
 * // 'Invite partner is not possible on a New/Received deal: a received deal can only be accepted, declined or expired (…).'
 */
export function lifecycleRefusal(snapshot: DealSnapshot, event: DealEvent): string | undefined {
  const open: DealEvent = 'allowed' in event ? { ...event, allowed: true } : event;
  if (snapshot.can(open)) return undefined;
  const { context } = snapshot;
  if (snapshot.matches('accepted') && event.type === 'STAGE') {
    if (!LIFECYCLE_CHECKS.stageIsNotWon(context, event.stage)) return LIFECYCLE_REFUSALS.stageToWon;
    const current = context.stage?.name ?? 'Accepted';
    return fill(LIFECYCLE_REFUSALS.assessmentStageOrder, { current, next: nextAssessmentStage(context.stage?.name ?? null) ?? 'nothing', target: event.stage.name });
  }
  if (snapshot.matches('accepted') && event.type === 'WIN') {
    return fill(LIFECYCLE_REFUSALS.assessmentWinEarly, { stage: context.stage?.name ?? '(empty)' });
  }
  const action = ACTIONS.find((a) => a.event === event.type)?.name ?? event.type;
  const state = describeState(snapshot);
  return fill(LIFECYCLE_REFUSALS.notPossible, { action, a: /^[AEIOU]/.test(state) ? 'an' : 'a', state, hint: hintFor(snapshot) });
}

function hintFor(snapshot: DealSnapshot): string {
  if (snapshot.matches('received')) return LIFECYCLE_HINTS.received;
  if (snapshot.matches('accepted')) return LIFECYCLE_HINTS.accepted;
  if (snapshot.matches({ won: 'unregistered' })) return LIFECYCLE_HINTS.won;
  if (snapshot.matches({ won: 'submitted' })) return LIFECYCLE_HINTS.submitted;
  if (snapshot.matches('error')) return LIFECYCLE_HINTS.error;
  const substatus = stateMetaOf(snapshot).substatus.toLowerCase();
  return fill(LIFECYCLE_HINTS.closed, { a: /^[aeiou]/.test(substatus) ? 'an' : 'a', substatus });
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
