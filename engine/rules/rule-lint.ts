import { type FactSpec, FACTS } from '../facts/fact-catalog';
import { COLUMNS } from '../sheet/columns';
import { knownHeader } from '../sheet/header-map';
import { type OperatorSpec, OPERATORS } from './operators';
import { didYouMean } from './did-you-mean';

/** A problem at a JSON pointer inside one rule file. */
export interface PointedProblem {
  readonly pointer: string;
  readonly message: string;
}

const FACT_BY_NAME: ReadonlyMap<string, FactSpec> = new Map(FACTS.map((f) => [f.name, f]));
const OPERATOR_BY_NAME: ReadonlyMap<string, OperatorSpec> = new Map(OPERATORS.map((o) => [o.name, o]));
const HEADERS: ReadonlySet<string> = new Set(COLUMNS.map((c) => c.header));

/**
 * What the schema cannot say about one rule: facts and operators that do not exist, values that can never
 * match their fact, placeholders naming no fact, columns that are no header, a message naming no column.
 * Tolerates rules the schema refused (it checks what it can), so one run reports everything.
 *
 * @example
 * lintRule({ conditions: { all: [{ fact: 'estimatedDealValue', operator: 'lessThan', value: '25000' }] }, … }, '/rules/0');
 * // [{ pointer: '/rules/0/conditions/all/0/value', message: 'estimatedDealValue is a number: write 25000 without quotes.' }]
 */
export function lintRule(rule: unknown, pointer: string): PointedProblem[] {
  const problems: PointedProblem[] = [];
  if (!isObject(rule)) return problems;
  if (isObject(rule.conditions)) lintCondition(rule.conditions, `${pointer}/conditions`, problems);
  const params = isObject(rule.event) && isObject(rule.event.params) ? rule.event.params : undefined;
  if (params) lintMessage(params, `${pointer}/event/params`, problems);
  return problems;
}

function lintCondition(condition: Record<string, unknown>, pointer: string, problems: PointedProblem[]): void {
  for (const key of ['all', 'any'] as const) {
    const list = condition[key];
    if (Array.isArray(list)) list.forEach((c, i) => isObject(c) && lintCondition(c, `${pointer}/${key}/${i}`, problems));
  }
  if (isObject(condition.not)) lintCondition(condition.not, `${pointer}/not`, problems);
  if (typeof condition.fact === 'string') lintComparison(condition, pointer, problems);
}

function lintComparison(leaf: Record<string, unknown>, pointer: string, problems: PointedProblem[]): void {
  const fact = knownFact(leaf.fact as string, `${pointer}/fact`, problems);
  const operator = typeof leaf.operator === 'string' ? knownOperator(leaf.operator, `${pointer}/operator`, problems) : undefined;
  const compared = isObject(leaf.value) && typeof leaf.value.fact === 'string' ? knownFact(leaf.value.fact, `${pointer}/value/fact`, problems) : undefined;
  if ('path' in leaf) problems.push({ pointer: `${pointer}/path`, message: 'No fact has properties to pick with "path": every fact is a value or a list. Remove "path".' });
  if (!fact || !operator || !('value' in leaf)) return;
  if (isObject(leaf.value)) {
    if (compared) {
      const problem = comparedFactProblem(fact, operator, compared);
      if (problem) problems.push({ pointer: `${pointer}/value/fact`, message: problem });
    }
    return;
  }
  const problem = valueProblem(fact, operator, leaf.value);
  if (problem) problems.push({ pointer: `${pointer}/value`, message: problem });
}

function knownFact(name: string, pointer: string, problems: PointedProblem[]): FactSpec | undefined {
  const fact = FACT_BY_NAME.get(name);
  if (!fact) problems.push({ pointer, message: `Unknown fact "${name}".${didYouMean(name, [...FACT_BY_NAME.keys()])} See the facts in docs/rules-reference.md.` });
  return fact;
}

/** Comparison symbols a spreadsheet user writes, and the operator each means (edit distance would only mislead). */
const OPERATOR_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['=', 'equal'],
  ['==', 'equal'],
  ['===', 'equal'],
  ['!=', 'notEqual'],
  ['!==', 'notEqual'],
  ['<>', 'notEqual'],
  ['<', 'lessThan'],
  ['<=', 'lessThanInclusive'],
  ['>', 'greaterThan'],
  ['>=', 'greaterThanInclusive'],
]);

function knownOperator(name: string, pointer: string, problems: PointedProblem[]): OperatorSpec | undefined {
  const operator = OPERATOR_BY_NAME.get(name);
  if (!operator) {
    const names = [...OPERATOR_BY_NAME.keys()];
    const symbol = OPERATOR_SYMBOLS.get(name.trim());
    const hint = symbol === undefined ? didYouMean(name, names) : ` Write "${symbol}" for ${name.trim()}.`;
    problems.push({ pointer, message: `Unknown operator "${name}".${hint} The operators are ${names.join(', ')}.` });
  }
  return operator;
}

/** Why `value` can never match `fact` under `operator`, or undefined when it can. */
export function valueProblem(fact: FactSpec, operator: OperatorSpec, value: unknown): string | undefined {
  switch (operator.shape) {
    case 'flag': {
      if (operator.factTypes && !operator.factTypes.includes(fact.type)) return `${operator.name} reads text; ${fact.name} is ${article(fact.type)}.`;
      return typeof value === 'boolean' ? undefined : `${operator.name} is compared with true or false, e.g. "operator": "${operator.name}", "value": true.`;
    }
    case 'number':
      if (fact.type !== 'number' && fact.type !== 'code') return `${operator.name} compares numbers; ${fact.name} is ${article(fact.type)}${fact.type === 'date' ? ' (for days, use daysSinceCreated)' : ''}.`;
      return typeof value === 'number' ? undefined : `${operator.name} compares numbers: write ${typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? `${Number(value)} without quotes` : 'a number'}.`;
    case 'element':
      if (fact.type !== 'text list') return `${operator.name} looks inside a list; ${fact.name} is ${article(fact.type)}: use equal or in.`;
      return typeof value === 'string' ? undefined : `${fact.name} is a list of text: compare with a text in quotes.`;
    case 'oneOf':
      if (fact.type === 'text list') return `${fact.name} is a list: use contains or doesNotContain.`;
      if (!Array.isArray(value)) return `${operator.name} needs a list of values, e.g. [${JSON.stringify(fact.example)}].`;
      for (const item of value) {
        const problem = scalarProblem(fact, item);
        if (problem) return problem;
      }
      return undefined;
    case 'same':
      if (fact.type === 'text list') return `${fact.name} is a list: use contains, doesNotContain or isEmpty.`;
      if (Array.isArray(value)) return `${operator.name} compares with one value; for a list of values use ${operator.name === 'equal' ? 'in' : 'notIn'}.`;
      return scalarProblem(fact, value);
  }
}

function scalarProblem(fact: FactSpec, value: unknown): string | undefined {
  if (value === null) {
    return fact.nullable ? undefined : `${fact.name} is never null (an empty cell is ""): use "operator": "isEmpty", "value": true.`;
  }
  switch (fact.type) {
    case 'text':
      if (typeof value !== 'string') return `${fact.name} is text: write ${JSON.stringify(String(value))} in quotes.`;
      if (fact.values && !fact.values.includes(value)) {
        return `${fact.name} is never "${value}".${didYouMean(value, fact.values.map(String))} It is one of ${fact.values.map((v) => JSON.stringify(v)).join(', ')}${fact.nullable ? ', or null' : ''}.`;
      }
      return undefined;
    case 'number':
    case 'code':
      if (typeof value !== 'number') {
        const numeric = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value));
        return `${fact.name} is a number: write ${numeric ? `${Number(value)} without quotes` : 'a number'}.`;
      }
      if (fact.values && !fact.values.includes(value)) return `${fact.name} is never ${value}: it is one of ${fact.values.join(', ')}${fact.nullable ? ', or null' : ''}.`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${fact.name} is true (Yes) or false (No): write true or false without quotes.`;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : `${fact.name} is a date, compared as text written YYYY-MM-DD, e.g. "2026-01-30".`;
    case 'text list':
      return `${fact.name} is a list: use contains, doesNotContain or isEmpty.`;
  }
}

/** Why two facts can never compare under `operator`, or undefined. */
function comparedFactProblem(fact: FactSpec, operator: OperatorSpec, other: FactSpec): string | undefined {
  const scalar = (t: string) => (t === 'code' ? 'number' : t);
  switch (operator.shape) {
    case 'flag':
      return `${operator.name} is compared with true or false, not with a fact.`;
    case 'number':
      return scalar(fact.type) === 'number' && scalar(other.type) === 'number' ? undefined : `${operator.name} compares numbers; ${fact.name} is ${article(fact.type)} and ${other.name} is ${article(other.type)}.`;
    case 'element':
      return fact.type === 'text list' && other.type === 'text' ? undefined : `${operator.name} looks for a text fact inside a list fact; ${fact.name} is ${article(fact.type)} and ${other.name} is ${article(other.type)}.`;
    case 'oneOf':
      return other.type === 'text list' && fact.type === 'text' ? undefined : `${operator.name} looks for a text fact in a list fact; ${fact.name} is ${article(fact.type)} and ${other.name} is ${article(other.type)}.`;
    case 'same':
      return scalar(fact.type) === scalar(other.type) && fact.type !== 'text list' ? undefined : `${fact.name} (${fact.type}) can never equal ${other.name} (${other.type}).`;
  }
}

function lintMessage(params: Record<string, unknown>, pointer: string, problems: PointedProblem[]): void {
  const columns = Array.isArray(params.columns) ? params.columns.filter((c): c is string => typeof c === 'string') : [];
  columns.forEach((column, i) => {
    const list = /^\{(\w+)\}$/.exec(column);
    if (list) {
      const fact = FACT_BY_NAME.get(list[1]);
      if (!fact) problems.push({ pointer: `${pointer}/columns/${i}`, message: `Unknown fact "${list[1]}" in {${list[1]}}.${didYouMean(list[1], [...FACT_BY_NAME.keys()])}` });
      else if (fact.type !== 'text list') problems.push({ pointer: `${pointer}/columns/${i}`, message: `{${list[1]}} in columns must be a list of headers; ${list[1]} is ${article(fact.type)}.` });
    } else if (knownHeader(column) !== column) {
      const spelled = knownHeader(column);
      const hint = spelled ? ` Write it as the contract spells it: "${spelled}".` : didYouMean(column, [...HEADERS]);
      problems.push({ pointer: `${pointer}/columns/${i}`, message: `"${column}" is not a column header.${hint}` });
    }
  });
  if (typeof params.message !== 'string') return;
  const message = params.message;
  for (const [, name] of message.matchAll(/\{(\w+)\}/g)) {
    if (!FACT_BY_NAME.has(name)) problems.push({ pointer: `${pointer}/message`, message: `{${name}} names no fact.${didYouMean(name, [...FACT_BY_NAME.keys()])} Placeholders are replaced by a fact's value.` });
  }
  // A list column is named by its prefix: "Team member 1" in columns is covered by "Team member" in the message.
  const lower = message.toLowerCase();
  const named = columns.some((c) => lower.includes(c.toLowerCase()) || lower.includes(c.replace(/ \d+$/, '').toLowerCase()));
  if (columns.length > 0 && !named) {
    problems.push({ pointer: `${pointer}/message`, message: `The message names no column: say which cell to fix by its header, e.g. "${columns[0]}".` });
  }
}

function article(type: string): string {
  return type === 'text' || type === 'text list' ? type : `a ${type}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
