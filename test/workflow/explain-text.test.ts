import { createSheetContext, explainRow, readableExplanation, requirementOf } from '../../engine/index';
import { gridOf, shippedCatalog, shippedRuleSet, TODAY } from '../helpers/deal-rows';

const rule = (message: string, extra: Record<string, unknown> = {}) =>
  ({ name: 'r', file: 'f.json', conditions: { all: [] }, event: { type: 'validation', params: { message, columns: ['Customer Country'] } }, ...extra }) as never;

describe('requirementOf: what a rule requires, as a sentence', () => {
  test.each([
    ['Deal Name is required.', 'Deal Name is required.'],
    ['Customer Country must be a two-letter ISO 3166 code such as US or GB, not "{customerCountry}".', 'Customer Country must be a two-letter ISO 3166 code such as US or GB.'],
    ['Sales Stage Won is for won deals (the Win action sets it), and this one is {statusPair}.', 'Sales Stage Won is for won deals (the Win action sets it).'],
    ['{customerCountry}: give two letters', 'Customer Country: give two letters.'],
    ['What specific help from Microsoft? must be a code from 1 to 6 (or its label)', 'What specific help from Microsoft? must be a code from 1 to 6 (or its label).'],
  ])('%s', (message, sentence) => {
    expect(requirementOf(rule(message))).toBe(sentence);
  });

  test('a cut that would leave a bare column name is not taken', () => {
    expect(requirementOf(rule('Deal Name: value {estimatedDealValue}, too low.', { description: 'Deals worth less than 100 are not worked.' }))).toBe('Deals worth less than 100 are not worked.');
  });

  test('a message that cannot be cut falls back to the description, else to … for the values', () => {
    expect(requirementOf(rule('A {dealType} deal needs a reason.', { description: 'Closing as Lost needs a reason.' }))).toBe('Closing as Lost needs a reason.');
    expect(requirementOf(rule('A {dealType} deal needs a reason.'))).toBe('A … deal needs a reason.');
  });
});

describe('readableExplanation', () => {
  test('puts the unmet requirements first as the row\'s messages, the met ones apart, and keeps the detail', async () => {
    const grid = gridOf({ 'Customer Country': 'USA' });
    const { context } = createSheetContext(grid, { rules: shippedRuleSet(), catalog: shippedCatalog(), today: TODAY });
    const { explanation } = await explainRow(grid, context!, 2);
    const text = readableExplanation(explanation!);
    expect(text.headline).toMatch(/^Invalid: 1 of \d+ validation requirements is not met\.$/);
    expect(text.notMet.map((r) => r.sentence)).toEqual(['Customer Country must be a two-letter ISO 3166 code such as US or GB, not "USA".']);
    expect(text.notMet[0].rule).toBe('customer-country-iso (rules/field-validation.json)');
    expect(text.notMet[0].detail).toContain('  customerCountry isCountryCode false: holds; actual: "USA"');
    expect(text.met.map((r) => r.sentence)).toContain('Deal Name is required.');
    expect(text.met.every((r) => !r.sentence.includes('{'))).toBe(true);
  });
});
