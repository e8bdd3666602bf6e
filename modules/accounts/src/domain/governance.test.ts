import fc from 'fast-check';
import type { AccountDoc } from './account-doc';
import { fitsQuota, liveReservations, overQuota, parseQuotas, pendingUnits, type Reservation } from './quota-rules';
import { inactiveOnPath, isResellerActive, resellerActiveChange, resellerInactiveError } from './reseller-active';

const doc = (id: string, extra: Partial<AccountDoc> = {}): AccountDoc => ({ _id: id, name: `Acct ${id}`, ...extra });

describe('reseller_active', () => {
  test('absent is active; only false is inactive', () => {
    expect(isResellerActive(doc('a'))).toBe(true);
    expect(isResellerActive(doc('a', { pvt_reseller_active: true }))).toBe(true);
    expect(isResellerActive(doc('a', { pvt_reseller_active: false }))).toBe(false);
  });

  test('absent or the current value is ignored; another value needs a superduper_admin; a non-boolean is 400 on the field', () => {
    const active = doc('r');
    expect(resellerActiveChange(active, undefined, false)).toBeUndefined();
    expect(resellerActiveChange(active, true, false)).toBeUndefined();
    expect(resellerActiveChange(doc('r', { pvt_reseller_active: false }), false, false)).toBeUndefined();
    expect(() => resellerActiveChange(active, false, false)).toThrow(expect.objectContaining({ code: 403 }));
    expect(resellerActiveChange(active, false, true)).toBe(false);
    expect(resellerActiveChange(doc('r', { pvt_reseller_active: false }), true, true)).toBe(true);
    expect(() => resellerActiveChange(doc('m', { pvt_superduper_admin: true }), false, true)).toThrow(expect.objectContaining({ code: 403 }));
    expect(() => resellerActiveChange(active, 'no', true)).toThrow(expect.objectContaining({ code: 400, data: { reseller_active: expect.anything() } }));
  });

  test('the first inactive account on the path is named in the 403', () => {
    const path = [doc('c'), doc('r', { pvt_reseller_active: false }), doc('m')];
    expect(inactiveOnPath(path)?._id).toBe('r');
    expect(inactiveOnPath([doc('c'), doc('m')])).toBeUndefined();
    const err = resellerInactiveError(doc('r', { pvt_reseller_active: false }));
    expect(err.code).toBe(403);
    expect(err.data).toMatchObject({ cause: 'r', message: expect.stringContaining('reseller r (Acct r) is inactive') });
  });
});

describe('quotas', () => {
  test('parse: whole numbers >= 0 per known kind; every bad field named at once; read-only fields ignored', () => {
    expect(parseQuotas({ accounts: 0, users: 3, usage: { users: 1 }, over_quota: [], id: 'x' })).toEqual({ ok: true, quotas: { accounts: 0, users: 3 } });
    expect(parseQuotas(undefined)).toEqual({ ok: true, quotas: {} });
    const bad = parseQuotas({ users: -1, devices: 2.5, phone_numbers: '3', dns_zones: 1, accounts: 4 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(Object.keys(bad.errors).sort()).toEqual(['devices', 'dns_zones', 'phone_numbers', 'users']);
      expect(bad.errors.users).toHaveProperty('minimum');
      expect(bad.errors.devices).toHaveProperty('type');
      expect(bad.errors.dns_zones).toHaveProperty('additionalProperties');
    }
    expect(parseQuotas([1]).ok).toBe(false);
  });

  test('a create fits when held + in flight + new <= maximum; no maximum: always', () => {
    expect(fitsQuota(undefined, 1e9, 5, 1)).toBe(true);
    expect(fitsQuota(3, 2, 0, 1)).toBe(true);
    expect(fitsQuota(3, 2, 1, 1)).toBe(false);
    expect(fitsQuota(0, 0, 0, 0)).toBe(true);
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.integer({ min: 1, max: 5 }), (max, used, pending, units) => {
        expect(fitsQuota(max, used, pending, units)).toBe(used + pending + units <= max);
      }),
    );
  });

  test('reservations count for their kind until they lapse', () => {
    const r = (kind: Reservation['kind'], expires: number, units = 1): Reservation => ({ kind, units, account_id: 'a', expires });
    const all = { a: r('phone_numbers', 200), b: r('phone_numbers', 100), c: r('users', 300, 2) };
    expect(pendingUnits(all, 'phone_numbers', 150)).toBe(1);
    expect(pendingUnits(all, 'users', 150)).toBe(2);
    expect(Object.keys(liveReservations(all, 150))).toEqual(['a', 'c']);
  });

  test('over quota: the kinds whose usage is above a maximum set', () => {
    expect(overQuota({ users: 2, phone_numbers: 5 }, { accounts: 9, users: 3, devices: 0, phone_numbers: 5 })).toEqual(['users']);
    expect(overQuota({}, { accounts: 9, users: 3, devices: 0, phone_numbers: 5 })).toEqual([]);
  });
});
