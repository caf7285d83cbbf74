import { type RuleSet } from '../rules/rule-set';
import { ACTIONS } from '../domain/actions';
import { LIFECYCLE_REFUSALS } from '../lifecycle/lifecycle-refusal';
import { NO_LIFECYCLE_STATE } from '../lifecycle/deal-state';

/** How the summary counts Action cells that name no action (also in process-sheet.ts). */
const NOT_AN_ACTION_NAME = '(not an action)';

/**
 * Tells the product's own `Errors` text from anyone else's (Partner Center's import messages, a note the user
 * typed): text is the product's when every `; `-separated part of it is one of the messages the product writes,
 * in the forms it writes them:
 *
 * - a rule's message (any gate), its `{placeholders}` matching any text;
 * - `<Action> refused: <reason>`, where a reason is a rule message, `the row would be invalid: <rule message>`,
 *   `fix this row's problems first`, `cannot be judged: …`, or the lifecycle's and Action parser's own forms;
 * - the .xlsx writer's `… was not written: … holds a formula, which cosell does not overwrite`.
 *
 * A message may itself hold `; `, so parts are matched in runs. The full stop each message loses when joined is
 * optional; a leading `'` (the formula guard) is ignored. Case counts, and a `{placeholder}` never spans a `; `, so a
 * template cannot swallow foreign text beside it. Text written under other rules (an old version) may
 * not match: it is then treated as foreign and kept, never lost.
 *
 * @example
 * const isOwn = ownErrorsText(ruleSet);
 * isOwn('Deal Name is required');                       // true
 * isOwn('Customer Country is invalid; Estimated Close Date must be in the future'); // false: Partner Center's
 */
export function ownErrorsText(ruleSet: RuleSet): (text: string) => boolean {
  const part = partPattern(ruleSet);
  return (text) => {
    const trimmed = text.trim().replace(/^'/, '');
    if (trimmed === '') return true;
    const pieces = trimmed.split('; ');
    // reachable[i]: pieces[0..i) are a run of whole messages.
    const reachable = [true, ...pieces.map(() => false)];
    for (let end = 1; end <= pieces.length; end++) {
      for (let start = end - 1; start >= 0 && !reachable[end]; start--) {
        if (reachable[start] && part.test(pieces.slice(start, end).join('; '))) reachable[end] = true;
      }
    }
    return reachable[pieces.length];
  };
}

const PATTERNS = new WeakMap<RuleSet, RegExp>();

function partPattern(ruleSet: RuleSet): RegExp {
  const cached = PATTERNS.get(ruleSet);
  if (cached) return cached;
  // A placeholder's value never spans a '; ' (messages are joined by it), so a template cannot swallow the
  // foreign text beside it.
  const any = '(?:(?!; )[\\s\\S])*?';
  const template = (message: string) =>
    message
      .replace(/\.$/, '')
      .split(/\{\w+\}/)
      .map(escape)
      .join(any);
  const ruleMessages = [...new Set(ruleSet.rules.map((r) => template(r.event.params.message)))];
  const rule = `(?:${ruleMessages.join('|')})`;
  const actionNames = `(?:${[...ACTIONS.map((a) => a.name), NOT_AN_ACTION_NAME].map(escape).join('|')})`;
  const productForms = [
    `the row would be invalid: ${rule}`,
    'fix the problems below first', // written by 2026.11 and earlier
    // The shipped Sales Stage message up to 2026-12 (now it lists the stages): an export worked on before keeps it.
    template(`Sales Stage "{salesStage}" is not a stage of a {dealType} deal: write a stage name or its percentage (see the README's stage table).`),
    "fix this row's problems first",
    `cannot be judged: ${any}`,
    ...Object.values(LIFECYCLE_REFUSALS).map(template),
    template(NO_LIFECYCLE_STATE),
    `Action "${any}" is not an action: use one of ${any}`,
    `Action "Stage" needs a stage, e.g. ${any}`,
    `Action "${any}": "${any}" is not a stage of a ${any} deal; use one of ${any}`,
    `Action "${any}": "${any}" is not a sales stage; use one of ${any}`,
  ];
  const reason = `(?:${rule}|${productForms.join('|')})`;
  const written = `${any} was not written: ${any} holds a formula, which cosell does not overwrite`;
  // Case counts: the product writes its messages in one spelling; "customer city is required" is someone else's.
  const pattern = new RegExp(`^(?:${actionNames} refused: )?(?:${reason}|${written})\\.?$`);
  PATTERNS.set(ruleSet, pattern);
  return pattern;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
