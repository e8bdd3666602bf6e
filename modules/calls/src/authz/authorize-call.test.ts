import { callCost } from '@tollgate/money';
import { KAZOO_LIMIT_DEFAULTS, type LimitsDoc, limitsOf } from '../limits/limits';
import { balanceManagementFields } from '../limits/balance-management';
import { type AccountUsage, type ActiveCall, ActiveCalls, runningCallCost } from './active-calls';
import { type AuthzRequest, ccvRateOf } from './authz-request';
import { authorizeCall, hasCredit, isFlatRateNumber, type PartyState } from './authorize-call';
import { maxCallSeconds } from './max-call-seconds';

const A = 'a'.repeat(32);
const R = 'b'.repeat(32);
const NO_USE: AccountUsage = { calls: 0, resourceConsuming: 0, inboundFlatRate: 0, outboundFlatRate: 0, perMinuteCostUnits: 0 };

function req(over: Partial<AuthzRequest> = {}): AuthzRequest {
  return { callId: 'c1', direction: 'outbound', accountId: A, resellerId: R, accountBilling: 'limits_enforced', resellerBilling: 'limits_enforced', number: '+15035551234', ccvs: {}, ...over };
}

function party(id: string, doc: LimitsDoc, balanceUnits: number, usage: Partial<AccountUsage> = {}): PartyState {
  return { limits: limitsOf(id, doc, KAZOO_LIMIT_DEFAULTS), balanceUnits, usage: { ...NO_USE, ...usage } };
}

// Per-minute only: no trunks (Kazoo's default twoway_trunks -1 would make every US call flat rate).
const PER_MINUTE: LimitsDoc = { twoway_trunks: 0 };
const OPEN_RESELLER = party(R, {}, 0);

describe('authorizeCall (j5_authz_req)', () => {
  test('prepay: authorized while balance − running calls − reserve > 0, per_minute billing', () => {
    const d = authorizeCall(req(), { account: party(A, PER_MINUTE, 10_000), reseller: OPEN_RESELLER });
    expect(d).toMatchObject({ isAuthorized: true, softLimit: false, accountBilling: 'per_minute', resellerBilling: 'flat_rate', prepaid: [{ accountId: A, availableUnits: 10_000 }] });
    // $0.50 reserve (5,000 units): 5,000 is not enough, 5,001 is.
    expect(authorizeCall(req(), { account: party(A, PER_MINUTE, 5_000), reseller: OPEN_RESELLER }).isAuthorized).toBe(false);
    expect(authorizeCall(req(), { account: party(A, PER_MINUTE, 5_001), reseller: OPEN_RESELLER }).isAuthorized).toBe(true);
    // The running per-minute calls' estimated cost is taken off first.
    expect(authorizeCall(req(), { account: party(A, PER_MINUTE, 10_000, { perMinuteCostUnits: 5_000 }), reseller: OPEN_RESELLER }).isAuthorized).toBe(false);
  });

  test('postpay: authorized while above −max_postpay', () => {
    const doc = { ...PER_MINUTE, pvt_allow_postpay: true, pvt_max_postpay_amount: 100_000 };
    expect(authorizeCall(req(), { account: party(A, doc, -90_000), reseller: OPEN_RESELLER })).toMatchObject({ isAuthorized: true, accountBilling: 'per_minute', prepaid: [] });
    expect(authorizeCall(req(), { account: party(A, doc, -96_000), reseller: OPEN_RESELLER }).isAuthorized).toBe(false);
  });

  test('hard balance management refuses at zero; soft answers Soft-Limit true and bills per minute', () => {
    const hard = authorizeCall(req(), { account: party(A, { ...PER_MINUTE, ...balanceManagementFields('hard') }, 0), reseller: OPEN_RESELLER });
    expect(hard).toMatchObject({ isAuthorized: false, softLimit: false, accountBilling: 'limits_enforced' });
    const soft = authorizeCall(req(), { account: party(A, { ...PER_MINUTE, ...balanceManagementFields('soft') }, 0), reseller: OPEN_RESELLER });
    expect(soft).toMatchObject({ isAuthorized: false, softLimit: true, accountBilling: 'per_minute', prepaid: [] });
    // A soft limit on the other direction only does not help.
    const inboundOnly = authorizeCall(req(), { account: party(A, { ...PER_MINUTE, pvt_soft_limit_inbound: true }, 0), reseller: OPEN_RESELLER });
    expect(inboundOnly.softLimit).toBe(false);
  });

  test('flat rate trunks as j5_flat_rate counts them: twoway, then burst', () => {
    const doc = { twoway_trunks: 1 };
    expect(authorizeCall(req(), { account: party(A, doc, 0), reseller: OPEN_RESELLER })).toMatchObject({ isAuthorized: true, accountBilling: 'flat_rate' });
    expect(authorizeCall(req(), { account: party(A, doc, 0, { outboundFlatRate: 1 }), reseller: OPEN_RESELLER }).isAuthorized).toBe(false);
    // With balance, the call over the trunks goes per minute.
    expect(authorizeCall(req(), { account: party(A, doc, 100_000, { outboundFlatRate: 1 }), reseller: OPEN_RESELLER }).accountBilling).toBe('per_minute');
    expect(authorizeCall(req(), { account: party(A, { ...doc, burst_trunks: 1 }, 0, { outboundFlatRate: 1 }), reseller: OPEN_RESELLER }).accountBilling).toBe('flat_rate_burst');
    // Inbound trunks carry inbound calls only; outbound ones outbound calls only.
    expect(authorizeCall(req({ direction: 'inbound' }), { account: party(A, { twoway_trunks: 0, inbound_trunks: 1 }, 0), reseller: OPEN_RESELLER }).accountBilling).toBe('flat_rate');
    expect(authorizeCall(req(), { account: party(A, { twoway_trunks: 0, inbound_trunks: 1 }, 0), reseller: OPEN_RESELLER }).isAuthorized).toBe(false);
    // A number off the whitelist (or on the blacklist) never rides a trunk.
    expect(isFlatRateNumber('+442071234567', { whitelist: '^\\+1\\d{10}$', blacklist: '' })).toBe(false);
    expect(isFlatRateNumber('18005551234', { whitelist: '^\\+1\\d{10}$', blacklist: '^\\+1800' })).toBe(false);
    expect(isFlatRateNumber('5035551234', { whitelist: '^\\+1\\d{10}$', blacklist: '' })).toBe(true);
  });

  test('calls and resource_consuming_calls are hard limits (this call counted)', () => {
    const doc = { calls: 2 };
    expect(authorizeCall(req(), { account: party(A, doc, 0, { calls: 1 }), reseller: OPEN_RESELLER }).isAuthorized).toBe(true);
    expect(authorizeCall(req(), { account: party(A, doc, 0, { calls: 2 }), reseller: OPEN_RESELLER })).toMatchObject({ isAuthorized: false, accountBilling: 'hard_limit' });
    expect(authorizeCall(req(), { account: party(A, { calls: 0 }, 0), reseller: OPEN_RESELLER }).isAuthorized).toBe(false);
    expect(authorizeCall(req(), { account: party(A, { resource_consuming_calls: 1 }, 0, { resourceConsuming: 1 }), reseller: OPEN_RESELLER }).accountBilling).toBe('hard_limit');
  });

  test('the reseller is checked after the account, and only when it is another account', () => {
    const broke = party(R, PER_MINUTE, 0);
    const d = authorizeCall(req(), { account: party(A, PER_MINUTE, 100_000), reseller: broke });
    expect(d).toMatchObject({ isAuthorized: false, accountBilling: 'per_minute', resellerBilling: 'limits_enforced', resellerId: R, prepaid: [] });
    const both = authorizeCall(req(), { account: party(A, PER_MINUTE, 100_000), reseller: party(R, PER_MINUTE, 20_000) });
    expect(both.prepaid.map((p) => p.accountId)).toEqual([A, R]);
    const own = authorizeCall(req({ resellerId: A }), { account: party(A, PER_MINUTE, 100_000) });
    expect(own).toMatchObject({ isAuthorized: true, resellerBilling: 'limits_disabled' });
    // Disabled limits authorize (limits_disabled).
    expect(authorizeCall(req(), { account: party(A, { pvt_enabled: false }, 0), reseller: OPEN_RESELLER }).accountBilling).toBe('limits_disabled');
  });

  test('balance_check: credit with no reserve', () => {
    expect(hasCredit(party(A, PER_MINUTE, 1))).toBe(true);
    expect(hasCredit(party(A, PER_MINUTE, 0))).toBe(false);
    expect(hasCredit(party(A, { ...PER_MINUTE, pvt_allow_postpay: true, pvt_max_postpay_amount: 10 }, 0))).toBe(true);
  });
});

describe('ActiveCalls (j5_channels)', () => {
  const call = (id: string, over: Partial<ActiveCall> = {}): ActiveCall => ({ callId: id, direction: 'outbound', accountId: A, accountBilling: 'flat_rate', resellerId: R, resellerBilling: 'per_minute', authorizedAt: 0, ...over });

  test('counts per account and as reseller; two legs of one call count once; a destroy removes', () => {
    const t = new ActiveCalls(() => 3_600_000);
    t.authorized(call('a-leg', { direction: 'inbound' }));
    t.authorized(call('b-leg', { otherLegCallId: 'a-leg' }));
    t.authorized(call('other', { accountBilling: 'limits_disabled' }));
    expect(t.usage(A, 0)).toMatchObject({ calls: 2, resourceConsuming: 1, inboundFlatRate: 1, outboundFlatRate: 1 });
    expect(t.usage(R, 0)).toMatchObject({ calls: 2, resourceConsuming: 2, inboundFlatRate: 0 });
    // The request's own legs are left out.
    expect(t.usage(A, 0, ['a-leg']).calls).toBe(1);
    t.destroy('b-leg', 0);
    expect(t.usage(A, 0)).toMatchObject({ calls: 2, outboundFlatRate: 0 });
  });

  test('a destroy before its authorization wins; calls expire after the max age', () => {
    const t = new ActiveCalls(() => 60_000);
    t.destroy('late', 0);
    expect(t.authorized(call('late'))).toBe(false);
    t.authorized(call('old', { authorizedAt: 0 }));
    t.authorized(call('new', { authorizedAt: 50_000 }));
    expect(t.expire(70_000).map((c) => c.callId)).toEqual(['old']);
    expect(t.has('new')).toBe(true);
  });

  test('running per-minute calls are estimated a minute ahead at their rate', () => {
    const t = new ActiveCalls(() => 3_600_000);
    const rate = ccvRateOf({ Rate: '600', 'Rate-Increment': '60' });
    t.authorized(call('pm', { accountBilling: 'per_minute', rate, authorizedAt: 0 }));
    // 30 s in + 60 s ahead = 90 s → two 60 s increments at $0.06/min = 1,200 units.
    expect(t.usage(A, 30_000).perMinuteCostUnits).toBe(1_200);
  });
});

describe('maxCallSeconds (Max-Call-Seconds)', () => {
  test('the seconds a balance affords with increment, minimum, no-charge time and surcharge', () => {
    const perSecond = ccvRateOf({ Rate: '600', 'Rate-Increment': '1' });
    if (!perSecond) throw new Error('no rate');
    // $0.06/min = 10 units/s: 1,000 units = 100 s.
    expect(maxCallSeconds(perSecond, 1_000)).toBe(100);
    const sixes = ccvRateOf({ Rate: '600', 'Rate-Increment': '6', 'Rate-NoCharge-Time': '5', Surcharge: '100' });
    if (!sixes) throw new Error('no rate');
    // 100 units surcharge; 900 units left = 90 s in 6 s steps.
    expect(maxCallSeconds(sixes, 1_000)).toBe(90);
    // Nothing affordable but the no-charge time.
    expect(maxCallSeconds(sixes, 50)).toBe(5);
    expect(maxCallSeconds({ rate: { costPerMinute: '0', surcharge: '0', incrementSeconds: 1, minimumSeconds: 0, noChargeSeconds: 0 }, discountPercent: 0 }, 10)).toBeUndefined();
  });
});

describe('maxCallSeconds against a plain search', () => {
  /** The longest duration with callCost ≤ available, by walking every second (the answers here stay under 1,500 s). */
  function walked(r: NonNullable<ReturnType<typeof ccvRateOf>>, available: number): number {
    // The cost never falls as the call goes on: the first second too dear ends the walk.
    let s = r.rate.noChargeSeconds + 1;
    while (s <= 1500 && callCost(r.rate, s, { discountPercent: r.discountPercent }) <= available) s++;
    return s - 1;
  }

  test('the same answer for many rates and balances', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 200; i++) {
      const r = ccvRateOf({
        Rate: String(100 + rand(2000)),
        'Rate-Increment': String([1, 6, 30, 60][rand(4)]),
        'Rate-Minimum': String([0, 0, 30, 60][rand(4)]),
        'Rate-NoCharge-Time': String([0, 0, 5, 10][rand(4)]),
        Surcharge: String([0, 0, 50, 500][rand(4)]),
        'Discount-Percentage': String([0, 0, 10, 33][rand(4)]),
      });
      if (!r) throw new Error('no rate');
      const available = rand(500);
      expect([i, maxCallSeconds(r, available)]).toEqual([i, walked(r, available)]);
    }
  });
});

describe('ActiveCalls counts kept as calls come and go', () => {
  /** j5_channels' counts walked over every call, as Kazoo's ets selects do. */
  function walked(t: ActiveCalls, accountId: string, nowMs: number, exclude: string[]): AccountUsage {
    const out: AccountUsage = { ...NO_USE };
    const unique = new Set<string>();
    const consuming = new Set<string>();
    for (const c of t.all()) {
      if (c.accountId !== accountId && c.resellerId !== accountId) continue;
      if (exclude.includes(c.callId) || (c.otherLegCallId !== undefined && exclude.includes(c.otherLegCallId))) continue;
      const billing = c.accountId === accountId ? c.accountBilling : c.resellerBilling;
      const key = c.otherLegCallId ?? c.callId;
      unique.add(key);
      if (billing !== undefined && billing !== 'limits_disabled') consuming.add(key);
      if (billing === 'flat_rate' || billing === 'flat_rate_burst') {
        if (c.direction === 'inbound') out.inboundFlatRate++;
        else out.outboundFlatRate++;
      }
      if (billing === 'per_minute') out.perMinuteCostUnits += runningCallCost(c, Math.floor(nowMs / 1000) * 1000);
    }
    return { ...out, calls: unique.size, resourceConsuming: consuming.size };
  }

  test('the same counts as walking every call, through random authorizations, destroys and expiries', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const t = new ActiveCalls(() => 600_000);
    const billings = ['per_minute', 'flat_rate', 'flat_rate_burst', 'limits_disabled', 'limits_enforced'];
    const rate = ccvRateOf({ Rate: '138', 'Rate-Increment': '6' });
    let now = 0;
    for (let step = 0; step < 2000; step++) {
      now += rand(2000);
      const id = `c${rand(60)}`;
      const op = rand(10);
      if (op < 6) {
        t.authorized({
          callId: id,
          otherLegCallId: rand(3) === 0 ? `c${rand(60)}` : undefined,
          direction: rand(2) === 0 ? 'inbound' : 'outbound',
          accountId: rand(2) === 0 ? A : 'c'.repeat(32),
          accountBilling: billings[rand(5)],
          resellerId: R,
          resellerBilling: billings[rand(5)],
          authorizedAt: now,
          rate,
        });
      } else if (op < 9) t.destroy(id, now);
      else t.expire(now);
      const exclude = [`c${rand(60)}`, `c${rand(60)}`];
      for (const account of [A, R]) expect([step, account, t.usage(account, now, exclude)]).toEqual([step, account, walked(t, account, now, exclude)]);
    }
  });
});
