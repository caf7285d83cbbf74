import { PARTNER_CENTER_SAMPLE, checkErrors } from '../helpers/deal-rows';

test("Partner Center's documented sample row is valid", async () => {
  expect(await checkErrors(PARTNER_CENTER_SAMPLE)).toEqual(['']);
});

test('its dates are valid with or without leading zeros', async () => {
  expect(await checkErrors({ ...PARTNER_CENTER_SAMPLE, 'Estimated Close Date': '01/30/2020' }, { ...PARTNER_CENTER_SAMPLE, 'Created Date': '1/2/2020' })).toEqual(['', '']);
});
