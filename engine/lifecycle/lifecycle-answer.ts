import { transition } from 'xstate';
import { dealMachine, type DealEvent } from './deal-machine';
import { type LifecyclePlace, type OwnedValues, ownedValuesOf, snapshotAt } from './deal-state';
import { lifecycleRefusal } from './lifecycle-refusal';
import { STAGE_NAMES } from '../sheet/vocabulary-lists';
import { DEAL_TYPES, MICROSOFT_REFERRAL_STATUSES, type Stage } from '../domain/vocabulary';
import { remembered } from '../domain/remembered';

/**
 * What the lifecycle answers to one event at one place: the lifecycle itself refuses it (and says why), or only
 * the event's closed gate stops it, or the machine takes it from the owned values `before` to those `after`.
 */
export type LifecycleAnswer =
  | { readonly kind: 'not-possible'; readonly reason: string }
  | { readonly kind: 'gate-closed' }
  | { readonly kind: 'taken'; readonly before: OwnedValues; readonly after: OwnedValues };

/**
 * The answers remembered, at most 16,384. Only answers at places whose owned cells hold vocabulary words are
 * remembered (see `rememberable`), so keys are short and few: the bench's 1,000,000 generated rows, every
 * vocabulary word in every owned column, make about 5,000. Past this many they are forgotten and found again.
 */
const ANSWERS = remembered<LifecycleAnswer>(16_384);

/**
 * The lifecycle's answer to an event at a place. The machine is pure, so the answer depends on nothing else: it
 * is worked out by the machine (snapshot, guards, `transition`) the first time and remembered, which spares each
 * row of a sheet the building of a snapshot and an actor. A remembered answer is frozen: rows share it. A place
 * whose Deal Type or Microsoft Referral Status cell holds free text (not a word of its list) is answered by the
 * machine every time: such text could make a long key per row, and memory would grow with the cells.
 *
 * @example
 * lifecycleAnswer(dealPlaceOf(receivedDeal), { type: 'ACCEPT', allowed: true }); // { kind: 'taken', before, after }
 */
export function lifecycleAnswer(place: LifecyclePlace, event: DealEvent): LifecycleAnswer {
  if (!rememberable(place, event)) return machineAnswer(place, event);
  return ANSWERS.get(answerKey(place, event), () => frozen(machineAnswer(place, event)));
}

const LISTED_DEAL_TYPES: ReadonlySet<string | null> = new Set([null, ...DEAL_TYPES]);
const LISTED_MICROSOFT_STATUSES: ReadonlySet<string | null> = new Set([null, ...MICROSOFT_REFERRAL_STATUSES]);
const LISTED_STAGES: ReadonlySet<string> = new Set(STAGE_NAMES);
const isListedStage = (stage: Stage | null) => stage === null || LISTED_STAGES.has(stage.name);

/** Does every text the answer depends on come from a list (so that the key is short and the keys are few)? */
function rememberable({ context }: LifecyclePlace, event: DealEvent): boolean {
  return (
    LISTED_DEAL_TYPES.has(context.dealType) &&
    LISTED_MICROSOFT_STATUSES.has(context.microsoftReferralStatus) &&
    isListedStage(context.stage) &&
    (event.type !== 'STAGE' || isListedStage(event.stage))
  );
}

/** The answer as the machine works it out, every time (`lifecycleAnswer` remembers it). */
export function machineAnswer(place: LifecyclePlace, event: DealEvent): LifecycleAnswer {
  const snapshot = snapshotAt(place);
  const reason = lifecycleRefusal(snapshot, event);
  if (reason !== undefined) return { kind: 'not-possible', reason };
  if (!snapshot.can(event)) return { kind: 'gate-closed' };
  const [next] = transition(dealMachine, snapshot, event);
  return { kind: 'taken', before: ownedValuesOf(snapshot), after: ownedValuesOf(next) };
}

/** Everything the answer depends on, as one text (JSON: no two different places and events give the same text). */
function answerKey({ leaf, context }: LifecyclePlace, event: DealEvent): string {
  const stage = event.type === 'STAGE' ? event.stage : null;
  return JSON.stringify([
    leaf,
    context.dealType,
    context.stage?.name ?? null,
    context.stage?.percent ?? null,
    context.microsoftHelpRequired,
    context.microsoftReferralStatus,
    event.type,
    'allowed' in event ? event.allowed : null,
    stage?.name ?? null,
    stage?.percent ?? null,
  ]);
}

/** The answer and its owned values frozen (a stage in them is the vocabulary's own, shared anyway). */
function frozen(answer: LifecycleAnswer): LifecycleAnswer {
  if (answer.kind === 'taken') {
    Object.freeze(answer.before);
    Object.freeze(answer.after);
  }
  return Object.freeze(answer);
}
