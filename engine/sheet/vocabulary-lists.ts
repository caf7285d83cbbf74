import { ACTIONS } from '../domain/actions';
import {
  ASSESSMENT_STAGES,
  DEAL_TYPES,
  DIRECTIONS,
  HELP_CODES,
  MICROSOFT_REFERRAL_STATUSES,
  PURCHASE_INTENTS,
  REASON_CODES,
  REFERRAL_STATUSES,
  REFERRAL_SUBSTATUSES,
  REGISTRATION_STATUSES,
  SALES_STAGES,
} from '../domain/vocabulary';
import { COLUMNS, type CellFormat, type FieldKey } from './columns';
import { type HeaderMap } from './header-map';

/** A column with a vocabulary: the values a drop-down list offers in it. */
export interface VocabularyList {
  readonly key: FieldKey;
  readonly header: string;
  /** The column's index in the sheet's header row. */
  readonly column: number;
  readonly values: readonly string[];
}

/** Excel takes a list typed into a validation rule of at most 255 characters. */
export const LIST_SOURCE_LIMIT = 255;

/** Every stage name, of ordinary and solution-assessment deals alike, each once. */
export const STAGE_NAMES: readonly string[] = [...new Set([...SALES_STAGES, ...ASSESSMENT_STAGES].map((s) => s.name))];

/**
 * The words a cell of each format may hold, as a user types them: the vocabulary behind a column's drop-down list
 * and the `values` the rules reference documents for its fact.
 */
export const FORMAT_VALUES: Readonly<Partial<Record<CellFormat, readonly string[]>>> = {
  yesNo: ['Yes', 'No'],
  reasonCode: Object.keys(REASON_CODES),
  helpCode: Object.keys(HELP_CODES),
  status: REFERRAL_STATUSES,
  substatus: REFERRAL_SUBSTATUSES,
  microsoftStatus: MICROSOFT_REFERRAL_STATUSES,
  direction: DIRECTIONS,
  dealType: DEAL_TYPES,
  registrationStatus: REGISTRATION_STATUSES,
  purchaseIntent: PURCHASE_INTENTS,
  stage: STAGE_NAMES,
};

/** What an Action cell may hold: each action, Stage with each sales stage an ordinary deal moves to. */
const ACTION_VALUES = ACTIONS.flatMap((a) => (a.event === 'STAGE' ? SALES_STAGES.filter((s) => s.name !== 'Won').map((s) => `Stage ${s.name}`) : [a.name]));

/**
 * The sheet's columns that have a vocabulary, with the values a drop-down offers: Action, Direction, Deal Type,
 * the statuses, Sales Stage, the Yes/No columns and the code columns. Each list fits Excel's 255-character limit.
 *
 * @example
 * vocabularyLists(map).map((l) => l.header); // ['Partner Referral Status', …, 'Action']
 */
export function vocabularyLists(map: HeaderMap): VocabularyList[] {
  const lists: VocabularyList[] = [];
  for (const spec of COLUMNS) {
    const column = map.fields[spec.key];
    const values = spec.key === 'action' ? ACTION_VALUES : FORMAT_VALUES[spec.format];
    if (column === undefined || values === undefined) continue;
    lists.push({ key: spec.key, header: spec.header, column, values });
  }
  return lists;
}
