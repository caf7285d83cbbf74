/**
 * The rule-authoring tools: rule cases, impact preview, the generated rules reference and the lifecycle diagram.
 * They sit on top of the runtime (`../index.ts`) and nothing in the runtime imports them, so a bundle that only
 * judges deals (the task pane's worker) does not carry them.
 */
export { RULES_REFERENCE_PATH, describeCondition, rulesReference } from './rules-reference';
export { lifecycleDiagram } from './lifecycle-diagram';
export { type ImpactReport, type RowImpact, type RowJudgement, compareRuleSets } from './rule-impact';
export { type CaseExpectation, type CaseResult, type RuleCase, type RuleCasesReport, runRuleCases } from './rule-cases';
