import { transition } from 'xstate';
import { dealMachine, type DealEvent } from './deal-machine';
import { type OwnedValues, describeState, ownedValuesOf, resolveDealState } from './deal-state';
import { type ActionRequest } from '../sheet/action-cell';
import { type Deal } from '../sheet/parse-deal';
import { type Verdict, gateOpen } from '../rules/rule-evaluator';

/** The outcome of one requested action on one deal. */
export type ActionJudgement =
  | { readonly kind: 'applied'; readonly before: OwnedValues; readonly after: OwnedValues }
  | { readonly kind: 'refused'; readonly reasons: readonly string[] };

/**
 * Decides one action on one deal, synchronously: the row's state is resolved from its owned cells, the machine
 * says whether the action exists in that state, the verdict says whether the policy allows it, and the machine
 * computes the new owned values.
 *
 * @example
 * judgeAction(deal, { action: ACCEPT }, verdict); // { kind: 'applied', before, after } or { kind: 'refused', reasons }
 */
export function judgeAction(deal: Deal, request: ActionRequest, verdict: Verdict): ActionJudgement {
  const { snapshot, error } = resolveDealState(deal);
  if (!snapshot) return { kind: 'refused', reasons: [error!] };

  const gate = request.action.gate;
  const allowed = gate === null || gateOpen(verdict, gate);
  if (!snapshot.can(toEvent(request, true))) {
    return { kind: 'refused', reasons: [`${request.action.name} is not possible on a ${describeState(snapshot)} deal.`] };
  }
  if (!allowed) return { kind: 'refused', reasons: (verdict.refusals[gate!] ?? []).map((f) => f.message) };

  const [next] = transition(dealMachine, snapshot, toEvent(request, allowed));
  return { kind: 'applied', before: ownedValuesOf(snapshot), after: ownedValuesOf(next) };
}

/** The actions the machine offers in the row's state (before any policy), by name. */
export function possibleActions(deal: Deal, requests: readonly ActionRequest[]): ActionRequest[] {
  const { snapshot } = resolveDealState(deal);
  return snapshot ? requests.filter((r) => snapshot.can(toEvent(r, true))) : [];
}

function toEvent(request: ActionRequest, allowed: boolean): DealEvent {
  const type = request.action.event;
  if (type === 'STAGE') return { type, allowed, stage: { name: request.stage!.name, percent: request.stage!.percent } };
  if (type === 'REGISTRATION_APPROVED' || type === 'REGISTRATION_REJECTED') return { type };
  return { type, allowed };
}
