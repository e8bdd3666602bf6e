import { parseRateDoc, type RateRecord } from './rate-record';
import { type RateDefaults, rateNumberView, rateRespFields } from './rate-response';

const defaults: RateDefaults = {
  defaultRateMinimum: 60,
  defaultRateIncrement: 60,
  defaultRateNochargeTime: 0,
  defaultRateSurcharge: '0',
  defaultRateCost: '0',
  defaultRateInternalCost: '0',
};

function seedRate(): RateRecord {
  const parsed = parseRateDoc({ _id: 'XX-1503', pvt_type: 'rate', prefix: 1503, rate_cost: 0.1, description: 'BRONZE', rate_name: '1503', routes: ['^\\+1503(\\d*)$'] });
  if (!parsed.ok) throw new Error(parsed.reason);
  return { ...parsed.rate, ratedeckId: 'ratedeck' };
}

test("rate_resp carries Kazoo 4.3's fields and units", () => {
  expect(rateRespFields(seedRate(), defaults, { updateCalleeId: false })).toEqual({
    Rate: '1000',
    'Rate-Increment': 60,
    'Rate-Minimum': '60',
    Surcharge: '0',
    'Base-Cost': '1000',
    'Pvt-Cost': '0',
    'Rate-NoCharge-Time': 0,
    'Update-Callee-ID': false,
    Prefix: 1503,
    'Rate-Name': '1503',
    'Rate-Description': 'BRONZE',
    'Ratedeck-ID': 'ratedeck',
  });
});

test("rates/number shows the seed's values and types", () => {
  expect(rateNumberView(seedRate(), '+15035551234', defaults)).toEqual({
    'Base-Cost': 0.1,
    'E164-Number': '+15035551234',
    Prefix: '1503',
    Rate: 0.1,
    'Rate-Description': 'BRONZE',
    'Rate-Increment': 60,
    'Rate-Minimum': '60',
    'Rate-Name': '1503',
    'Ratedeck-ID': 'ratedeck',
    Surcharge: 0,
  });
});

test('defaults from system_config fill what the rate leaves out; the carrier precision shows in dollars', () => {
  const rate: RateRecord = { id: 'XX-44', prefix: '44', rateCost: '0.00125', internalCost: '0.001', rateSurcharge: '0.05' };
  const d: RateDefaults = { ...defaults, defaultRateMinimum: 30, defaultRateIncrement: 6, defaultRateNochargeTime: 3 };
  const resp = rateRespFields(rate, d, { updateCalleeId: true, discountPercentage: 10 });
  expect(resp).toMatchObject({ Rate: '13', 'Rate-Minimum': '30', 'Rate-Increment': 6, 'Rate-NoCharge-Time': 3, Surcharge: '500', 'Pvt-Cost': '10', 'Update-Callee-ID': true, 'Discount-Percentage': 10 });
  // 30 s at $0.00125/min + $0.05 = $0.050625 → 506 units (Kazoo's 30 div 60 = 0 would give 500)
  expect(resp['Base-Cost']).toBe('506');
  const view = rateNumberView(rate, '+441234', d, 125);
  expect(view).toMatchObject({ Rate: 0.00125, Surcharge: 0.05, 'Base-Cost': 0.0506, 'Rate-Minimum': '30' });
  // 125 s: 30 s minimum + 16 increments of 6 s = 126 s → $0.0026250 + $0.05 → 526 units
  expect(view.Cost).toBe(0.0526);
  expect(view['Rate-Name']).toBeUndefined();
});
