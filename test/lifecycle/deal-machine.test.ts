import { type AnyStateNode, getNextTransitions, transition } from 'xstate';
import { getAdjacencyMap, adjacencyMapToArray, getShortestPaths } from 'xstate/graph';
import {
  type DealContext,
  type DealEvent,
  type DealSnapshot,
  type FieldKey,
  DEAL_TYPES,
  headerOf,
  applySheet,
  createSheetContext,
  dealMachine,
  mapHeaders,
  ownedValuesOf,
  parseDeal,
  resolveDealState,
  stagesFor,
  isClosedDeal,
  stateMetaOf,
  type Deal,
  REFERRAL_STATUSES,
  REFERRAL_SUBSTATUSES,
  REGISTRATION_STATUSES,
} from '../../engine/index';
import { TODAY, gridOf, shippedCatalog, shippedRuleSet } from '../helpers/deal-rows';

const POLICY_EVENTS = ['ACCEPT', 'DECLINE', 'EXPIRE', 'WIN', 'LOSE', 'INVITE_MICROSOFT', 'INVITE_PARTNER', 'REGISTER'] as const;

/** Every event the pane or the CLI could send in a state: each action with its gate open and closed, every stage. */
function eventsFor(snapshot: DealSnapshot): DealEvent[] {
  const stages = stagesFor(snapshot.context.dealType).filter((s) => s.name !== 'Created' && s.percent < 100);
  return [
    ...POLICY_EVENTS.flatMap((type) => [true, false].map((allowed) => ({ type, allowed }) as DealEvent)),
    ...stages.flatMap((stage) => [true, false].map((allowed): DealEvent => ({ type: 'STAGE', stage, allowed }))),
    { type: 'REGISTRATION_APPROVED' },
    { type: 'REGISTRATION_REJECTED' },
  ];
}

const inputFor = (dealType: string): DealContext => ({ dealType, stage: null, microsoftHelpRequired: false, microsoftReferralStatus: null });

/** Every reachable edge, for each deal type, from a received deal and from a deal created Active/Accepted. */
function allEdges() {
  return DEAL_TYPES.flatMap((dealType) => {
    const fromReceived = adjacencyMapToArray(getAdjacencyMap(dealMachine, { input: inputFor(dealType), events: eventsFor }));
    const created = dealMachine.resolveState({ value: 'accepted', context: { ...inputFor(dealType), stage: stagesFor(dealType)[0] } });
    const fromCreated = adjacencyMapToArray(getAdjacencyMap(dealMachine, { input: inputFor(dealType), fromState: created, events: eventsFor }));
    return [...fromReceived, ...fromCreated];
  });
}

/** `node.id:EVENT` for every transition the machine definition declares. */
function declaredTransitions(node: AnyStateNode = dealMachine.root): string[] {
  const own = [...node.transitions.keys()].map((type) => `${node.id}:${type}`);
  return [...own, ...Object.values(node.states).flatMap((child) => declaredTransitions(child))];
}

const same = (a: DealSnapshot, b: DealSnapshot) => JSON.stringify([a.value, a.context]) === JSON.stringify([b.value, b.context]);

describe('deal machine (model-based, xstate/graph)', () => {
  const edges = allEdges();

  test('every declared transition is taken on some reachable edge', () => {
    const taken = new Set<string>();
    for (const { state, event, nextState } of edges) {
      if ('allowed' in event && !event.allowed) continue;
      const t = getNextTransitions(state).find((d) => d.eventType === event.type);
      if (t && (!same(state, nextState) || t.actions.length > 0)) taken.add(`${t.source.id}:${t.eventType}`);
    }
    expect([...taken].sort()).toEqual(declaredTransitions().sort());
  });

  test('a closed gate never changes the deal', () => {
    const refused = edges.filter(({ event }) => 'allowed' in event && !event.allowed);
    expect(refused.length).toBeGreaterThan(100);
    for (const { state, nextState } of refused) expect(same(state, nextState)).toBe(true);
  });

  test('closed deals take no action, except registration on Won', () => {
    for (const { state, event, nextState } of edges) {
      if (!same(state, nextState)) {
        const status = ownedValuesOf(state).partnerReferralStatus;
        if (status === 'Closed') expect(['REGISTER', 'REGISTRATION_APPROVED', 'REGISTRATION_REJECTED']).toContain(event.type);
      }
    }
  });

  test('status never moves back (New → Active → Closed)', () => {
    const rank = { New: 0, Active: 1, Closed: 2 } as Record<string, number>;
    for (const { state, nextState } of edges) {
      expect(rank[ownedValuesOf(nextState).partnerReferralStatus]).toBeGreaterThanOrEqual(rank[ownedValuesOf(state).partnerReferralStatus]);
    }
  });

  test('invitations change the deal type as the combinations table says', () => {
    const handled = edges.filter(({ state, event }) => getNextTransitions(state).some((t) => t.eventType === event.type));
    expect(handled.some(({ event }) => event.type === 'INVITE_PARTNER')).toBe(true);
    for (const { state, event, nextState } of handled) {
      if (event.type === 'INVITE_MICROSOFT' && event.allowed) {
        expect(nextState.context).toMatchObject({ dealType: 'Co-sell', microsoftHelpRequired: true, microsoftReferralStatus: 'Pending' });
      }
      if (event.type === 'INVITE_PARTNER' && event.allowed) {
        const before = state.context.dealType;
        expect(nextState.context.dealType).toBe(before === 'Private' ? 'Partner to partner' : before);
      }
    }
  });

  test('every reachable state reads back from the cells it writes', () => {
    for (const { nextState } of edges) {
      const owned = ownedValuesOf(nextState);
      const grid = gridOf({
        'Partner Referral Status': owned.partnerReferralStatus,
        'Partner Referral Substatus': owned.partnerReferralSubstatus,
        'Registration Status': owned.registrationStatus ?? '',
        'Deal Type': owned.dealType ?? '',
        'Sales Stage': owned.salesStage?.name ?? '',
      });
      const deal = parseDeal(grid.rows[0], mapHeaders(grid.headers).map, 2, { decimalComma: false });
      const state = resolveDealState(deal);
      expect(state.kind === 'state' && state.snapshot.value).toEqual(nextState.value);
    }
  });
});

describe('machine paths replayed on cells (machine, rules and sheet agree)', () => {
  // An inbound Co-sell deal whose row satisfies every gate the path below uses.
  const PERMISSIVE = {
    'Partner Referral Status': 'New',
    'Partner Referral Substatus': 'Received',
    Direction: 'Inbound',
    'Sales Stage': '',
    'Declined/Lost reason': '8',
    'Created Date': '9/1/2026',
  };
  const events = (snapshot: DealSnapshot): DealEvent[] =>
    eventsFor(snapshot).filter(
      (e) =>
        (!('allowed' in e) || e.allowed) &&
        !e.type.startsWith('INVITE') &&
        (e.type !== 'STAGE' || (snapshot.context.stage !== null && e.stage.percent > snapshot.context.stage.percent)),
    );
  const paths = getShortestPaths(dealMachine, { input: inputFor('Co-sell'), events, fromState: snapshotOf(PERMISSIVE) });

  test('the paths reach every state value', () => {
    const values = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    for (const v of ['"accepted"', '"declined"', '"expired"', '"lost"', '{"won":"approved"}', '{"won":"rejected"}']) expect(values).toContain(v);
  });

  test.each(paths.map((p) => [p.steps.slice(1).map((s) => s.event.type + ('stage' in s.event ? ` ${s.event.stage.name}` : '')).join(' → ') || '(start)', p] as const))(
    '%s',
    async (_, path) => {
      // steps[0] is the start (xstate.init); each later step is an event and the state it leads to.
      // Expire needs a deal received 14 days ago or more; Accept and Decline one received less than 14 days ago.
      const expires = path.steps.some((s) => s.event.type === 'EXPIRE');
      const row: Record<string, string | number | boolean | Date | null> = { ...PERMISSIVE, 'Created Date': expires ? '9/1/2026' : '11/20/2026' };
      let snapshot = path.steps[0].state;
      for (const { event } of path.steps.slice(1)) {
        const [expected] = transition(dealMachine, snapshot, event);
        const action = actionText(event);
        const grid = gridOf({ ...row, Action: action });
        const { context } = createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY });
        const [outcome] = await applySheet(grid, context!);
        expect({ action, applied: outcome.action?.applied, errors: outcome.errors }).toEqual({ action, applied: true, errors: '' });
        const owned = ownedValuesOf(expected);
        for (const [key, value] of Object.entries(outcome.changes)) row[headerOf(key as FieldKey)] = value ?? '';
        expect([row['Partner Referral Status'], row['Partner Referral Substatus'], row['Registration Status'] ?? '', row['Sales Stage']]).toEqual([
          owned.partnerReferralStatus,
          owned.partnerReferralSubstatus,
          owned.registrationStatus ?? '',
          owned.salesStage?.name ?? '',
        ]);
        snapshot = expected;
      }
      expect(snapshot.value).toEqual(path.state.value);
    },
  );
});

function snapshotOf(row: Record<string, string>): DealSnapshot {
  const state = resolveDealState(parseDeal(gridOf(row).rows[0], mapHeaders(gridOf().headers).map, 2, { decimalComma: false }));
  if (state.kind === 'none') throw new Error(state.error);
  return state.snapshot;
}

function actionText(event: DealEvent): string {
  switch (event.type) {
    case 'STAGE':
      return `Stage ${event.stage.name}`;
    case 'REGISTRATION_APPROVED':
      return 'Registration approved';
    case 'REGISTRATION_REJECTED':
      return 'Registration rejected';
    default:
      return event.type.charAt(0) + event.type.slice(1).toLowerCase().replace(/_/g, ' ');
  }
}

describe('a closed deal, read from the leaf state', () => {
  test('isClosedDeal gives what the resolved snapshot says, for every status, substatus and registration', () => {
    const registrations = ['', ...REGISTRATION_STATUSES, 'Typed by hand'];
    for (const status of [...REFERRAL_STATUSES, 'closed ', '']) {
      for (const substatus of [...REFERRAL_SUBSTATUSES, '']) {
        for (const registrationStatus of registrations) {
          const deal = { values: { partnerReferralStatus: status, partnerReferralSubstatus: substatus, registrationStatus }, stage: null } as unknown as Deal;
          const state = resolveDealState(deal);
          expect(isClosedDeal(deal)).toBe(state.kind === 'state' && stateMetaOf(state.snapshot).closed);
        }
      }
    }
  });
});
