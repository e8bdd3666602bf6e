import fc from 'fast-check';
import { Decimal } from '@tollgate/money';
import { coveringPrefixes, overridePrefixes, overrideRate, prefixOfChange } from './override-rates';
import { deriveRate, isLiveBaseRate, pricingOf, sellPrice } from './package-pricing';

const deck = { id: 'pkg-r-basic', resellerId: 'r'.repeat(32), planId: 'basic' };

describe('markup: fixed amount first, then the percentage', () => {
  test("the seed's example is exact: 0.009 + 0.0025, +20 % = 0.0138", () => {
    const p = pricingOf({ markup: { fixed: 0.0025, percentage: 20 } });
    const { cost, rule } = sellPrice(p, { prefix: 1503, rate_cost: 0.009 });
    expect(cost.toFixed()).toBe('0.0138');
    expect(rule).toBe('markup');
    expect(cost.toNumber()).toBe(0.0138);
  });

  test('no markup keeps the base cost; fixed only and percent only', () => {
    expect(sellPrice(pricingOf({}), { prefix: 1, rate_cost: 0.0123 }).cost.toFixed()).toBe('0.0123');
    expect(sellPrice(pricingOf({ markup: { fixed: 0.001 } }), { prefix: 1, rate_cost: 0.0123 }).cost.toFixed()).toBe('0.0133');
    expect(sellPrice(pricingOf({ markup: { percentage: 17.5 } }), { prefix: 1, rate_cost: 0.0123 }).cost.toFixed()).toBe('0.0144525');
  });

  test('a price with more than 8 decimals is rounded half up once', () => {
    expect(sellPrice(pricingOf({ markup: { percentage: 33 } }), { prefix: 1, rate_cost: 0.00000001 }).cost.toFixed()).toBe('0.00000001');
    expect(sellPrice(pricingOf({ markup: { percentage: 50 } }), { prefix: 1, rate_cost: 0.00000001 }).cost.toFixed()).toBe('0.00000002');
  });

  test('property: the sell price is (cost + fixed) × (1 + pct/100) to 8 decimals, never below the cost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 50_000 }), (costE6, fixedE6, pctE2) => {
        const cost = new Decimal(costE6).dividedBy(1e6);
        const fixed = new Decimal(fixedE6).dividedBy(1e6);
        const pct = new Decimal(pctE2).dividedBy(100);
        const p = pricingOf({ markup: { fixed: fixed.toNumber(), percentage: pct.toNumber() } });
        const got = sellPrice(p, { prefix: 1, rate_cost: cost.toNumber() }).cost;
        const want = cost.plus(fixed).times(pct.dividedBy(100).plus(1)).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
        expect(got.equals(want)).toBe(true);
        expect(got.greaterThanOrEqualTo(cost)).toBe(true);
      }),
    );
  });
});

describe('overrides and free zones', () => {
  const p = pricingOf({
    markup: { fixed: 0.0025, percentage: 20 },
    overrides: [{ prefix: '44', rate_cost: 0.02 }, { prefix: '447', rate_cost: 0.05 }, { iso_country_code: 'FR', rate_cost: 0.03 }],
    free_zones: [{ iso_country_code: 'CA' }, { prefix: '1800' }, { max_rate_cost: 0.005 }],
  });

  test('a prefix override covers its prefix and longer ones; the longest wins; a country override its country', () => {
    expect(sellPrice(p, { prefix: 44, rate_cost: 0.009 })).toMatchObject({ rule: 'override' });
    expect(sellPrice(p, { prefix: 44, rate_cost: 0.009 }).cost.toFixed()).toBe('0.02');
    expect(sellPrice(p, { prefix: 4420, rate_cost: 0.009 }).cost.toFixed()).toBe('0.02');
    expect(sellPrice(p, { prefix: 4479, rate_cost: 0.009 }).cost.toFixed()).toBe('0.05');
    expect(sellPrice(p, { prefix: 33, iso_country_code: 'FR', rate_cost: 0.009 }).cost.toFixed()).toBe('0.03');
    // Not covered: 4 (shorter than 44), 1503 (US): marked up.
    expect(sellPrice(p, { prefix: 4, rate_cost: 0.009 })).toMatchObject({ rule: 'markup' });
    expect(sellPrice(p, { prefix: 1503, iso_country_code: 'US', rate_cost: 0.009 }).cost.toFixed()).toBe('0.0138');
  });

  test('free zones by country, prefix and base cost give 0, before any override', () => {
    expect(sellPrice(p, { prefix: 1416, iso_country_code: 'CA', rate_cost: 0.009 })).toEqual({ cost: new Decimal(0), rule: 'free_zone' });
    expect(sellPrice(p, { prefix: 1800, iso_country_code: 'US', rate_cost: 0.009 }).rule).toBe('free_zone');
    expect(sellPrice(p, { prefix: 18005, iso_country_code: 'US', rate_cost: 0.009 }).rule).toBe('free_zone');
    expect(sellPrice(p, { prefix: 4420, rate_cost: 0.005 }).rule).toBe('free_zone');
    expect(sellPrice(p, { prefix: 4420, rate_cost: 0.0051 }).rule).toBe('override');
    expect(sellPrice(p, { prefix: 1801, iso_country_code: 'US', rate_cost: 0.009 }).rule).toBe('markup');
  });
});

describe('the derived rate', () => {
  const base = {
    _id: 'US-1503',
    _rev: '3-abc',
    pvt_type: 'rate',
    prefix: 1503,
    iso_country_code: 'US',
    rate_cost: 0.009,
    rate_increment: 1,
    rate_minimum: 0,
    rate_name: 'US-1503',
    routes: ['^\\+1503(\\d*)$'],
    weight: 40,
    options: ['value'],
    pvt_internal_rate_cost: 0.004,
    pvt_task_id: 'import-1',
  };

  test('pulse sets increment and minimum; the buy price is kept private; the route becomes the options', () => {
    const p = pricingOf({ markup: { fixed: 0.0025, percentage: 20 }, pulse: 6, route: 'premium' });
    const d = deriveRate(p, base, deck);
    expect(d).toEqual({
      _id: 'US-1503',
      pvt_type: 'rate',
      prefix: 1503,
      iso_country_code: 'US',
      rate_cost: 0.0138,
      rate_increment: 6,
      rate_minimum: 6,
      rate_name: 'US-1503',
      routes: ['^\\+1503(\\d*)$'],
      weight: 40,
      options: ['premium'],
      pvt_internal_rate_cost: 0.009,
      pvt_rate_cost: 0.009,
      ratedeck_id: 'pkg-r-basic',
      account_id: deck.resellerId,
      pvt_package: { plan: 'basic', rule: 'markup' },
    });
  });

  test("without pulse or route the base rate's increment, minimum and options stay", () => {
    const d = deriveRate(pricingOf({}), base, deck);
    expect(d).toMatchObject({ rate_cost: 0.009, rate_increment: 1, rate_minimum: 0, options: ['value'] });
  });

  test('a free zone rate has no surcharge either', () => {
    const d = deriveRate(pricingOf({ free_zones: [{ prefix: '1' }] }), { ...base, rate_surcharge: 0.1 }, deck);
    expect(d).toMatchObject({ rate_cost: 0, rate_surcharge: 0, pvt_package: { rule: 'free_zone' } });
  });

  test('only live rates are priced', () => {
    expect(isLiveBaseRate(base)).toBe(true);
    expect(isLiveBaseRate({ ...base, pvt_deleted: true })).toBe(false);
    expect(isLiveBaseRate({ _id: 'ratedeck_owner', pvt_type: 'ratedeck_owner' })).toBe(false);
    expect(isLiveBaseRate(undefined)).toBe(false);
  });
});

describe('an override more specific than the base deck', () => {
  const p = pricingOf({ markup: { percentage: 10 }, overrides: [{ prefix: '1212', rate_cost: 0.02 }] });
  const base = (prefix: number, extra: Record<string, unknown> = {}) => ({ _id: `US-${prefix}`, pvt_type: 'rate', prefix, rate_cost: 0.009, rate_name: `US ${prefix}`, ...extra });

  test('copies the longest covering base rate at the override prefix, priced by the override', () => {
    const r = overrideRate(p, '1212', [base(1), base(121, { weight: 5 })], deck);
    expect(r).toMatchObject({ _id: 'XX-1212-package', prefix: 1212, routes: ['^\\+1212(\\d*)$'], rate_cost: 0.02, pvt_internal_rate_cost: 0.009, rate_name: 'US 121 (1212)' });
    expect(r?.pvt_package).toEqual({ plan: 'basic', rule: 'override', covering_rate: 'US-121' });
  });

  test('none when the base deck has the prefix itself, or nothing covers it', () => {
    expect(overrideRate(p, '1212', [base(1), base(1212)], deck)).toBeUndefined();
    expect(overrideRate(p, '1212', [base(44)], deck)).toBeUndefined();
  });

  test('the prefixes that may cover an override, and a change prefix read from a rate id', () => {
    expect([...coveringPrefixes(overridePrefixes(p)).keys()]).toEqual(['1', '12', '121', '1212']);
    expect(prefixOfChange('US-1212-x', undefined)).toBe('1212');
    expect(prefixOfChange('odd', { prefix: 44 })).toBe('44');
  });
});
