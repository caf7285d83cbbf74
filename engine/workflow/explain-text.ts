import { type ConditionTrace } from '../rules/rule-evaluator';
import { type LoadedRule } from '../rules/rule-file';
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

/**
 * What a rule requires, as a sentence: its message without the clause that quotes the row (`Customer Country must
 * be a two-letter ISO 3166 code such as US or GB, not "{customerCountry}".` becomes `Customer Country must be a
 * two-letter ISO 3166 code such as US or GB.`); a message that starts with the row's value names its column
 * instead; where no clause can be cut, the rule's description, else the message with `…` for the row's values.
 */
export function requirementOf(rule: LoadedRule): string {
  const message = rule.event.params.message;
  const placeholder = message.indexOf('{');
  if (placeholder < 0) return asSentence(message);
  const cut = lastSeparator(message.slice(0, placeholder));
  // A cut that leaves a bare column name (`Deal Name: value {…}`) says nothing: fall back below.
  if (cut > 0 && message.slice(0, cut).trim().split(/\s+/).length >= 3) return asSentence(message.slice(0, cut));
  const column = rule.event.params.columns?.[0];
  if (placeholder === 0 && column !== undefined) {
    const rest = message.slice(message.indexOf('}') + 1);
    const next = rest.indexOf('{');
    const text = `${column}${next < 0 ? rest : rest.slice(0, Math.max(lastSeparator(rest.slice(0, next)), 0))}`;
    if (!text.includes('{') && text.length > column.length + 2) return asSentence(text);
  }
  return asSentence(rule.description ?? message.replace(/\{\w+\}/g, '…'));
}

function lastSeparator(text: string): number {
  return Math.max(text.lastIndexOf(', '), text.lastIndexOf('; '), text.lastIndexOf(': '));
}

function asSentence(text: string): string {
  const trimmed = text.trim().replace(/[;,:]$/, '');
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
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
