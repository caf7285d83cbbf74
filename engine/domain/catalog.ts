import { SOLUTION_KINDS, type SolutionKind } from './vocabulary';
import { remembered } from './remembered';

/** One solution of the partner's catalog. */
export interface CatalogSolution {
  readonly id: string;
  readonly name: string;
  readonly kind: SolutionKind;
  /** Counts towards deal-registration eligibility (reference §6). */
  readonly incentiveEligible: boolean;
}

/** The solution catalog: `{"solutions": [{"id", "name", "kind", "incentiveEligible"}]}`. IDs match case-insensitively. */
export interface SolutionCatalog {
  readonly solutions: readonly CatalogSolution[];
  find(id: string): CatalogSolution | undefined;
}

/** A problem in a catalog document, at a JSON pointer. */
export interface CatalogProblem {
  readonly pointer: string;
  readonly message: string;
}

/**
 * Checks and indexes a parsed catalog document.
 *
 * @example
 * const { catalog } = createCatalog({ solutions: [{ id: 'SOL-1', name: 'Backup', kind: 'own', incentiveEligible: true }] });
 * catalog?.find('sol-1')?.kind; // 'own'
 */
export function createCatalog(document: unknown): { catalog?: SolutionCatalog; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const list = isObject(document) ? document.solutions : undefined;
  if (!Array.isArray(list)) {
    return { problems: [{ pointer: '', message: 'A catalog is an object with a "solutions" array.' }] };
  }
  const byId = new Map<string, CatalogSolution>();
  list.forEach((entry, i) => {
    const at = `/solutions/${i}`;
    if (!isObject(entry)) return problems.push({ pointer: at, message: 'Each solution is an object.' });
    const { id, name, kind, incentiveEligible } = entry;
    if (typeof id !== 'string' || id.trim() === '') problems.push({ pointer: `${at}/id`, message: '"id" must be a non-empty string.' });
    if (typeof name !== 'string') problems.push({ pointer: `${at}/name`, message: '"name" must be a string.' });
    if (!SOLUTION_KINDS.includes(kind as SolutionKind)) {
      problems.push({ pointer: `${at}/kind`, message: `"kind" must be one of ${SOLUTION_KINDS.join(', ')}.` });
    }
    if (typeof incentiveEligible !== 'boolean') {
      problems.push({ pointer: `${at}/incentiveEligible`, message: '"incentiveEligible" must be true or false.' });
    }
    if (typeof id === 'string' && id.trim() !== '') {
      const key = id.trim().toUpperCase();
      if (byId.has(key)) problems.push({ pointer: `${at}/id`, message: `The solution ID "${id}" is listed twice.` });
      byId.set(key, { id: id.trim(), name: String(name), kind: kind as SolutionKind, incentiveEligible: incentiveEligible === true });
    }
  });
  if (problems.length > 0) return { problems };
  return { catalog: { solutions: [...byId.values()], find: rememberedFinds((id) => byId.get(id.trim().toUpperCase())) }, problems };
}

/**
 * `find` that remembers what each ID cell, as written, found: a sheet's rows name the same few solutions, and
 * folding the text (trim, upper case) on every row cost more than looking it up. Short texts only (longer text is
 * folded every time).
 */
function rememberedFinds(find: (id: string) => CatalogSolution | undefined): (id: string) => CatalogSolution | undefined {
  const found = remembered<CatalogSolution | undefined>(4096);
  return (id) => (id.length > 64 ? find(id) : found.get(id, find));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
