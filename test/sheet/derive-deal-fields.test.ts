import { createCatalog, deriveDealFields, mapHeaders, parseDeal } from '../../engine/index';

/** What a row of a sheet without Direction / Deal Type / Location / Created Date derives, cell by cell. */
const catalog = createCatalog({
  solutions: [
    { id: 'SOL-OWN', name: 'Own', kind: 'own', incentiveEligible: true },
    { id: 'SA-1', name: 'Assessment', kind: 'assessment', incentiveEligible: false },
  ],
}).catalog!;

function derive(cells: Record<string, string>, direction?: 'Inbound' | 'Outbound') {
  const headers = ['Deal Name', 'Customer Name', 'Partner Referral Status', 'Partner Referral Substatus', ...Object.keys(cells).filter((h) => !/^Partner Referral/.test(h))];
  const values: Record<string, string> = { 'Deal Name': 'D', 'Customer Name': 'C', 'Partner Referral Status': 'Active', 'Partner Referral Substatus': 'Accepted', ...cells };
  const { map } = mapHeaders(headers);
  return parseDeal(headers.map((h) => values[h] ?? ''), map, 2, { decimalComma: false, catalog, direction }).sources;
}

describe('deriving the columns a raw export lacks', () => {
  test.each([
    ['New/Received', { 'Partner Referral Status': 'New', 'Partner Referral Substatus': 'Received' }, undefined, 'Inbound'],
    ['Closed/Declined', { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Declined' }, undefined, 'Inbound'],
    ['Closed/Expired', { 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Expired' }, undefined, 'Inbound'],
    ['Active/Accepted, the export said Outbound', {}, 'Outbound', 'Outbound'],
  ] as const)('Direction: %s is %s', (_, cells, direction, expected) => {
    expect(derive(cells, direction).direction).toMatchObject({ kind: 'derived', value: expected });
  });

  test('Direction: an Active or Won deal alone does not say; undecided', () => {
    expect(derive({}).direction.kind).toBe('undecided');
    expect(derive({ 'Partner Referral Status': 'Closed', 'Partner Referral Substatus': 'Won' }).direction.kind).toBe('undecided');
  });

  test.each([
    ['an assessment solution', { 'Solution 1': 'SA-1', 'Microsoft help required?': 'Yes' }, undefined, 'Solution assessment'],
    ['help requested', { 'Microsoft help required?': 'Yes' }, undefined, 'Co-sell'],
    ['a Microsoft Referral Status', { 'Microsoft Referral Status': 'Pending' }, undefined, 'Co-sell'],
    ['a Microsoft MSX ID', { 'Microsoft MSX ID': '7-ABC' }, undefined, 'Co-sell'],
    ['invited partners', { 'Invited Partner 1': 'Fabrikam, 6/30/2027, 5000, USD' }, undefined, 'Partner to partner'],
    ['a New deal without Microsoft (another partner sent it)', { 'Partner Referral Status': 'New', 'Partner Referral Substatus': 'Pending' }, undefined, 'Partner to partner'],
    ['an outbound deal alone, its solutions catalogued', { 'Solution 1': 'SOL-OWN' }, 'Outbound', 'Private'],
  ] as const)('Deal Type: %s → %s', (_, cells, direction, expected) => {
    expect(derive(cells, direction).dealType).toMatchObject({ kind: 'derived', value: expected });
  });

  test('Deal Type: undecided when nothing says, or an unknown solution could be an assessment', () => {
    expect(derive({ 'Solution 1': 'SOL-OWN' }).dealType.kind).toBe('undecided');
    expect(derive({ 'Solution 1': 'SOL-UNKNOWN' }, 'Outbound').dealType).toMatchObject({ kind: 'undecided', why: expect.stringMatching(/not all its solutions are in the catalog/) });
    // Microsoft takes part in solution assessments too: an unknown solution keeps even a Microsoft deal undecided
    // (an attacker's repro: guessed Co-sell, a valid SA deal at "Collect data" became invalid and Win was allowed).
    expect(derive({ 'Solution 1': 'SOL-UNKNOWN', 'Microsoft Referral Status': 'Accepted' }, 'Outbound').dealType.kind).toBe('undecided');
    expect(derive({ 'Solution 1': 'SOL-UNKNOWN' }, 'Inbound').dealType.kind).toBe('undecided');
  });

  test('Location: the partner ID column, under either layout name; Created Date: always undecided without its column', () => {
    expect(derive({ 'MPN ID': '4512377' }).location).toEqual({ kind: 'derived', value: '4512377', how: 'partner-id' });
    expect(derive({ 'PartnerID (formerly MPN ID)': '4512390' }).location).toMatchObject({ value: '4512390' });
    expect(derive({ 'MPN ID': '' }).location.kind).toBe('undecided');
    expect(derive({}).location.kind).toBe('undecided');
    expect(derive({}).createdDate.kind).toBe('undecided');
  });

  test('a column the sheet has is its own answer, even empty', () => {
    expect(derive({ Direction: '', 'Deal Type': '', Location: '', 'Created Date': '' })).toEqual({
      direction: { kind: 'column' },
      dealType: { kind: 'column' },
      location: { kind: 'column' },
      createdDate: { kind: 'column' },
    });
    expect(deriveDealFields).toBeInstanceOf(Function);
  });
});
