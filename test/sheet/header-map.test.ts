import { columnOfHeader, mapHeaders, withOwnedColumns } from '../../engine/sheet/header-map';

const REQUIRED = ['Deal Name', 'Customer Name', 'Partner Referral Status', 'Partner Referral Substatus', 'Direction', 'Deal Type', 'Location'];

describe('mapping headers', () => {
  test('matches case-insensitively, ignoring surrounding and repeated spaces, in any order', () => {
    const { map, problems } = mapHeaders(['  deal   NAME ', 'My own column', ...REQUIRED.slice(1).reverse(), 'estimated close date']);
    expect(problems).toEqual([]);
    expect(map.fields.dealName).toBe(0);
    expect(map.fields.estimatedCloseDate).toBe(REQUIRED.length + 1);
    expect(Object.values(map.fields)).not.toContain(1);
  });

  test('finds numbered columns up to 50, sorted by number, and leaves higher numbers as unknown columns', () => {
    const { map } = mapHeaders([...REQUIRED, 'Solution 2', 'solution 1', 'Team member 1', 'Invited Partner 50', 'Solution 51']);
    expect(map.lists.solutions.map((c) => c.header)).toEqual(['solution 1', 'Solution 2']);
    expect(map.lists.teamMembers).toHaveLength(1);
    expect(map.lists.invitedPartners[0]).toEqual({ n: 50, index: 10, header: 'Invited Partner 50' });
    expect(map.lists.solutions).toHaveLength(2);
  });

  test('names missing required columns', () => {
    expect(mapHeaders(['Deal Name', 'Customer Name']).problems).toEqual([
      { message: 'Missing required columns: Partner Referral Status, Partner Referral Substatus.' },
    ]);
  });

  test('refuses a known header that appears twice, naming both columns', () => {
    expect(mapHeaders([...REQUIRED, 'deal name']).problems).toEqual([
      { column: 7, message: 'The header "deal name" appears twice (columns A and H): keep one.' },
    ]);
  });

  test('places owned columns the sheet lacks after its last column', () => {
    const { map } = mapHeaders(REQUIRED);
    const widened = withOwnedColumns(map);
    expect(widened.fields.registrationStatus).toBeGreaterThanOrEqual(REQUIRED.length);
    expect(widened.fields.dealName).toBe(0);
  });
});

describe('finding the column a message names', () => {
  const { map } = mapHeaders([...REQUIRED, 'currency', 'Solution 2']);
  test('finds known and numbered headers however the sheet spells them', () => {
    expect(columnOfHeader(map, 'Currency')).toBe(7);
    expect(columnOfHeader(map, 'solution 2')).toBe(8);
  });
  test('finds nothing for a column the sheet lacks', () => {
    expect(columnOfHeader(map, 'Solution 1')).toBeUndefined();
    expect(columnOfHeader(map, 'Not a column')).toBeUndefined();
  });
});
