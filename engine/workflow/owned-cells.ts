import { type Cell } from '../sheet/cell';
import { type FieldKey, headerOf } from '../sheet/columns';
import { type Finding } from '../rules/rule-evaluator';
import { type Deal } from '../sheet/parse-deal';
import { formatStage } from '../sheet/cell-formats';
import { type OwnedValues } from '../lifecycle/deal-state';

/**
 * The owned cells that change between two lifecycle states, as cell values written the way the row writes them
 * (a stage written as `40` stays a percentage; a TRUE/FALSE help cell stays a boolean).
 *
 * @example
 * ownedCellChanges(deal, helpCell, before, after); // { partnerReferralStatus: 'Active', partnerReferralSubstatus: 'Accepted', salesStage: 'Accepted' }
 */
export function ownedCellChanges(deal: Deal, helpCell: Cell | undefined, before: OwnedValues, after: OwnedValues): Partial<Record<FieldKey, Cell>> {
  const changes: Partial<Record<FieldKey, Cell>> = {};
  const text = (key: FieldKey, from: string | null, to: string | null) => {
    if (from !== to) changes[key] = to ?? '';
  };
  text('partnerReferralStatus', before.partnerReferralStatus, after.partnerReferralStatus);
  text('partnerReferralSubstatus', before.partnerReferralSubstatus, after.partnerReferralSubstatus);
  text('registrationStatus', before.registrationStatus, after.registrationStatus);
  text('dealType', before.dealType, after.dealType);
  text('microsoftReferralStatus', before.microsoftReferralStatus, after.microsoftReferralStatus);
  if (before.salesStage?.name !== after.salesStage?.name && after.salesStage) {
    changes.salesStage = formatStage(after.salesStage, deal.stage?.form);
  }
  if (before.microsoftHelpRequired !== after.microsoftHelpRequired && after.microsoftHelpRequired !== null) {
    const wasBoolean = typeof helpCell === 'boolean';
    changes.microsoftHelpRequired = wasBoolean ? after.microsoftHelpRequired : after.microsoftHelpRequired ? 'Yes' : 'No';
  }
  return changes;
}

/**
 * The validation problems of a row that an action leaves in place: those whose rule still fires on the row the
 * action produces, judged as if it were open (closed deals are judged only on what closing needs, so closing must
 * not hide a problem), and those in cells the action does not write. An action is refused while any is left.
 * Win on an open deal at stage Won fixes its problem (it writes the substatus, and a won deal is at Won); Win on a
 * row with no Deal Type does not.
 *
 * @example
 * problemsLeftInPlace(verdict.problems, resultAsOpen.problems, Object.keys(changes) as FieldKey[]); // [] when the action fixes them all
 */
export function problemsLeftInPlace(problems: readonly Finding[], resultAsOpen: readonly Finding[], written: readonly FieldKey[]): Finding[] {
  const writtenHeaders = new Set(written.map(headerOf));
  const still = new Set(resultAsOpen.map((p) => p.rule));
  return problems.filter((p) => still.has(p.rule) || !p.columns.some((column) => writtenHeaders.has(column)));
}
