import { type DealEvent } from './deal-machine';
import { type OwnedValues, dealPlaceOf } from './deal-state';
import { lifecycleAnswer } from './lifecycle-answer';
import { type ActionRequest } from '../sheet/action-cell';
import { type Deal } from '../sheet/parse-deal';
import { type Verdict, gateOpen } from '../rules/rule-evaluator';

/** The outcome of one requested action on one deal. */
export type ActionJudgement =
  | { readonly kind: 'applied'; readonly before: OwnedValues; readonly after: OwnedValues }
  | { readonly kind: 'refused'; readonly reasons: readonly string[] };

/**
 * Decides one action on one deal, synchronously: the row's state is resolved from its owned cells, the machine
 * says whether the action exists in that state (and whether the lifecycle's own order allows it), and the
 * machine's guard reads the verdict of the action's gate, computed by the rules beforehand. The machine's answer
 * for a state, context and event is remembered (`lifecycleAnswer`): rows in the same place share it.
 *
 * @example
 * judgeAction(deal, { action: ACCEPT }, verdict); // { kind: 'applied', before, after } or { kind: 'refused', reasons }
 */
export function judgeAction(deal: Deal, request: ActionRequest, verdict: Verdict): ActionJudgement {
  const place = dealPlaceOf(deal);
  if (place.kind === 'none') return { kind: 'refused', reasons: [place.error] };

  const gate = request.action.gate;
  const answer = lifecycleAnswer(place, toEvent(request, gate === null || gateOpen(verdict, gate)));
  switch (answer.kind) {
    case 'not-possible':
      return { kind: 'refused', reasons: [answer.reason] };
    case 'gate-closed':
      // The guard saw the real verdict: with the lifecycle's own checks passed, only the policy refused.
      return { kind: 'refused', reasons: (verdict.refusals[gate!] ?? []).map((f) => f.message) };
    case 'taken':
      return { kind: 'applied', before: answer.before, after: answer.after };
  }
}

/**
 * Why the lifecycle itself refuses an action on a row, whatever the rules say (the row stands for no state, or
 * the state does not offer it, or its order forbids it); undefined when the machine would take it.
 *
 * @example
 * lifecycleRefusalOf(activeDeal, { action: STAGE, stage: won }); // 'Sales Stage becomes Won only through the Win action.'
 */
export function lifecycleRefusalOf(deal: Deal, request: ActionRequest): string | undefined {
  const place = dealPlaceOf(deal);
  if (place.kind === 'none') return place.error;
  const answer = lifecycleAnswer(place, toEvent(request, true));
  return answer.kind === 'not-possible' ? answer.reason : undefined;
}

/** The requested actions the lifecycle allows in the row's state (before any policy). */
export function possibleActions(deal: Deal, requests: readonly ActionRequest[]): ActionRequest[] {
  const place = dealPlaceOf(deal);
  return place.kind === 'place' ? requests.filter((r) => lifecycleAnswer(place, toEvent(r, true)).kind !== 'not-possible') : [];
}

/** The machine event an action request stands for, with its gate's verdict. */
export function toEvent(request: ActionRequest, allowed: boolean): DealEvent {
  const type = request.action.event;
  if (type === 'STAGE') {
    if (!request.stage) throw new Error('A Stage action needs its stage.');
    return { type, allowed, stage: { name: request.stage.name, percent: request.stage.percent } };
  }
  if (type === 'REGISTRATION_APPROVED' || type === 'REGISTRATION_REJECTED') return { type };
  return { type, allowed };
}
