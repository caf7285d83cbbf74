import { type Cell } from '../sheet/cell';
import { type FieldKey } from '../sheet/columns';
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
