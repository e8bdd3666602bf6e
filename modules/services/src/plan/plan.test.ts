import { effectiveRatedeck } from './effective-ratedeck';
import { mergePlans, mergeToSingle, mergeVendorPlans } from './merge-plans';
import type { ServicePlanDoc } from './types';
import { servicePlanErrors } from './validate-service-plan';

describe('service plan validation', () => {
  test("seed 001's bulk ratedeck plan and the 4.2 example plan are valid", () => {
    expect(servicePlanErrors({ name: 'Bulk Ratedeck Service Plan', plan: { ratedeck: { bulk: {} } } })).toBeUndefined();
    expect(
      servicePlanErrors({
        name: 'Example',
        plan: {
          devices: { _all: { name: 'SIP Device', as: 'sip_devices', cascade: true, rates: { '5': 0, '20': 24.95 }, exceptions: ['cellphone'] } },
          phone_numbers: { did_us: { rate: 1, cascade: false, discounts: { cumulative: { maximum: 2, rate: 0.5 } } }, tollfree_us: { rate: 5, minimum: 10 } },
        },
        bookkeepers: { braintree: { phone_numbers: { did_us: { plan: 'SIP_Services', addon: 'did_us', discounts: { cumulative: 'discount_did_us' } } } } },
        merge: { strategy: 'cumulative', priority: 1 },
      }),
    ).toBeUndefined();
  });

  test('bad plans are reported field by field in Kazoo’s shape', () => {
    expect(
      servicePlanErrors({
        plan: { phone_numbers: { did_us: { rate: -1, rates: { ten: 1 }, minimum: 1.5 } } },
        merge: { strategy: 'sometimes' },
      }),
    ).toEqual({
      name: { required: { message: 'Field is required but missing' } },
      'plan.phone_numbers.did_us.rate': { minimum: { message: 'Value must be at least 0', target: 0 } },
      'plan.phone_numbers.did_us.rates.ten': { pattern: { message: 'Tier keys must be whole quantities (digits only)' } },
      'plan.phone_numbers.did_us.minimum': { type: { message: 'Value did not match type(s): integer', target: 'integer' } },
      'merge.strategy': { enum: { message: 'Value not found in enumerated list of values', target: ['simple', 'cumulative'] } },
    });
    expect(servicePlanErrors({ name: 'x', plan: { users: { user: { rate: '5' } } } })).toEqual({
      'plan.users.user.rate': { type: { message: 'Value did not match type(s): number', target: 'number' } },
    });
  });
});

const p = (id: string, plan: ServicePlanDoc['plan'], merge?: ServicePlanDoc['merge']): ServicePlanDoc => ({ _id: id, name: id, plan, ...(merge ? { merge } : {}) });

describe('merging plans', () => {
  test('simple: the higher priority wins item field by field', () => {
    const merged = mergeVendorPlans([
      p('hi', { users: { user: { rate: 5 } } }, { strategy: 'simple', priority: 10 }),
      p('lo', { users: { user: { rate: 9, minimum: 2 } }, devices: { sip_device: { rate: 1 } } }, { strategy: 'simple', priority: 1 }),
    ]);
    expect(mergeToSingle(merged).plan).toEqual({ users: { user: { rate: 5, minimum: 2 } }, devices: { sip_device: { rate: 1 } } });
  });

  test('cumulative: minimums and maximums add up, tiers and exceptions union, cascade or-ed', () => {
    const [merged] = mergeVendorPlans([
      p('a', { users: { _all: { rate: 5, minimum: 2, exceptions: ['x'], rates: { '5': 4 }, discounts: { cumulative: { maximum: 3 } } } } }, { strategy: 'cumulative', priority: 2 }),
      p('b', { users: { _all: { rate: 7, minimum: 3, exceptions: ['y'], cascade: true, rates: { '10': 3 }, discounts: { cumulative: { maximum: 4 } } } } }, { strategy: 'cumulative', priority: 1 }),
    ]);
    expect(merged.plan.users._all).toEqual({
      rate: 5,
      minimum: 5,
      exceptions: ['x', 'y'],
      cascade: true,
      rates: { '5': 4, '10': 3 },
      discounts: { cumulative: { maximum: 7 } },
    });
  });

  test('strategies apply in their configured priority: the higher-priority strategy’s items come last and win', () => {
    const merged = mergePlans(
      [[p('s', { users: { user: { rate: 1 } } }), p('c', { users: { user: { rate: 2 } } }, { strategy: 'cumulative' })]],
      { simple: 25, cumulative: 50 },
    );
    expect(mergeToSingle(merged).plan.users.user.rate).toBe(2);
  });
});

describe('effective ratedeck', () => {
  const assigned = (id: string, plan: ServicePlanDoc['plan']) => ({ id, vendorId: 'v', doc: p(id, plan) });

  test("a plan's ratedeck category names the deck (seed 001)", () => {
    expect(effectiveRatedeck([assigned('plan_bulk_ratedeck', { ratedeck: { bulk: {} } }), assigned('other', { users: {} })])).toEqual({
      ok: true,
      ratedeck: { id: 'bulk', name: 'bulk' },
    });
    expect(effectiveRatedeck([assigned('other', { users: {} })])).toEqual({ ok: true, ratedeck: undefined });
  });

  test('two different decks are a 409 naming both plans', () => {
    const res = effectiveRatedeck([assigned('plan_bulk', { ratedeck: { bulk: {} } }), assigned('plan_retail', { ratedeck: { retail: {} } })]);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe(409);
    expect(res.error.data).toMatchObject({ plans: ['plan_bulk', 'plan_retail'], ratedecks: ['bulk', 'retail'] });
    expect((res.error.data as { message: string }).message).toContain('plan_bulk (bulk), plan_retail (retail)');
  });
});
