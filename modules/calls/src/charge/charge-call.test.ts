// What a finished call costs whom, from CHANNEL_DESTROY events as the switch sends them.
import type { KazooMessage } from '@tollgate/kazoo-bus';
import { modbName, toGregorian } from '@tollgate/kazoo-db';
import { ledgerDb } from '@tollgate/ledger';
import type { ExactRate } from './call-price';
import { chargeCall } from './charge-call';
import { finishedCallOf } from './finished-call';

const CUSTOMER = 'c'.repeat(32);
const RESELLER = 'e'.repeat(32);
const END = toGregorian(new Date(Date.UTC(2024, 0, 31, 23, 59, 0)));

function destroy(ccvs: Record<string, unknown> = {}, event: Record<string, unknown> = {}): KazooMessage {
  return {
    'Event-Category': 'call_event',
    'Event-Name': 'CHANNEL_DESTROY',
    'Call-ID': 'call-95s',
    'Call-Direction': 'outbound',
    'Billing-Seconds': '95',
    'Duration-Seconds': '101',
    Timestamp: END,
    Request: '+15035551234@sip.example.com',
    To: '+15035551234@sip.example.com',
    From: '+14155550000@sip.example.com',
    'Caller-ID-Number': '+14155550000',
    'Custom-Channel-Vars': {
      'Account-ID': CUSTOMER,
      'Reseller-ID': RESELLER,
      'Account-Billing': 'per_minute',
      'Reseller-Billing': 'per_minute',
      Rate: '138',
      'Rate-Increment': '6',
      'Rate-Minimum': '0',
      'Rate-NoCharge-Time': '0',
      Surcharge: '0',
      'Rate-Name': 'US-1503',
      ...ccvs,
    },
    ...event,
  };
}

const customerRate: ExactRate = { costPerMinute: '0.0138', surcharge: '0', increment: 6, minimum: 0, name: 'US-1503', callUnits: 221 };
const resellerRate: ExactRate = { costPerMinute: '0.009', surcharge: '0', increment: 1, minimum: 0, name: 'WHOLESALE-1', callUnits: 143 };

test('95 s at $0.0138/min in 6 s increments: 96 s billed, 221 units (half up, once); the reseller pays 143 on its own $0.0090/min deck', () => {
  const charge = chargeCall(finishedCallOf(destroy()), { customer: customerRate, reseller: resellerRate }, { customerName: 'Acme' });
  expect(charge?.sell).toMatchObject({ units: 221, billedSeconds: 96, source: 'exact', rate: { value: 138, per_minute: '0.0138', increment: 6 } });
  expect(charge?.cost).toMatchObject({ units: 143, billedSeconds: 95, source: 'exact', rate: { name: 'WHOLESALE-1', per_minute: '0.009', increment: 1 } });
  expect(charge?.profit).toBe(78);
  const customerLedger = charge?.customerLedger;
  expect(customerLedger).toMatchObject({
    _id: expect.stringMatching(/^202401-[0-9a-f]{32}$/),
    pvt_type: 'ledger',
    pvt_ledger_type: 'debit',
    amount: 221,
    account: { id: CUSTOMER, name: 'Acme' },
    source: { service: 'per-minute-voip', id: 'call-95s' },
    usage: { type: 'voice', quantity: 96, unit: 'sec' },
    period: { start: END - 101, end: END },
    description: 'US-1503',
    metadata: { to: '+15035551234@sip.example.com', from: '+14155550000@sip.example.com', direction: 'outbound', rate: { name: 'US-1503', value: 138, increment: 6, minimum: 0, nocharge_time: 0, source: 'exact' } },
    pvt_account_id: CUSTOMER,
  });
  expect(ledgerDb(customerLedger!)).toBe(modbName(CUSTOMER, { year: 2024, month: 1 }));
  // The reseller's entry: in its own MODB, naming the customer, at its cost.
  expect(charge?.resellerLedger).toMatchObject({ amount: 143, account: { id: CUSTOMER, name: 'Acme' }, pvt_account_id: RESELLER, usage: { quantity: 95 }, description: 'WHOLESALE-1' });
  expect(ledgerDb(charge!.resellerLedger!)).toBe(modbName(RESELLER, { year: 2024, month: 1 }));
});

test("a carrier's sub-unit rate is charged exactly when rating's rate is the switch's; otherwise the CCV's units are", () => {
  // $0.00125/min is 13 units/min on the wire (12.5 rounded): an hour is 750 units exactly, 780 on the CCV.
  const hour = destroy({ Rate: '13', 'Rate-Increment': '1' }, { 'Billing-Seconds': 3600 });
  const exact: ExactRate = { costPerMinute: '0.00125', surcharge: '0', increment: 1, minimum: 0, callUnits: 750 };
  expect(chargeCall(finishedCallOf(hour), { customer: exact })?.sell).toMatchObject({ units: 750, source: 'exact' });
  expect(chargeCall(finishedCallOf(hour), {})?.sell).toMatchObject({ units: 780, source: 'ccv' });
  // Rating now answers another increment (the deck changed since the call was rated): the CCV rules.
  expect(chargeCall(finishedCallOf(hour), { customer: { ...exact, increment: 60 } })?.sell).toMatchObject({ units: 780, source: 'ccv' });
  // …or another no-charge time (seen in rating's own price of the call).
  expect(chargeCall(finishedCallOf(hour), { customer: { ...exact, callUnits: 0 } })?.sell).toMatchObject({ units: 780, source: 'ccv' });
});

test('no charge within the no-charge time, for no billing seconds (offset included), or on a zero rate', () => {
  const none = (ccvs: Record<string, unknown>, event: Record<string, unknown> = {}) => chargeCall(finishedCallOf(destroy(ccvs, event)), {});
  expect(none({ 'Rate-NoCharge-Time': '95' })).toMatchObject({ sell: { units: 0, billedSeconds: 0 } });
  expect(none({ 'Rate-NoCharge-Time': '95' })?.customerLedger).toBeUndefined();
  expect(none({ 'Billing-Seconds-Offset': '95' })?.customerLedger).toBeUndefined();
  expect(none({}, { 'Billing-Seconds': '0' })?.customerLedger).toBeUndefined();
  expect(none({ Rate: '0', Surcharge: '500' })?.customerLedger).toBeUndefined();
  expect(none({ 'Billing-Seconds-Offset': '5' })?.sell).toMatchObject({ units: 207, billedSeconds: 90 });
});

test('the discount is taken before the one rounding; a surcharge is charged once', () => {
  expect(chargeCall(finishedCallOf(destroy({ 'Discount-Percentage': '10' })), {})?.sell.units).toBe(199);
  expect(chargeCall(finishedCallOf(destroy({ Surcharge: '500' })), {})?.sell.units).toBe(721);
});

test("entries follow jonny5's billing: the customer's only per_minute, the reseller's only per_minute and not for itself", () => {
  const flat = chargeCall(finishedCallOf(destroy({ 'Account-Billing': 'flat_rate' })), { reseller: resellerRate });
  expect(flat?.customerLedger).toBeUndefined();
  expect(flat?.resellerLedger).toMatchObject({ amount: 143 });
  const resellerFlat = chargeCall(finishedCallOf(destroy({ 'Reseller-Billing': 'limits_enforced' })), { reseller: resellerRate });
  expect(resellerFlat?.customerLedger).toMatchObject({ amount: 221 });
  expect(resellerFlat?.resellerLedger).toBeUndefined();
  expect(resellerFlat?.profit).toBe(78);
  const ownReseller = chargeCall(finishedCallOf(destroy({ 'Reseller-ID': CUSTOMER })), { reseller: resellerRate });
  expect(ownReseller?.resellerLedger).toBeUndefined();
  expect(ownReseller?.cost).toBeUndefined();
  expect(chargeCall(finishedCallOf(destroy({ 'Account-ID': undefined })), {})).toBeUndefined();
});

test('without a rate for the reseller it pays what the customer pays, as Kazoo charges it', () => {
  const charge = chargeCall(finishedCallOf(destroy()), { customer: customerRate });
  expect(charge?.cost).toMatchObject({ units: 221, source: 'exact' });
  expect(charge?.profit).toBe(0);
  expect(charge?.resellerLedger).toMatchObject({ amount: 221, pvt_account_id: RESELLER });
});

test('the same event always makes the same ids, however it is priced; the month is the call’s', () => {
  const first = chargeCall(finishedCallOf(destroy()), { customer: customerRate, reseller: resellerRate }, { customerName: 'Acme' });
  const again = chargeCall(finishedCallOf(destroy()), {}, { customerName: 'Acme Renamed', now: 1 });
  expect(again?.customerLedger?._id).toBe(first?.customerLedger?._id);
  expect(again?.resellerLedger?._id).toBe(first?.resellerLedger?._id);
  // Published again by another node, stamped a few seconds later: still the same call.
  expect(chargeCall(finishedCallOf(destroy({}, { Timestamp: END + 5 })), {})?.customerLedger?._id).toBe(first?.customerLedger?._id);
  const february = chargeCall(finishedCallOf(destroy({}, { Timestamp: END + 120 })), {});
  expect(february?.customerLedger?._id).toMatch(/^202402-/);
});

test('CCVs that are not whole numbers or account ids are reported and read as missing', () => {
  const call = finishedCallOf(destroy({ Rate: 'lots' }));
  expect(call.unreadable).toEqual(['Rate="lots"']);
  expect(finishedCallOf(destroy({ 'Account-ID': 'acme' })).unreadable).toEqual(['Account-ID="acme"']);
  expect(call.rate.rateUnits).toBe(0);
  expect(finishedCallOf(destroy({ 'E164-Destination': '+15035550000' })).number).toBe('+15035550000');
  expect(finishedCallOf(destroy()).number).toBe('+15035551234');
});

test('free minutes: the covered billing seconds are not charged; the rest on the rate (its minimum and increment), the reseller pays the whole call', () => {
  const call = finishedCallOf(destroy({ 'Rate-Minimum': '30', Surcharge: '500' }));
  // All of it covered: nothing, no entry for the customer; the reseller's cost is the whole call.
  const free = chargeCall(call, { customer: { ...customerRate, minimum: 30, surcharge: '0.05', callUnits: undefined }, reseller: resellerRate }, { allotment: { key: 'package', consumed: 120, covered: 95 } });
  expect(free?.sell).toMatchObject({ units: 0, billedSeconds: 0 });
  expect(free?.customerLedger).toBeUndefined();
  expect(free?.cost?.units).toBe(143);
  expect(free?.allotment).toEqual({ key: 'package', consumed: 120, covered: 95 });
  // 60 s covered: 35 s left, billed at the 30 s minimum then 6 s increments = 36 s at 0.0138 + $0.05 = 582.8 → 583.
  const part = chargeCall(call, { customer: { ...customerRate, minimum: 30, surcharge: '0.05', callUnits: undefined }, reseller: resellerRate }, { allotment: { key: 'package', consumed: 60, covered: 60 } });
  expect(part?.sell).toMatchObject({ units: 583, billedSeconds: 36 });
  expect(part?.customerLedger).toMatchObject({ amount: 583, usage: { quantity: 36 }, metadata: { allotment: { classification: 'package', seconds: 60, covered_seconds: 60 } } });
  expect(part?.cost?.units).toBe(143);
  expect(part?.profit).toBe(440);
});
