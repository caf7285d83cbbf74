import { type ParsedStage, parseStage } from './cell-formats';
import { DEAL_TYPES, foldWord, stagesFor } from '../domain/vocabulary';
import { ACTIONS, type ActionSpec } from '../domain/actions';
import { type Deal, textOrNull } from './parse-deal';

/** An action read from a cell: which one and, for `Stage`, the stage asked for. */
export interface ActionRequest {
  readonly action: ActionSpec;
  readonly stage?: ParsedStage;
}

/**
 * Reads an `Action` cell. `Stage` takes a stage name or percentage of the deal's stage list.
 * Returns an error message (naming the Action column) for text that is no action.
 *
 * @example
 * parseAction('stage 60', 'Co-sell', 'Outbound');     // { request: { action: Stage, stage: { name: 'Proposed', … } } }
 * parseAction('Advance', 'Co-sell', 'Outbound').error; // 'Action "Advance" is not an action: use one of …'
 */
export function parseAction(text: string, dealType: string | null, direction: string | null): { request?: ActionRequest; error?: string } {
  const folded = foldWord(text);
  const exact = ACTIONS.find((a) => foldWord(a.name) === folded);
  if (exact && exact.event !== 'STAGE') return { request: { action: exact } };

  const stageAction = ACTIONS.find((a) => a.event === 'STAGE')!;
  if (folded === 'stage' || folded.startsWith('stage ')) {
    const argument = text.trim().slice('stage'.length).trim();
    const stage = argument === '' ? undefined : parseStage(argument, dealType, direction);
    if (stage) return { request: { action: stageAction, stage } };
    // Won is left out: a deal reaches it only through Win.
    const names = stagesFor(dealType).filter((s) => s.name !== 'Won').map((s) => `${s.name} (${s.percent}%)`).join(', ');
    const what = dealType !== null && (DEAL_TYPES as readonly string[]).includes(dealType) ? `a stage of a ${dealType} deal` : 'a sales stage';
    return {
      error: argument === ''
        ? `Action "Stage" needs a stage, e.g. "Stage Qualified" or "Stage 20": one of ${names}.`
        : `Action "${text.trim()}": "${argument}" is not ${what}; use one of ${names}.`,
    };
  }
  const names = ACTIONS.map((a) => (a.event === 'STAGE' ? 'Stage <name or %>' : a.name)).join(', ');
  return { error: `Action "${text.trim()}" is not an action: use one of ${names}.` };
}

/**
 * Reads an action for one deal: `parseAction` with the deal's own type and direction (they choose the stage list).
 *
 * @example
 * actionFor('Stage Proposed', deal).request?.stage?.percent; // 60
 */
export function actionFor(text: string, deal: Deal): { request?: ActionRequest; error?: string } {
  return parseAction(text, textOrNull(deal.values.dealType), textOrNull(deal.values.direction));
}

/**
 * Do two requests ask for the same thing (`Stage 60` and `stage Proposed` do, on an ordinary deal)? A button that
 * performs what a row's Action cell asks for clears that cell, as apply does.
 *
 * @example
 * sameRequest(actionFor('stage 60', deal).request!, actionFor('Stage Proposed', deal).request!); // true
 */
export function sameRequest(a: ActionRequest, b: ActionRequest): boolean {
  return a.action.name === b.action.name && a.stage?.name === b.stage?.name;
}
