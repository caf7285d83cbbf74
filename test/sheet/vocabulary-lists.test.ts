import { COLUMNS, LIST_SOURCE_LIMIT, mapHeaders, vocabularyLists } from '../../engine/index';

describe('vocabularyLists: the columns a drop-down list fits', () => {
  const all = vocabularyLists(mapHeaders(COLUMNS.map((c) => c.header)).map);

  test('covers Action, Direction, Deal Type, the statuses, Sales Stage, the Yes/No and the code columns', () => {
    const headers = all.map((l) => l.header);
    for (const header of ['Action', 'Direction', 'Deal Type', 'Partner Referral Status', 'Partner Referral Substatus', 'Microsoft Referral Status', 'Registration Status', 'Sales Stage', 'Microsoft help required?', 'Declined/Lost reason', 'What specific help from Microsoft?']) {
      expect(headers).toContain(header);
    }
    expect(headers).not.toContain('Deal Name');
  });

  test('every list fits Excel\'s 255-character list source and holds no comma inside a value', () => {
    for (const list of all) {
      expect([list.header, list.values.join(',').length <= LIST_SOURCE_LIMIT]).toEqual([list.header, true]);
      expect(list.values.every((v) => !v.includes(','))).toBe(true);
    }
  });

  test('the Action list offers each action, Stage with each stage but Won', () => {
    const action = all.find((l) => l.header === 'Action')!;
    expect(action.values).toContain('Accept');
    expect(action.values).toContain('Stage Proposed');
    expect(action.values).not.toContain('Stage Won');
  });
});
