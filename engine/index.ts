/**
 * The headless co-sell engine: the sheet contract, facts, rules, lifecycle machine and sheet workflows.
 * Pure and free of Node, Office and the DOM, so the Excel task pane bundles the same code.
 * File adapters (CSV, .xlsx, rule directories) are in `engine/node.ts`.
 */
export { type Cell, type SheetGrid, cellText, columnLetter, safeCellText } from './sheet/cell';
export { COLUMNS, LIST_COLUMNS, OWNED_KEYS, type ColumnSpec, type FieldKey, headerOf } from './sheet/columns';
export { type HeaderMap, type HeaderProblem, columnOfHeader, knownHeader, mapHeaders, withOwnedColumns } from './sheet/header-map';
export { type Deal, type FieldValue, type ParseOptions, parseDeal, textOrNull } from './sheet/parse-deal';
export { DERIVATION_TEXT, DERIVED_FIELDS, type Derivation, type DerivedField, type FieldSource, type FieldSources, deriveDealFields } from './sheet/derive-deal-fields';
export { daysBetween, formatStage, parseCode, parseNumber, parseStage, parseUsDate, parseYesNo, type ParsedStage, type StageForm } from './sheet/cell-formats';
export { type WritePlan, appendedHeaders, planWrite, rowWrites, writeGrid } from './workflow/write-plan';
export * from './domain/vocabulary';
export { type CatalogSolution, type SolutionCatalog, createCatalog } from './domain/catalog';
export { FACTS, FACT_NAMES, type FactSpec } from './facts/fact-catalog';
export { type Facts, dealFacts } from './facts/deal-facts';
export { type Undecided, type UndecidedCause, describeCause, undecidedFacts } from './facts/undecided-facts';
export { type RuleSpec, type RuleProblem, type RuleFileDocument, type Condition, checkRuleFile } from './rules/rule-file';
export { type LocatedProblem, formatProblem, locatePointer, parseJsonText } from './rules/json-source';
export { DEFAULT_ROW_FILE, type RuleSource, isRuleFile, ruleSetFromSources } from './rules/rule-set-source';
export { RULE_SET_FILE, type RuleSet, createRuleSet, describeRuleSet, ruleSetHash } from './rules/rule-set';
export { type ConditionTrace, type Finding, type RuleTrace, type Verdict, RuleEvaluator, gateOpen, interpolate } from './rules/rule-evaluator';
export { OPERATORS, type OperatorSpec } from './rules/operators';
export { ACTIONS, GATES, type ActionSpec, type Gate } from './domain/actions';
export { type ActionRequest, actionFor, parseAction, sameRequest } from './sheet/action-cell';
export { dealMachine, type DealContext, type DealEvent, type DealStateMeta, LIFECYCLE_CHECKS } from './lifecycle/deal-machine';
export { type DealSnapshot, type DealState, type OwnedValues, type DealPlace, type LifecyclePlace, dealPlaceOf, isClosedDeal, resolveDealState, ownedValuesOf, describeState, stateMetaOf } from './lifecycle/deal-state';
export { lifecycleRefusal } from './lifecycle/lifecycle-refusal';
export { type ActionJudgement, judgeAction, possibleActions, toEvent } from './lifecycle/judge-action';
export { type LifecycleAnswer, lifecycleAnswer, machineAnswer } from './lifecycle/lifecycle-answer';
export {
  type RowOutcome,
  type SheetContext,
  type SheetJudgement,
  type SheetRun,
  type Summary,
  NOT_AN_ACTION,
  actionText,
  applySheet,
  checkSheet,
  joinMessages,
  judgeSheet,
  summarize,
} from './workflow/process-sheet';
export { type DealToJudge, type JudgedVerdict, type NotJudged, NOT_JUDGED_REASON, judgeDeals } from './workflow/judge-deals';
export { type DerivedCount, type RuleCount, type SheetNotice, IMPORT_ROW_LIMIT, SheetTally } from './workflow/sheet-notices';
export { ownErrorsText } from './workflow/own-messages';
export { createSheetContext, localToday, type SheetContextOptions } from './workflow/sheet-context';
export { type RowExplanation, explainRow, explanationHeadline, showValue } from './workflow/explain-row';
export { type ReadableExplanation, type ReadableRequirement, readableExplanation } from './workflow/explain-text';
export { groupDigits, listedText } from './workflow/listed-text';
export { requirementOf } from './rules/rule-requirement';
export { type ActionChoice, type ActionOffer, applyAsAsked, offerActions, rowToExplain } from './workflow/deal-offers';
export { type ChecklistItem, type RegistrationChecklist, registrationChecklist } from './workflow/registration-checklist';
export { type CurrencyPipeline, type Pipeline, type PipelineLeftOut, type PipelineRow, pipelineDealTypes, pipelineOf, pipelineStages } from './workflow/pipeline';
export { LIST_SOURCE_LIMIT, type VocabularyList, vocabularyLists } from './sheet/vocabulary-lists';
