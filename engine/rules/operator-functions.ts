import { COUNTRY_CODES, CURRENCY_CODES } from '../domain/iso-codes';

/** An operator as a plain function of the fact's value and the compared value. */
export type OperatorFunction = (factValue: unknown, compared: unknown) => boolean;

/** Anything json-rules-engine calls `indexOf` on: an array or a string (anything else throws, as it does there). */
type Indexable = { indexOf(item: unknown): number };

/** json-rules-engine's check that a fact is a number before `lessThan` and the like: parseFloat, then "not NaN". */
function numberValidator(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== 'NaN';
}

/**
 * json-rules-engine 7.3.1's default operators (`dist/engine-default-operators.js`), written as the same
 * expressions: each operator's fact-value validator (`Array.isArray` for contains, the parseFloat check for the
 * comparisons) runs first, then the comparison. So `"10" lessThan 25000` holds (JavaScript compares a numeric
 * string as a number), `in` on a text value searches the text, and `in` on a null value throws, all as there.
 * The conformance test (`test/rules/compiled-conformance.test.ts`) holds this table to json-rules-engine's.
 *
 * @example
 * DEFAULT_OPERATORS.in('a', 'cat'); // true: "cat".indexOf("a") > -1
 * DEFAULT_OPERATORS.contains('a', 'a'); // false: the fact is not a list
 * DEFAULT_OPERATORS.lessThan('12', 20); // true
 */
export const DEFAULT_OPERATORS: Readonly<Record<string, OperatorFunction>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as Indexable).indexOf(a) > -1,
  notIn: (a, b) => (b as Indexable).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numberValidator(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => numberValidator(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => numberValidator(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => numberValidator(a) && (a as number) >= (b as number),
};

/** True for null, "", and an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function isCode(codes: ReadonlySet<string>, value: unknown): boolean {
  return typeof value === 'string' && codes.has(value.trim().toUpperCase());
}

/**
 * The operators the co-sell rules add to json-rules-engine's own. Each compares the fact with `true` or `false`,
 * so a rule reads `"operator": "isEmpty", "value": true`. json-rules-engine gets them as `Operator`s
 * (`referenceOperators()` in reference-engine.ts) made from these very functions.
 *
 * @example
 * CUSTOM_OPERATOR_FUNCTIONS.isEmpty([], true); // true
 * CUSTOM_OPERATOR_FUNCTIONS.isCountryCode(' gb ', true); // true
 */
export const CUSTOM_OPERATOR_FUNCTIONS: Readonly<Record<string, OperatorFunction>> = {
  isEmpty: (fact, expected) => isEmptyValue(fact) === expected,
  isCountryCode: (fact, expected) => isCode(COUNTRY_CODES, fact) === expected,
  isCurrencyCode: (fact, expected) => isCode(CURRENCY_CODES, fact) === expected,
};
