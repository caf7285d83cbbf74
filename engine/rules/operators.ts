
export { isEmptyValue } from './operator-functions';

/**
 * What an operator compares, so `cosell rules check` can tell a value that can never match:
 * `same` a value of the fact's type, `oneOf` a list of such values, `number` a number, `element` an item of a
 * list fact, `flag` true or false.
 */
export type OperatorShape = 'same' | 'oneOf' | 'number' | 'element' | 'flag';

export interface OperatorSpec {
  readonly name: string;
  readonly shape: OperatorShape;
  readonly description: string;
  /** For `flag` operators that read text: the fact types they apply to (any, when absent). */
  readonly factTypes?: readonly string[];
}

/** Every operator a rule may use: json-rules-engine's own and the co-sell ones below. */
export const OPERATORS: readonly OperatorSpec[] = [
  { name: 'equal', shape: 'same', description: 'The fact equals the value.' },
  { name: 'notEqual', shape: 'same', description: 'The fact differs from the value.' },
  { name: 'in', shape: 'oneOf', description: 'The fact is one of the listed values.' },
  { name: 'notIn', shape: 'oneOf', description: 'The fact is none of the listed values.' },
  { name: 'lessThan', shape: 'number', description: 'The fact is a number below the value.' },
  { name: 'lessThanInclusive', shape: 'number', description: 'The fact is a number at most the value.' },
  { name: 'greaterThan', shape: 'number', description: 'The fact is a number above the value.' },
  { name: 'greaterThanInclusive', shape: 'number', description: 'The fact is a number at least the value.' },
  { name: 'contains', shape: 'element', description: 'The list fact contains the value.' },
  { name: 'doesNotContain', shape: 'element', description: 'The list fact does not contain the value.' },
  { name: 'isEmpty', shape: 'flag', description: 'With true: the fact is null, "" or an empty list. With false: it is not.' },
  { name: 'isCountryCode', shape: 'flag', factTypes: ['text'], description: 'With true: the fact is a two-letter ISO 3166 country code. With false: it is not.' },
  { name: 'isCurrencyCode', shape: 'flag', factTypes: ['text'], description: 'With true: the fact is a three-letter ISO 4217 currency code. With false: it is not.' },
];

export const OPERATOR_NAMES: ReadonlySet<string> = new Set(OPERATORS.map((o) => o.name));

/**
 * Resolves a condition's `path` (`$.a.b` or `a.b`) with plain property access: json-rules-engine's default,
 * JSONPath, is several times slower and hard to bundle into the task pane.
 */
export function resolvePath(value: object, path: string): unknown {
  const keys = path.replace(/^\$\.?/, '').split('.').filter(Boolean);
  let current: unknown = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
