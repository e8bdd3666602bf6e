import fc from 'fast-check';
import type { ItemPlan, ServicePlanDoc } from '../plan/types';
import { createItems } from './create-items';
import { priceItems } from './price-items';

function planOf(plan: ServicePlanDoc['plan']): ServicePlanDoc {
  return { _id: 'p', name: 'p', plan };
}

function price(plan: ServicePlanDoc['plan'], account: Record<string, Record<string, number>>, cascade = {}) {
  return priceItems(createItems([planOf(plan)], { account, cascade }));
}

describe('Kazoo 4.2 pricing rules', () => {
  test('a rate tier is the smallest tier key at or above the quantity, else the plain rate', () => {
    const devices = { sip_device: { rate: 9, rates: { '5': 3, '20': 2 } } };
    expect(price({ devices }, { devices: { sip_device: 4 } }).lines[0]).toMatchObject({ quantity: 4, charge: 120_000 });
    expect(price({ devices }, { devices: { sip_device: 20 } }).lines[0]).toMatchObject({ charge: 400_000 });
    expect(price({ devices }, { devices: { sip_device: 21 } }).lines[0]).toMatchObject({ charge: 1_890_000 });
  });

  test('a flat-rate tier prices the whole item as one unit', () => {
    const line = price({ users: { user: { rate: 5, flat_rates: { '10': 25 } } } }, { users: { user: 7 } }).lines[0];
    expect(line).toMatchObject({ quantity: 1, actualQuantity: 7, charge: 250_000 });
  });

  test('a quantity below the minimum is charged as the minimum', () => {
    expect(price({ phone_numbers: { tollfree_us: { rate: 5, minimum: 10 } } }, { phone_numbers: { tollfree_us: 2 } }).lines[0]).toMatchObject({
      quantity: 10,
      actualQuantity: 2,
      charge: 500_000,
    });
  });

  test('_all counts the whole category except the exceptions, billed under `as`', () => {
    const plan = { devices: { _all: { rate: 5, as: 'sip_devices', exceptions: ['cellphone'] } } };
    const line = price(plan, { devices: { sip_device: 2, softphone: 1, cellphone: 4 } }).lines[0];
    expect(line).toMatchObject({ item: 'sip_devices', quantity: 3, charge: 150_000 });
  });

  test('cascade adds the descendants’ counts; without it only the account’s own count', () => {
    const account = { users: { user: 2 } };
    const cascade = { users: { user: 5 } };
    expect(price({ users: { user: { rate: 1, cascade: true } } }, account, cascade).lines[0].quantity).toBe(7);
    expect(price({ users: { user: { rate: 1 } } }, account, cascade).lines[0].quantity).toBe(2);
  });

  test('single discount once, cumulative discount per unit up to its maximum', () => {
    const line = price(
      { phone_numbers: { did_us: { rate: 1, discounts: { single: { rate: 0.25 }, cumulative: { maximum: 2, rate: 0.5 } } } } },
      { phone_numbers: { did_us: 3 } },
    ).lines[0];
    expect(line).toMatchObject({ charge: 30_000, singleDiscount: 2_500, cumulativeDiscount: 10_000, total: 17_500 });
  });

  test('exact decimals: 3 x $0.1 is exactly $0.30, rounded once per line', () => {
    expect(price({ x: { y: { rate: 0.1 } } }, { x: { y: 3 } }).lines[0].charge).toBe(3_000);
    expect(price({ x: { y: { rate: 0.00005 } } }, { x: { y: 3 } }).lines[0].charge).toBe(2);
  });

  test('activation charges are due for each unit added since the previous count', () => {
    const plan = planOf({ phone_numbers: { did_us: { rate: 1, activation_charge: 3 } } });
    const before = createItems([plan], { account: { phone_numbers: { did_us: 2 } }, cascade: {} });
    const after = createItems([plan], { account: { phone_numbers: { did_us: 5 } }, cascade: {} });
    expect(priceItems(after, { previous: before }).lines[0]).toMatchObject({ activatedQuantity: 3, activationCharges: 90_000 });
    expect(priceItems(before, { previous: after }).lines[0]).toMatchObject({ activatedQuantity: 0, activationCharges: 0 });
  });

  test('fixed_price charges the rate once; percentage charges a percent of the category', () => {
    const inv = price(
      { phone_numbers: { did_us: { rate: 2 }, support: { rate: 10, markup_type: 'fixed_price' }, fee: { rate: 10, markup_type: 'percentage', minimum: 1 } } },
      { phone_numbers: { did_us: 5, support: 3 } },
    );
    const byItem = Object.fromEntries(inv.lines.map((l) => [l.item, l]));
    expect(byItem.support.charge).toBe(100_000);
    expect(byItem.fee.charge).toBe(20_000);
  });

  test('prorated additions charge the part of the period left', () => {
    const plan = planOf({ users: { user: { rate: 30 } } });
    const before = createItems([plan], { account: { users: { user: 1 } }, cascade: {} });
    const after = createItems([plan], { account: { users: { user: 2 } }, cascade: {} });
    expect(priceItems(after, { previous: before, period: { daysRemaining: 10, daysInPeriod: 30 } }).prorated).toBe(100_000);
  });
});

const amount = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000);
const tiers = fc.dictionary(fc.integer({ min: 1, max: 200 }).map(String), amount, { maxKeys: 3 });
const itemPlan: fc.Arbitrary<ItemPlan> = fc.record(
  {
    rate: amount,
    rates: tiers,
    flat_rates: tiers,
    minimum: fc.integer({ min: 0, max: 50 }),
    activation_charge: amount,
    discounts: fc.record(
      {
        single: fc.record({ rate: amount }, { requiredKeys: [] }),
        cumulative: fc.record({ rate: amount, maximum: fc.integer({ min: 0, max: 100 }), rates: tiers }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    markup_type: fc.constantFrom('rate', 'fixed_price', 'percentage') as fc.Arbitrary<'rate' | 'fixed_price' | 'percentage'>,
  },
  { requiredKeys: [] },
);
const scenario = fc.record({
  items: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), itemPlan, { minKeys: 1 }),
  counts: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 300 })),
  previous: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 300 })),
});

describe('pricing properties', () => {
  test('totals are never negative, discounts never exceed the charge, the total is the sum of the lines', () => {
    fc.assert(
      fc.property(scenario, ({ items, counts, previous }) => {
        const plan = planOf({ cat: items });
        const before = createItems([plan], { account: { cat: previous }, cascade: {} });
        const inv = priceItems(createItems([plan], { account: { cat: counts }, cascade: {} }), { previous: before });
        for (const l of inv.lines) {
          expect(l.total).toBeGreaterThanOrEqual(0);
          expect(l.singleDiscount + l.cumulativeDiscount).toBeLessThanOrEqual(l.charge);
          expect(l.total).toBe(l.charge - l.singleDiscount - l.cumulativeDiscount);
          expect(Number.isSafeInteger(l.charge) && Number.isSafeInteger(l.activationCharges)).toBe(true);
          expect(l.activationCharges).toBeGreaterThanOrEqual(0);
        }
        expect(inv.total).toBe(inv.lines.reduce((s, l) => s + l.total, 0));
        expect(inv.total).toBeGreaterThanOrEqual(0);
        expect(inv.activationCharges).toBe(inv.lines.reduce((s, l) => s + l.activationCharges, 0));
      }),
    );
  });

  test('a quantity below the minimum is billed as the minimum', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), (rate, minimum, count) => {
        fc.pre(count < minimum);
        const [line] = price({ cat: { x: { rate, minimum } } }, { cat: { x: count } }).lines;
        const [atMinimum] = price({ cat: { x: { rate } } }, { cat: { x: minimum } }).lines;
        expect(line.quantity).toBe(minimum);
        expect(line.charge).toBe(atMinimum.charge);
      }),
    );
  });
});
