import { Operator } from 'json-rules-engine';
import { COUNTRY_CODES, CURRENCY_CODES } from '../domain/iso-codes';

/** True for null, "", and an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Operators the co-sell rules add to json-rules-engine's own (equal, in, lessThan, contains, …).
 * Each compares the fact with `true` or `false`, so a rule reads `"operator": "isEmpty", "value": true`.
 */
export const CUSTOM_OPERATORS: readonly Operator[] = [
  new Operator('isEmpty', (fact: unknown, expected: boolean) => isEmptyValue(fact) === expected),
  new Operator('isCountryCode', (fact: unknown, expected: boolean) => isCode(COUNTRY_CODES, fact) === expected),
  new Operator('isCurrencyCode', (fact: unknown, expected: boolean) => isCode(CURRENCY_CODES, fact) === expected),
];

function isCode(codes: ReadonlySet<string>, value: unknown): boolean {
  return typeof value === 'string' && codes.has(value.trim().toUpperCase());
}

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
