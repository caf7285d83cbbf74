import fc from 'fast-check';
import { type CatalogSolution, createCatalog } from '../../engine/domain/catalog';

const SOLUTIONS = [
  { id: 'SOL-1001-BKUP', name: 'Backup', kind: 'own', incentiveEligible: true },
  { id: 'SOL-2002-ASMT', name: 'Assessment', kind: 'assessment', incentiveEligible: false },
  { id: 'sol-3003-msft', name: 'Device', kind: 'microsoft', incentiveEligible: false },
];

/** The catalog's rule for an ID cell, written apart from it: trimmed, case does not count. */
const expected = (id: string): CatalogSolution | undefined => {
  const solution = SOLUTIONS.find((s) => s.id.toUpperCase() === id.trim().toUpperCase());
  return solution && { ...solution, id: solution.id.trim() } as CatalogSolution;
};

describe('finding a solution by the ID a cell holds', () => {
  test('matches trimmed and whatever the case, asked once or many times, past the IDs it remembers', () => {
    const { catalog } = createCatalog({ solutions: SOLUTIONS });
    if (!catalog) throw new Error('the test catalog is refused');
    const written = fc.oneof(
      fc.constantFrom(...SOLUTIONS.map((s) => s.id)).chain((id) =>
        fc.tuple(fc.constantFrom('', ' ', '  '), fc.boolean(), fc.constantFrom('', ' ', '\t')).map(([before, lower, after]) => `${before}${lower ? id.toLowerCase() : id.toUpperCase()}${after}`),
      ),
      fc.string({ maxLength: 12 }),
      fc.string({ minLength: 60, maxLength: 80 }),
    );
    fc.assert(
      fc.property(fc.array(written, { minLength: 1, maxLength: 40 }), (ids) => {
        for (const id of [...ids, ...ids]) expect(catalog.find(id)).toEqual(expected(id));
      }),
      { numRuns: 300 },
    );
    // More different texts than it remembers (4,096), then the first ones again.
    for (let i = 0; i < 5000; i++) expect(catalog.find(`X-${i}`)).toBeUndefined();
    expect(catalog.find(' sol-1001-bkup ')?.name).toBe('Backup');
    expect(catalog.find('SOL-3003-MSFT')?.kind).toBe('microsoft');
  });
});
