import { Engine, Operator } from 'json-rules-engine';
import { CUSTOM_OPERATOR_FUNCTIONS } from './operator-functions';
import { resolvePath } from './operators';
import { type LoadedRule } from './rule-file';

/**
 * json-rules-engine, the reference semantics of the rule JSON: what `explain` traces condition by condition, and
 * what the conformance test holds the compiled rules (`compiled-rules.ts`) to. Nothing on the hot path runs it:
 * checks and applies run the compiled rules. Nothing here touches json-rules-engine before `explain` asks for an
 * Engine: the command line's bundle loads the library only then (`scripts/build-cli.mjs`), which keeps it out of
 * every other command's start.
 */

let customOperators: readonly Operator[] | undefined;

/**
 * The co-sell operators (`CUSTOM_OPERATOR_FUNCTIONS`) as json-rules-engine operators, made on first use.
 *
 * @example
 * for (const operator of referenceOperators()) engine.addOperator(operator);
 */
export function referenceOperators(): readonly Operator[] {
  customOperators ??= Object.entries(CUSTOM_OPERATOR_FUNCTIONS).map(([name, test]) => new Operator(name, test));
  return customOperators;
}

/**
 * An Engine for these rules, configured as the compiled rules mirror it (no undefined facts, plain paths).
 *
 * @example
 * const { results } = await newEngine(rules).run(facts);
 */
export function newEngine(rules: readonly LoadedRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: resolvePath });
  for (const operator of referenceOperators()) engine.addOperator(operator);
  for (const rule of rules) engine.addRule({ name: rule.name, priority: rule.priority, conditions: rule.conditions as never, event: rule.event });
  return engine;
}
