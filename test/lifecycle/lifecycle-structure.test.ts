import { transition } from 'xstate';
import { adjacencyMapToArray, getAdjacencyMap } from 'xstate/graph';
import {
  type DealContext,
  type DealEvent,
  type DealSnapshot,
  type RuleSet,
  DEAL_TYPES,
  LAST_ASSESSMENT_STAGE,
  applySheet,
  createSheetContext,
  dealMachine,
  describeState,
  lifecycleRefusal,
  nextAssessmentStage,
  ownErrorsText,
  stagesFor,
  ACTIONS,
} from '../../engine/index';
import { TODAY, gridOf, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';

/**
 * The lifecycle's structure belongs to the machine, not to the rules: these tests send every event with its gate
 * open, as a rule set with no rule at all would, and check that the deal still never reaches a state the
 * lifecycle forbids.
 */
const EVERY_TYPE = ['ACCEPT', 'DECLINE', 'EXPIRE', 'WIN', 'LOSE', 'INVITE_MICROSOFT', 'INVITE_PARTNER', 'REGISTER'] as const;

/** Every event with every gate open: each action, and Stage to every stage of the deal's list (Won included). */
function openEvents(snapshot: DealSnapshot): DealEvent[] {
  return [
    ...EVERY_TYPE.map((type) => ({ type, allowed: true }) as DealEvent),
    ...stagesFor(snapshot.context.dealType).map((stage): DealEvent => ({ type: 'STAGE', stage, allowed: true })),
    { type: 'REGISTRATION_APPROVED' },
    { type: 'REGISTRATION_REJECTED' },
  ];
}

const inputFor = (dealType: string): DealContext => ({ dealType, stage: null, microsoftHelpRequired: false, microsoftReferralStatus: null });

/** Every reachable edge with every gate open, for each deal type, from a received deal and from a created one. */
const edges = DEAL_TYPES.flatMap((dealType) => {
  const created = dealMachine.resolveState({ value: 'accepted', context: { ...inputFor(dealType), stage: stagesFor(dealType)[0] } });
  return [
    ...adjacencyMapToArray(getAdjacencyMap(dealMachine, { input: inputFor(dealType), events: openEvents })),
    ...adjacencyMapToArray(getAdjacencyMap(dealMachine, { input: inputFor(dealType), fromState: created, events: openEvents })),
  ];
});
const changed = edges.filter(({ state, nextState }) => JSON.stringify([state.value, state.context]) !== JSON.stringify([nextState.value, nextState.context]));

describe('the lifecycle holds with every gate open (a rule set with no rule at all)', () => {
  test('the graph is explored: every deal type reaches every state', () => {
    for (const dealType of DEAL_TYPES) {
      const values = new Set(edges.filter((e) => e.nextState.context.dealType === dealType || e.state.context.dealType === dealType).map((e) => JSON.stringify(e.nextState.value)));
      for (const v of ['"accepted"', '"declined"', '"expired"', '"lost"', '{"won":"unregistered"}', '{"won":"approved"}', '{"won":"rejected"}']) expect([dealType, values.has(v)]).toEqual([dealType, true]);
    }
  });

  test('a deal reaches Won only through Win, and only a won deal is at stage Won', () => {
    for (const { state, event, nextState } of changed) {
      if (nextState.matches('won') && !state.matches('won')) expect(event.type).toBe('WIN');
      if (nextState.context.stage?.percent === 100) expect(nextState.matches('won')).toBe(true);
    }
  });

  test('a solution-assessment deal passes its stages one at a time, in order, and is won only after the last', () => {
    const assessment = changed.filter(({ state }) => state.context.dealType === 'Solution assessment');
    // Four stages after Accepted, from each start (a received deal accepted, a deal created Active/Accepted).
    expect(assessment.filter(({ event }) => event.type === 'STAGE')).toHaveLength(8);
    for (const { state, event, nextState } of assessment) {
      if (event.type === 'STAGE') expect(nextState.context.stage?.name).toBe(nextAssessmentStage(state.context.stage?.name ?? null));
      if (event.type === 'WIN') expect(state.context.stage?.name).toBe(LAST_ASSESSMENT_STAGE);
    }
  });

  test('ordinary deals may move to any stage but Won, back as well as forward', () => {
    const moves = changed.filter(({ state, event }) => event.type === 'STAGE' && state.context.dealType !== 'Solution assessment');
    expect(moves.some(({ state, nextState }) => (nextState.context.stage?.percent ?? 0) < (state.context.stage?.percent ?? 0))).toBe(true);
    for (const { event } of moves) expect(event.type === 'STAGE' && event.stage.name).not.toBe('Won');
  });

  test('a received deal can only be accepted, declined or expired: invitations come after acceptance', () => {
    const fromReceived = changed.filter(({ state }) => state.matches('received'));
    expect(new Set(fromReceived.map((e) => e.event.type))).toEqual(new Set(['ACCEPT', 'DECLINE', 'EXPIRE']));
  });

  test('closed deals take nothing but registration', () => {
    for (const { state, event } of changed) {
      if (state.matches('won') || state.matches('lost') || state.matches('declined') || state.matches('expired')) {
        expect(['REGISTER', 'REGISTRATION_APPROVED', 'REGISTRATION_REJECTED']).toContain(event.type);
      }
    }
  });

  test('every event the machine does not take is refused with a sentence naming why, which Errors knows as its own', () => {
    const refused = edges.filter((e) => !changed.includes(e) && !e.state.can(e.event));
    expect(refused.length).toBeGreaterThan(200);
    const isOwn = ownErrorsText(shippedRuleSet());
    for (const { state, event } of refused) {
      const reason = lifecycleRefusal(state, event);
      expect(reason).toMatch(/\.$/);
      expect(reason).not.toMatch(/undefined|null|\[object|; /);
      const action = ACTIONS.find((a) => a.event === event.type)!.name;
      expect([reason, isOwn(`${action} refused: ${reason!.replace(/\.$/, '')}`)]).toEqual([reason, true]);
    }
  });
});

const at = (value: string | object, context: Partial<DealContext> = {}) => dealMachine.resolveState({ value: value as never, context: { ...inputFor('Co-sell'), ...context } });
const assessmentAt = (stage: string) => at('accepted', { dealType: 'Solution assessment', stage: stagesFor('Solution assessment').find((s) => s.name === stage)! });
const stage = (name: string, dealType = 'Co-sell'): DealEvent => ({ type: 'STAGE', allowed: true, stage: stagesFor(dealType).find((s) => s.name === name)! });

describe('transitions that are no longer possible, each with its reason', () => {
  test.each<[string, DealSnapshot, DealEvent, RegExp]>([
    ['Invite Microsoft on a received deal', at({ received: 'received' }), { type: 'INVITE_MICROSOFT', allowed: true }, /^Invite Microsoft is not possible on a New\/Received deal: a received deal can only be accepted, declined or expired \(invitations, stages, Win and Lose come after Accept\)\.$/],
    ['Invite partner on a pending deal', at({ received: 'pending' }), { type: 'INVITE_PARTNER', allowed: true }, /^Invite partner is not possible on a New\/Pending deal/],
    ['Stage on a received deal', at({ received: 'received' }), stage('Qualified'), /^Stage is not possible on a New\/Received deal/],
    ['Stage Won on an active deal', at('accepted', { stage: stagesFor('Co-sell')[3] }), stage('Won'), /^Sales Stage becomes Won only through the Win action\.$/],
    ['an assessment stage skipped', assessmentAt('Collect data'), stage(LAST_ASSESSMENT_STAGE, 'Solution assessment'), /^Sales Stage of a Solution assessment deal moves forward one stage at a time: after Collect data comes Prepare assessment report, not Present to customer\.$/],
    ['an assessment stage repeated', assessmentAt('Collect data'), stage('Collect data', 'Solution assessment'), /after Collect data comes Prepare assessment report/],
    ['an assessment stage moved back', assessmentAt('Collect data'), stage('Secure customer LOE', 'Solution assessment'), /after Collect data comes Prepare assessment report/],
    ['Win on an assessment before its last stage', assessmentAt('Prepare assessment report'), { type: 'WIN', allowed: true }, /^Win needs every solution assessment stage marked: Sales Stage is Prepare assessment report/],
    ['Accept on a lost deal', at('lost'), { type: 'ACCEPT', allowed: true }, /^Accept is not possible on a Closed\/Lost deal: a lost deal is closed, and closed deals take no action\.$/],
    ['Stage on a won deal', at({ won: 'unregistered' }), stage('Proposed'), /^Stage is not possible on a Closed\/Won deal: a won deal is closed, and only Register is possible\.$/],
    ['Register on an active deal', at('accepted'), { type: 'REGISTER', allowed: true }, /Register comes after Win/],
  ])('%s', (_, snapshot, event, reason) => {
    expect(snapshot.can(event)).toBe(false);
    const [next] = transition(dealMachine, snapshot, event);
    expect([next.value, next.context]).toEqual([snapshot.value, snapshot.context]);
    expect(lifecycleRefusal(snapshot, event)).toMatch(reason);
  });

  test('the guard sees the real verdict: a possible action with its gate closed is refused by the policy, not the lifecycle', () => {
    const snapshot = assessmentAt('Collect data');
    const target = stagesFor('Solution assessment').find((s) => s.name === 'Prepare assessment report')!;
    const closed: DealEvent = { type: 'STAGE', stage: target, allowed: false };
    expect(lifecycleRefusal(snapshot, closed)).toBeUndefined();
    expect(snapshot.can(closed)).toBe(false);
    expect(snapshot.can({ type: 'STAGE', stage: target, allowed: true })).toBe(true);
    expect(describeState(snapshot)).toBe('Active/Accepted');
  });
});

describe('apply with an empty rule set still refuses what the lifecycle forbids', () => {
  const EMPTY: RuleSet = { rules: [], files: [], descriptions: {}, name: 'No rules', version: '0', hash: '00000000000000', openGates: [] };
  const run = async (row: Record<string, string>) => {
    const grid = gridOf(row);
    const { context } = createSheetContext(grid, { rules: EMPTY, catalog: shippedCatalog(), today: TODAY });
    const [outcome] = await applySheet(grid, context!);
    return outcome;
  };
  const ASSESSMENT = { 'Deal Type': 'Solution assessment', 'Solution 1': 'SA-AZ-MIGRATE', 'Microsoft help required?': 'No' };

  test.each<[string, Record<string, string>, string]>([
    ['Stage Won', { Action: 'Stage Won' }, 'Stage refused: Sales Stage becomes Won only through the Win action'],
    ['a skipped assessment stage', { ...ASSESSMENT, 'Sales Stage': 'Collect data', Action: 'Stage Present to customer' }, 'Stage refused: Sales Stage of a Solution assessment deal moves forward one stage at a time'],
    ['an early assessment Win', { ...ASSESSMENT, 'Sales Stage': 'Collect data', Action: 'Win' }, 'Win refused: Win needs every solution assessment stage marked'],
    ['an invitation on a received deal', { 'Partner Referral Status': 'New', 'Partner Referral Substatus': 'Received', Direction: 'Inbound', 'Sales Stage': '', Action: 'Invite partner' }, 'Invite partner refused: Invite partner is not possible on a New/Received deal'],
    ['Accept on a closed deal', { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Lost', 'Declined/Lost reason': '3', Action: 'Accept' }, 'Accept refused: Accept is not possible on a Closed/Lost deal'],
  ])('%s is refused', async (_, row, errors) => {
    const outcome = await run(row);
    expect(outcome.action?.applied).toBe(false);
    expect(outcome.errors.startsWith(errors)).toBe(true);
    expect(outcome.changes).toEqual({});
  });

  test('an ordinary deal moves back a stage (stages synced from a CRM move back)', async () => {
    const outcome = await run({ 'Sales Stage': 'Proposed', Action: 'Stage Qualified' });
    expect([outcome.action?.applied, outcome.changes.salesStage]).toEqual([true, 'Qualified']);
  });

  test('a solution-assessment deal takes its next stage', async () => {
    const outcome = await run({ ...ASSESSMENT, 'Sales Stage': 'Collect data', Action: 'Stage Prepare assessment report' });
    expect([outcome.action?.applied, outcome.changes.salesStage]).toEqual([true, 'Prepare assessment report']);
  });
});
