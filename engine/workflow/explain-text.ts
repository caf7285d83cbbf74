import { type ConditionTrace } from '../rules/rule-evaluator';
import { asSentence, requirementOf } from '../rules/rule-requirement';
import { type ExplainedRequirement, type RowExplanation, explanationHeadline, showValue } from './explain-row';

/** One requirement in the analyst's words, with the engine's detail kept one step further. */
export interface ReadableRequirement {
  /** A sentence: the rule's message with the row's values when it is not met, else what it requires. */
  readonly sentence: string;
  /** The rule's name and file: `customer-country-iso (rules/field-validation.json)`. */
  readonly rule: string;
  /** Each condition as evaluated, with the fact's actual value: the engine's detail. */
  readonly detail: readonly string[];
}

/** An explanation as people read it: the verdict, the unmet requirements first, the met ones apart (to fold away). */
export interface ReadableExplanation {
  readonly headline: string;
  readonly notMet: readonly ReadableRequirement[];
  /** Requirements reading a value the row cannot decide, with why. */
  readonly notJudged: readonly ReadableRequirement[];
  readonly met: readonly ReadableRequirement[];
}

/**
 * The explanation of `explainRow` in sentences, for the pane's "Why?" and `cosell explain` alike.
 *
 * @example
 * const text = readableExplanation(explanation);
 * text.headline;               // 'Invalid: 3 of 60 validation requirements are not met.'
 * text.notMet[0].sentence;     // 'Customer Country must be a two-letter ISO 3166 code such as US or GB, not "USA".'
 * text.met[0].sentence;        // 'Deal Name is required.'
 */
export function readableExplanation(e: RowExplanation): ReadableExplanation {
  const read = (r: ExplainedRequirement, sentence: string): ReadableRequirement => ({ sentence, rule: `${r.rule.name} (${r.rule.file})`, detail: conditionLines(r.conditions) });
  return {
    headline: explanationHeadline(e),
    notMet: e.requirements.filter((r) => r.fired).map((r) => read(r, asSentence(r.message))),
    notJudged: e.requirements.filter((r) => !r.fired && r.notJudged).map((r) => read(r, `${requirementOf(r.rule)} Cannot be judged on this row: ${r.notJudged}.`)),
    met: e.requirements.filter((r) => !r.fired && !r.notJudged).map((r) => read(r, requirementOf(r.rule))),
  };
}

/** Each condition on a line, as `fact operator value: holds (actual …)`, nested with indentation. */
function conditionLines(trace: ConditionTrace, indent = ''): string[] {
  if (trace.kind === 'not') return [`${indent}not:`, ...conditionLines(trace.item, `${indent}  `)];
  if (trace.kind !== 'fact') {
    if (trace.items.length === 1) return conditionLines(trace.items[0], indent);
    return [`${indent}${trace.kind === 'all' ? 'all of' : 'any of'}:`, ...trace.items.flatMap((item) => conditionLines(item, `${indent}  `))];
  }
  const expected = trace.comparedFact ? `${trace.comparedFact} (${showValue(trace.expected)})` : showValue(trace.expected);
  const state = trace.holds === undefined ? 'not evaluated' : trace.holds ? 'holds' : 'does not hold';
  return [`${indent}${trace.fact} ${trace.operator} ${expected}: ${state}; actual: ${showValue(trace.actual)}`];
}
