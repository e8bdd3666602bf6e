import { toGregorian } from '@tollgate/kazoo-db';
import type { StoredCdr } from './cdr-doc';
import { cdrColumns, cdrDetail, cdrRow, seesResellerCost } from './cdr-columns';

const M = 'm'.repeat(32);
const R1 = 'a'.repeat(32);
const R2 = 'b'.repeat(32);
const C = 'c'.repeat(32);
const viewer = (accountId: string, isSuperduperAdmin = false) => ({ accountId, isSuperduperAdmin });

describe("who sees what a call cost the reseller (master M → reseller R1 → sub-reseller R2 → customer C → sub-account D)", () => {
  const treeOfC = [M, R1, R2];
  const treeOfD = [M, R1, R2, C];
  test('the reseller and those above it do; the customer and anything below the reseller do not', () => {
    expect(seesResellerCost(viewer(R2), treeOfC, R2)).toBe(true);
    expect(seesResellerCost(viewer(R1), treeOfC, R2)).toBe(true);
    expect(seesResellerCost(viewer(M), treeOfC, R2)).toBe(true);
    expect(seesResellerCost(viewer(C), treeOfC, R2)).toBe(false);
    // C reading its sub-account's calls: still below the reseller
    expect(seesResellerCost(viewer(C), treeOfD, R2)).toBe(false);
    // a reseller reading its own calls does not see its provider's cost
    expect(seesResellerCost(viewer(R2), [M, R1], R1)).toBe(false);
  });
  test('a superduper_admin always does; nobody else when the reseller is unknown or not in the tree (a moved account)', () => {
    expect(seesResellerCost(viewer(C, true), treeOfC, R2)).toBe(true);
    expect(seesResellerCost(viewer(R1), treeOfC, undefined)).toBe(false);
    expect(seesResellerCost(viewer(R1), treeOfC, 'e'.repeat(32))).toBe(false);
  });
});

// A call that ended 2024-03-05 14:30:10 UTC after 100 s (95 billed), on $0.0138/min.
const ended = toGregorian(new Date(Date.UTC(2024, 2, 5, 14, 30, 10)));
const cdr: StoredCdr = {
  _id: '202403-call-1',
  _rev: '1-x',
  pvt_type: 'cdr',
  pvt_created: ended,
  call_id: 'call-1',
  caller_id_number: '+14155550000',
  caller_id_name: 'Caller',
  callee_id_number: '+15035551234',
  duration_seconds: 100,
  billing_seconds: 95,
  timestamp: ended,
  hangup_cause: 'NORMAL_CLEARING',
  to: '+15035551234@example.com',
  from: '+14155550000@example.com',
  from_uri: '+14155550000@example.com',
  request: '+15035551234@example.com',
  call_direction: 'outbound',
  custom_channel_vars: { account_id: C, authorizing_id: C, account_billing: 'per_minute', reseller_billing: 'per_minute', reseller_id: R2, rate: '138', rate_name: 'US-503', base_cost: '138', pvt_cost: '90', owner_id: 'u1' },
  pvt_tollgate_billing: { sell: 221, cost: 144, profit: 77, reseller_id: R2, rate_source: 'exact', billed_seconds: 96 },
};

test("a customer's row: Kazoo's columns in order, its charge in dollars, no cost and no profit anywhere", () => {
  const row = cdrRow(cdr, { resellerView: false, costVisible: false });
  expect(Object.keys(row)).toEqual(cdrColumns(false));
  expect(Object.keys(row).filter((k) => /cost|profit/.test(k))).toEqual([]);
  expect(row).toMatchObject({
    id: '202403-call-1',
    charge: 0.0221,
    rate: 0.0138,
    rate_name: 'US-503',
    call_type: 'per_minute',
    owner_id: 'u1',
    // Kazoo leaves authorizing_id empty when the account itself authorized the call
    authorizing_id: '',
    dialed_number: '+15035551234',
    calling_from: '+14155550000',
    // the call's start: the CDR's timestamp minus its duration
    timestamp: ended - 100,
    datetime: '2024-03-05 14:28:30',
    unix_timestamp: Date.UTC(2024, 2, 5, 14, 28, 30) / 1000,
    rfc_1036: 'Tue, 05 Mar 2024 14:28:30 GMT',
    iso_8601: '2024-03-05',
    iso_8601_combined: '2024-03-05T14:28:30Z',
    media_recordings: [],
    disposition: '',
  });
  expect(cdrRow(cdr, { resellerView: false, costVisible: false, utcOffset: -3600 }).datetime).toBe('2024-03-05 13:28:30');
});

test("the reseller's row adds its cost, Kazoo's reseller_call_type and the profit; a row it may not see keeps them empty", () => {
  expect(cdrRow(cdr, { resellerView: true, costVisible: true })).toMatchObject({ charge: 0.0221, reseller_cost: 0.0144, reseller_call_type: 'per_minute', profit: 0.0077 });
  expect(Object.keys(cdrRow(cdr, { resellerView: true, costVisible: true }))).toEqual(cdrColumns(true));
  expect(cdrRow(cdr, { resellerView: true, costVisible: false })).toMatchObject({ reseller_cost: '', reseller_call_type: '', profit: '' });
  // a CDR the charging did not price (not per-minute): nothing charged
  const { pvt_tollgate_billing, ...unpriced } = cdr;
  expect(cdrRow(unpriced as StoredCdr, { resellerView: true, costVisible: true })).toMatchObject({ charge: 0, reseller_cost: 0, profit: 0 });
});

test('one CDR in full: public fields, the charge; never the private money key, private channel vars, or (below the reseller) any cost', () => {
  const customer = cdrDetail(cdr, false);
  expect(customer).toMatchObject({ id: '202403-call-1', call_id: 'call-1', charge: 0.0221 });
  expect(JSON.stringify(customer)).not.toMatch(/cost|profit|pvt_|_rev/);
  expect(customer.custom_channel_vars).toEqual({ account_id: C, authorizing_id: C, account_billing: 'per_minute', reseller_billing: 'per_minute', reseller_id: R2, rate: '138', rate_name: 'US-503', owner_id: 'u1' });
  const reseller = cdrDetail(cdr, true);
  expect(reseller).toMatchObject({ charge: 0.0221, reseller_cost: 0.0144, profit: 0.0077, custom_channel_vars: { base_cost: '138' } });
  expect(JSON.stringify(reseller)).not.toMatch(/pvt_/);
});
