import { type SheetGrid, cellText } from '../sheet/cell';
import { type Deal, parseDeal, textOrNull } from '../sheet/parse-deal';
import { actionFor, sameRequest } from '../sheet/action-cell';
import { ACTIONS } from '../domain/actions';
import { type Stage, nextAssessmentStage, stagesFor } from '../domain/vocabulary';
import { lifecycleRefusalOf } from '../lifecycle/judge-action';
import { type RowOutcome, type SheetContext, blankOutcome, judgeSheet } from './process-sheet';
import { createSheetContext } from './sheet-context';

/** One thing a button can ask of the selected deals: an action, or (for Stage) one target stage. */
export interface ActionChoice {
  /** What an Action cell would hold: `Accept`, `Stage Proposed`. */
  readonly text: string;
  /** How the choice reads beside its action: `Accept`, `Proposed (60%)`. */
  readonly label: string;
  /** Selected rows whose lifecycle state offers it. */
  readonly possibleRows: number;
  /** Of those, the rows apply would perform it on. */
  readonly allowedRows: number;
  /** Why it is refused on the rows that offer it, each reason once (rows that do not offer it are not counted). */
  readonly reasons: readonly string[];
}

/**
 * An action the selection offers. An ordinary deal's Stage is one offer whose choices are the stages it can move
 * to (a picker); a solution assessment's Stage offers only the next assessment stage.
 */
export interface ActionOffer {
  readonly action: string;
  readonly choices: readonly ActionChoice[];
  /** The choice to offer first: for Stage, the next stage forward (a picker never starts on a step back). */
  readonly preferred: string;
}

/**
 * The actions the selected rows offer, each with how many rows offer it and how many apply would perform it on,
 * judged exactly as `apply` judges an Action cell. The Deal view draws these; no row is written.
 *
 * @example
 * const offers = await offerActions(selectedGrid, context);
 * offers.map((o) => o.action); // ['Stage', 'Win', 'Lose', 'Invite partner'] for an active Co-sell deal
 */
export async function offerActions(grid: SheetGrid, context: SheetContext): Promise<ActionOffer[]> {
  if (grid.rows.length === 0) return [];
  const deals = grid.rows.map((cells, i) => parseDeal(cells, context.map, i + 2, context));
  const offers: ActionOffer[] = [];
  for (const spec of ACTIONS) {
    const texts = spec.event === 'STAGE' ? stageTexts(deals[0]) : [spec.name];
    const choices: ActionChoice[] = [];
    for (const text of texts) {
      const possible = deals.map((deal) => {
        const request = actionFor(text, deal).request;
        return request !== undefined && lifecycleRefusalOf(deal, request) === undefined;
      });
      const possibleRows = possible.filter(Boolean).length;
      if (possibleRows === 0) continue;
      const { outcomes } = await applyAsAsked(grid, context, text);
      const offered = outcomes.filter((_, i) => possible[i]);
      const reasons = [...new Set(offered.filter((o) => o.action && !o.action.applied).flatMap((o) => o.action!.reasons))];
      choices.push({ text, label: labelOf(text, spec.name), possibleRows, allowedRows: offered.filter((o) => o.action?.applied).length, reasons });
    }
    if (choices.length > 0) offers.push({ action: spec.name, choices, preferred: preferredOf(choices, deals[0]) });
  }
  return offers;
}

/**
 * Which selected row a "Why?" beside an action should explain: the first whose state offers the action and on
 * which apply refuses it (the reasons the button shows); else the first that offers it; else the first row.
 *
 * @example
 * const index = await rowToExplain(selectedGrid, context, 'Accept'); // 3: the fourth selected row, a received deal refused
 */
export async function rowToExplain(grid: SheetGrid, context: SheetContext, text: string): Promise<number> {
  if (grid.rows.length <= 1) return 0;
  const possible = grid.rows.map((cells, i) => {
    const deal = parseDeal(cells, context.map, i + 2, context);
    const request = actionFor(text, deal).request;
    return request !== undefined && lifecycleRefusalOf(deal, request) === undefined;
  });
  const { outcomes } = await applyAsAsked(grid, context, text);
  const refused = possible.findIndex((p, i) => p && outcomes[i].action?.applied === false);
  return refused >= 0 ? refused : Math.max(possible.indexOf(true), 0);
}

/** The stages a Stage button offers for the active deal: the next one of an assessment; any other of an ordinary deal but Won (Win sets it). */
function stageTexts(deal: Deal): string[] {
  const dealType = textOrNull(deal.values.dealType);
  if (dealType === 'Solution assessment') {
    const next = nextAssessmentStage(deal.stage?.name ?? null);
    return next === undefined || next === 'Won' ? [] : [`Stage ${next}`];
  }
  const current = deal.stage?.name;
  // The 10 % stage is Accepted on a deal received, Created on one you create: offer the one that fits.
  const start = textOrNull(deal.values.direction) === 'Inbound' ? 'Created' : 'Accepted';
  return stagesFor(dealType)
    .filter((s: Stage) => s.name !== 'Won' && s.name !== current && s.name !== start)
    .map((s) => `Stage ${s.name}`);
}

/** The next stage forward from the active deal's, among the choices; else the first choice. */
function preferredOf(choices: readonly ActionChoice[], deal: Deal): string {
  const order = stagesFor(textOrNull(deal.values.dealType)).map((s) => s.name);
  const current = deal.stage ? order.indexOf(deal.stage.name) : -1;
  const forward = choices.find((c) => c.text.startsWith('Stage ') && order.indexOf(c.text.slice('Stage '.length)) > current);
  return (forward ?? choices[0]).text;
}

function labelOf(text: string, action: string): string {
  if (!text.startsWith('Stage ')) return action;
  const name = text.slice('Stage '.length);
  const stage = [...stagesFor('Solution assessment'), ...stagesFor(null)].find((s) => s.name === name);
  return stage ? `${name} (${stage.percent}%)` : name;
}

/**
 * A button's action on each row, as if its Action cell held `text`. Where the action is applied and the row's own
 * Action cell asked for the same thing, that cell is cleared, as apply clears it (else a later *Apply Action
 * column* would ask again and refuse a deal that is where the analyst wanted it); any other request stays.
 *
 * @example
 * const { outcomes } = await applyAsAsked(selectedGrid, context, 'Accept');
 */
export async function applyAsAsked(
  grid: SheetGrid,
  context: SheetContext,
  text: string,
  { offeredOnly = false }: { offeredOnly?: boolean } = {},
): Promise<{ outcomes: RowOutcome[]; notices: readonly { message: string }[]; notOffered: readonly number[] }> {
  if (offeredOnly) {
    // A button acts on the rows whose state offers its action (the `n of m` it shows): the others are left as they
    // were, neither written nor logged, and said apart.
    const offered = grid.rows.map((cells, i) => {
      const deal = parseDeal(cells, context.map, i + 2, context);
      const request = actionFor(text, deal).request;
      return request !== undefined && lifecycleRefusalOf(deal, request) === undefined;
    });
    const kept = grid.rows.flatMap((_, i) => (offered[i] ? [i] : []));
    const result = await applyAsAsked({ headers: grid.headers, rows: kept.map((i) => grid.rows[i]) }, context, text);
    const outcomes: RowOutcome[] = grid.rows.map((_, i) => blankOutcome({ row: i + 2 }));
    kept.forEach((index, k) => (outcomes[index] = { ...result.outcomes[k], row: index + 2 }));
    return { outcomes, notices: result.notices, notOffered: grid.rows.flatMap((_, i) => (offered[i] ? [] : [i])) };
  }
  const asked = withActionCells(grid, context, text);
  const { context: askedContext } = createSheetContext(asked, { rules: context.evaluator, catalog: context.catalog, today: context.today, direction: context.direction, decimalComma: context.decimalComma, onProgress: context.onProgress });
  const { outcomes, notices } = await judgeSheet(asked, askedContext!, { kind: 'apply', expireOverdue: false });
  const column = context.map.fields.action;
  return {
    outcomes: outcomes.map((o, i) => {
      const { action: _asked, ...changes } = o.changes;
      const own = column === undefined ? '' : cellText(grid.rows[i][column]).trim();
      if (!o.action?.applied || own === '') return { ...o, changes };
      const deal = parseDeal(grid.rows[i], context.map, i + 2, context);
      const ownRequest = actionFor(own, deal).request;
      const buttonRequest = actionFor(text, deal).request;
      const done = ownRequest !== undefined && buttonRequest !== undefined && sameRequest(ownRequest, buttonRequest);
      return { ...o, changes: done ? { ...changes, action: '' } : changes };
    }),
    notices,
    notOffered: [],
  };
}

/** The grid with every row's Action cell holding `text` (an Action column is added if the sheet has none). */
function withActionCells(grid: SheetGrid, context: SheetContext, text: string): SheetGrid {
  const existing = context.map.fields.action;
  const index = existing ?? grid.headers.length;
  const headers = existing === undefined ? [...grid.headers, 'Action'] : grid.headers;
  const rows = grid.rows.map((cells) => {
    const copy = [...cells];
    while (copy.length < index) copy.push('');
    copy[index] = text;
    return copy;
  });
  return { headers, rows };
}
