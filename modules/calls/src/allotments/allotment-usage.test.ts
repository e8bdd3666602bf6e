// Consumption against a real CouchDB: calls of one account in one batch consume in order; a call
// whose consumption was written before (redelivery, a batch written again after a crash) is
// charged as the first time; a batch under way is seen by the next before it is written.
import { accountDbName, modbName, toGregorian } from '@tollgate/kazoo-db';
import type { KazooMessage } from '@tollgate/kazoo-bus';
import { randomHex, TestCouch } from '@tollgate/testing';
import { finishedCallOf } from '../charge/finished-call';
import { saveConsumptions } from './allotment-store';
import { AllotmentUsage } from './allotment-usage';
import { allotmentsOf } from './allotments';

const couch = new TestCouch();
afterAll(async () => couch.cleanup());

const AT = toGregorian(new Date(Date.UTC(2024, 4, 15, 12, 0, 0)));
const ALLOTMENTS = allotmentsOf({ package: { amount: 600, increment: 60, minimum: 60, any_destination: true } });

function account(): string {
  const id = randomHex(16);
  couch.track(accountDbName(id), modbName(id, { year: 2024, month: 5 }));
  return id;
}

function call(accountId: string, callId: string, seconds: number, at: number) {
  const event: KazooMessage = {
    'Call-ID': callId,
    'Call-Direction': 'outbound',
    'Billing-Seconds': String(seconds),
    Timestamp: at,
    'Custom-Channel-Vars': { 'Account-ID': accountId, 'Account-Billing': 'per_minute', Rate: '100', 'E164-Destination': '+15035551234' },
  };
  return { call: finishedCallOf(event) };
}

const usage = () => new AllotmentUsage({ couch, allotmentsOf: async () => ALLOTMENTS });
const summary = (plans: Awaited<ReturnType<AllotmentUsage['plan']>>) => Object.fromEntries([...plans].map(([id, p]) => [id, [p.consumption.consumed, p.consumption.remainder, p.reused]]));

test('two calls of one account in one batch consume in order of their end; the third gets what is left', async () => {
  const acct = account();
  const u = usage();
  // Out of order in the batch: ordered by end time.
  const plans = await u.plan([call(acct, 'c', 180, AT + 2), call(acct, 'a', 191, AT), call(acct, 'b', 191, AT + 1)]);
  expect(summary(plans)).toEqual({ a: [240, 0, false], b: [240, 0, false], c: [120, 60, false] });
});

test('a batch under way is seen by the next one; once written, a redelivery reuses what was recorded', async () => {
  const acct = account();
  const u = usage();
  const first = await u.plan([call(acct, 'a', 191, AT), call(acct, 'b', 191, AT + 1)]);
  // The second batch is priced while the first is being written.
  const second = await u.plan([call(acct, 'c', 180, AT + 2)]);
  expect(summary(second)).toEqual({ c: [120, 60, false] });
  await saveConsumptions({ couch }, [...first.values(), ...second.values()].map((p) => p.write));
  u.written([...first.values(), ...second.values()]);
  // Another instance (nothing pending) sees the same from CouchDB; the redelivered call is charged the same.
  const again = await usage().plan([call(acct, 'c', 180, AT + 2), call(acct, 'd', 30, AT + 3)]);
  expect(summary(again)).toEqual({ c: [120, 60, true] });
  // Written again (a crash after the consumption was written): nothing new.
  expect(await saveConsumptions({ couch }, [...again.values()].map((p) => p.write))).toBe(0);
  const doc = await couch.get(modbName(acct, { year: 2024, month: 5 }), 'c-allotment-consumption');
  expect(doc).toMatchObject({ pvt_type: 'allotment_consumption', seconds: 120, classification: 'package', call_id: 'c', account_id: acct, pvt_created: AT + 2 });
});

test('a new cycle starts afresh; the same call id twice in one batch consumes once', async () => {
  const acct = account();
  couch.track(modbName(acct, { year: 2024, month: 6 }));
  const u = usage();
  const may = await u.plan([call(acct, 'a', 600, AT), call(acct, 'a', 600, AT)]);
  expect(summary(may)).toEqual({ a: [600, 0, true] });
  const june = toGregorian(new Date(Date.UTC(2024, 5, 1, 0, 0, 1)));
  expect(summary(await u.plan([call(acct, 'b', 60, june)]))).toEqual({ b: [60, 0, false] });
});
