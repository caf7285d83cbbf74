// Types for the generated standalone validators (see scripts/generate-rule-schemas.ts).
import type { ErrorObject } from 'ajv';

export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const validateRuleFile: SchemaValidator;
export declare const validateRuleSet: SchemaValidator;
export declare const validateRuleCases: SchemaValidator;
export declare const validateDefaultRow: SchemaValidator;
