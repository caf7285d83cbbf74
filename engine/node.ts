/** Node-only adapters of the engine: files on disk (CSV, .xlsx, rule directories, catalogs). */
export * from './index';
export * from './authoring/index';
export { DEFAULT_RULES_DIR, loadRuleDir, ruleFilesIn } from './io/rule-files';
export { caseFilesIn, runRuleCaseDir } from './io/rule-case-files';
export { DEFAULT_CATALOG, loadCatalogFile } from './io/catalog-file';
export { type DealFile, readDealFile } from './io/deal-file';
export { parseCsv, formatCsv } from './io/csv-file';
export { InputError } from './io/input-error';
export { readJsonFile } from './io/json-file';
