// Types for the generated standalone validator (see scripts/generate-rule-file-validator.ts).
import type { ErrorObject } from 'ajv';
declare function validate(data: unknown): boolean;
declare namespace validate {
  let errors: ErrorObject[] | null | undefined;
}
export = validate;
