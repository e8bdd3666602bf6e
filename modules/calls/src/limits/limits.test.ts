import { balanceManagementFields, balanceManagementOf } from './balance-management';
import { KAZOO_LIMIT_DEFAULTS, limitsOf } from './limits';

const ACCOUNT = 'a'.repeat(32);

describe('limits as jonny5 reads them', () => {
  test('an account without a limits doc gets the defaults (twoway unlimited, no postpay, $0.50 reserve)', () => {
    const l = limitsOf(ACCOUNT, undefined, KAZOO_LIMIT_DEFAULTS);
    expect(l).toMatchObject({ twowayTrunks: -1, inboundTrunks: 0, allowPrepay: true, allowPostpay: false, reserveUnits: 5000, maxPostpayUnits: 0 });
  });

  test('a private trunk limit caps the public one, a private 0 forbids, a larger private one does not raise it', () => {
    expect(limitsOf(ACCOUNT, { twoway_trunks: 5, pvt_twoway_trunks: 2 }, KAZOO_LIMIT_DEFAULTS).twowayTrunks).toBe(2);
    expect(limitsOf(ACCOUNT, { twoway_trunks: 5, pvt_twoway_trunks: 0 }, KAZOO_LIMIT_DEFAULTS).twowayTrunks).toBe(0);
    expect(limitsOf(ACCOUNT, { twoway_trunks: 5, pvt_twoway_trunks: 9 }, KAZOO_LIMIT_DEFAULTS).twowayTrunks).toBe(5);
    expect(limitsOf(ACCOUNT, { twoway_trunks: 1 }, KAZOO_LIMIT_DEFAULTS).twowayTrunks).toBe(1);
    // Kazoo would let twoway's unlimited default win over the reseller's cap
    expect(limitsOf(ACCOUNT, { pvt_twoway_trunks: 2 }, KAZOO_LIMIT_DEFAULTS).twowayTrunks).toBe(2);
  });

  test('calls: a private limit wins only when tighter or the public one is unlimited', () => {
    expect(limitsOf(ACCOUNT, { calls: 10, pvt_calls: 3 }, KAZOO_LIMIT_DEFAULTS).calls).toBe(3);
    expect(limitsOf(ACCOUNT, { calls: 3, pvt_calls: 10 }, KAZOO_LIMIT_DEFAULTS).calls).toBe(3);
    expect(limitsOf(ACCOUNT, { calls: -1, pvt_calls: 10 }, KAZOO_LIMIT_DEFAULTS).calls).toBe(10);
  });

  test('amounts: an integer is units, a fraction dollars, the sign dropped; postpay only from the private field', () => {
    expect(limitsOf(ACCOUNT, { pvt_max_postpay_amount: -250000 }, KAZOO_LIMIT_DEFAULTS).maxPostpayUnits).toBe(250000);
    expect(limitsOf(ACCOUNT, { pvt_reserve_amount: 0.25 }, KAZOO_LIMIT_DEFAULTS).reserveUnits).toBe(2500);
    expect(limitsOf(ACCOUNT, { allow_postpay: true }, KAZOO_LIMIT_DEFAULTS).allowPostpay).toBe(false);
    expect(limitsOf(ACCOUNT, { allow_prepay: false }, KAZOO_LIMIT_DEFAULTS).allowPrepay).toBe(false);
  });

  test('balance_management maps onto the private soft limits and reads back from them', () => {
    expect(balanceManagementOf(balanceManagementFields('soft'))).toBe('soft');
    expect(balanceManagementOf(balanceManagementFields('hard'))).toBe('hard');
    expect(balanceManagementOf({ pvt_soft_limit_inbound: true })).toBe('hard');
    const l = limitsOf(ACCOUNT, balanceManagementFields('soft'), KAZOO_LIMIT_DEFAULTS);
    expect([l.softLimitInbound, l.softLimitOutbound]).toEqual([true, true]);
  });
});
