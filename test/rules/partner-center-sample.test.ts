import { checkErrors } from '../helpers/deal-rows';

/** The sample row of Partner Center's bulk CSV documentation (reference §8), plus the product's own columns. */
const SAMPLE = {
  'Deal Name': 'UK spring deal',
  'Customer Name': 'Contoso Corporation',
  'Customer Address Line 1': 'One Contoso Way',
  'Customer City': 'Redmond',
  'Customer State': 'Washington',
  'Customer Postal Code': '98052',
  'Customer Country': 'US',
  'Customer D-U-N-S ID': '81466849',
  'Customer Contact First Name': 'John',
  'Customer Contact Last Name': 'Customer',
  'Customer Contact Phone number': '9999999999',
  'Customer Contact Email Address': 'john.customer@contoso.com',
  'Partner Referral Status': 'Active',
  'Partner Referral Substatus': 'Accepted',
  'Microsoft Referral Status': 'Pending',
  'Declined/Lost reason': '6',
  'Sales Stage': '40',
  'Estimated Deal Value': '12563',
  Currency: 'USD',
  'Estimated Close Date': '1/30/2020',
  'Microsoft help required?': 'Yes',
  'What specific help from Microsoft?': '1',
  'Solution 1': 'SOL-1234-PQRS, USD, 10, 100',
  'Team member 1': 'Bob, Partner, 999999, Bob.partner@Contoso.com',
};

test("Partner Center's documented sample row is valid", async () => {
  expect(await checkErrors(SAMPLE)).toEqual(['']);
});

test('its dates are valid with or without leading zeros', async () => {
  expect(await checkErrors({ ...SAMPLE, 'Estimated Close Date': '01/30/2020' }, { ...SAMPLE, 'Created Date': '1/2/2020' })).toEqual(['', '']);
});
