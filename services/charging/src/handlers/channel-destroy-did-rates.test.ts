// The incoming rate of a DID from its fees.
import { didRateOf } from './channel-destroy-did-rates';

test("a number's per-minute fee is an exact rate with its increment and minimum (60 s by default)", () => {
  const client = { _id: 'did_fees', numbers: { '+15035550100': { per_minute: '0.015', increment: 6, minimum: 30 } } };
  const reseller = { _id: 'did_fees', client_defaults: { per_minute: 0.02 } };
  expect(didRateOf('+15035550100', client, reseller)).toMatchObject({ costPerMinute: '0.015', surcharge: '0', increment: 6, minimum: 30 });
  expect(didRateOf('+15035550199', client, reseller)).toMatchObject({ costPerMinute: '0.02', increment: 60, minimum: 60 });
  expect(didRateOf('+15035550199', client, undefined)).toBeUndefined();
});
