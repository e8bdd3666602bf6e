// The CHANNEL_DESTROY consumer against a real CouchDB on an in-process bus, rates from a plain
// lookup: what a finished call writes, once, whatever the deliveries; invalid messages dropped
// without holding the queue; the low balance alert right after a debit crosses the threshold.
import { bootstrapMaster, createAccount } from '@tollgate/accounts';
import { allotmentsOf, consumptionDoc, consumptionDocId, type ExactRate, saveAllotments, saveConsumptions } from '@tollgate/calls';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { type Bus, CALL_EVENT_EXCHANGE, CHANNEL_DESTROY, callEvent, callEventRoutingKey, createLocalBus, type KazooMessage, LocalBroker, LOW_BALANCE_ROUTING_KEY } from '@tollgate/kazoo-bus';
import { Couch, getLocalDoc, gregorianNow, modbName } from '@tollgate/kazoo-db';
import { modbReportCalls } from '@tollgate/reports';
import { balance, newTransaction, saveTransaction } from '@tollgate/ledger';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { randomHex, waitFor } from '@tollgate/testing';
import { type RunningCharging, startCharging } from '../start-charging';
import type { RateQuery } from './channel-destroy-rates';

let server: EmbeddedCouchDB;
let couch: Couch;
let config: SystemConfig;
let broker: LocalBroker;
let bus: Bus;
let switchBus: Bus;
let charging: RunningCharging;
let reseller: string;
let customer: string;
let frugal: string;
const alerts: KazooMessage[] = [];
const asked: RateQuery[] = [];
const refreshedCaches: string[] = [];

const RATES: Record<string, ExactRate> = {};

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  config = new SystemConfig({ couch, node: 'tollgate@charging-test' });
  await config.start();
  broker = new LocalBroker();
  bus = createLocalBus({ appName: 'charging', appVersion: '4.3.0', broker });
  switchBus = createLocalBus({ appName: 'ecallmgr', appVersion: '4.3.0', broker });
  await switchBus.consume({ bindings: [{ exchange: 'notifications', routingKey: LOW_BALANCE_ROUTING_KEY }] }, (msg) => {
    alerts.push(msg);
  });
  const deps = { couch, config, bus };
  const masterId = (await bootstrapMaster(deps, { accountName: 'Charging Master', username: 'admin', password: 'pw' })).accountId;
  reseller = String((await createAccount(deps, { parentId: masterId, data: { name: 'Reseller' } }))._id);
  customer = String((await createAccount(deps, { parentId: reseller, data: { name: 'Acme' } }))._id);
  frugal = String((await createAccount(deps, { parentId: reseller, data: { name: 'Frugal' } }))._id);
  RATES[customer] = { costPerMinute: '0.0138', surcharge: '0', increment: 6, minimum: 0, name: 'US-1503', callUnits: 221 };
  RATES[frugal] = RATES[customer];
  RATES[reseller] = { costPerMinute: '0.009', surcharge: '0', increment: 1, minimum: 0, name: 'WHOLESALE', callUnits: 143 };
  charging = await startCharging(
    { couch, bus, config, node: 'charging@test' },
    {
      rates: async (queries) => {
        asked.push(...queries);
        return queries.map((q) => RATES[q.accountId]);
      },
      reportCacheDelayMs: 50,
      onReportCacheRefreshed: (db) => refreshedCaches.push(db),
    },
  );
}, 60_000);

afterAll(async () => {
  await charging?.stop();
  await switchBus?.close();
  await bus?.close();
  await config?.stop();
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server?.close();
});

function destroyEvent(callId: string, ccvs: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): KazooMessage {
  return callEvent.build(
    {
      'Event-Name': CHANNEL_DESTROY,
      'Call-ID': callId,
      'Call-Direction': 'outbound',
      'Billing-Seconds': '95',
      'Duration-Seconds': '99',
      Timestamp: gregorianNow(),
      Request: '+15035551234@sip.example.com',
      'Custom-Channel-Vars': {
        'Account-ID': customer,
        'Reseller-ID': reseller,
        'Account-Billing': 'per_minute',
        'Reseller-Billing': 'per_minute',
        Rate: '138',
        'Rate-Increment': '6',
        'Rate-Minimum': '0',
        'Rate-NoCharge-Time': '0',
        'Rate-Name': 'US-1503',
        ...ccvs,
      },
      ...extra,
    },
    switchBus.envelope(),
  );
}

const publish = (event: KazooMessage) => switchBus.publish(CALL_EVENT_EXCHANGE, callEventRoutingKey(CHANNEL_DESTROY, String(event['Call-ID'])), event);

async function ledgersFor(accountId: string, callId: string): Promise<Record<string, unknown>[]> {
  const db = modbName(accountId, new Date());
  const docs = await couch.findOrEmpty(db, { pvt_type: 'ledger' });
  return docs.filter((d) => (d.source as { id?: string })?.id === callId);
}

const cdrOf = (callId: string) => couch.get(modbName(customer, new Date()), `${new Date().toISOString().slice(0, 7).replace('-', '')}-${callId}`);

test('a finished call: the customer debited the exact charge, the reseller its cost naming the customer, the CDR with the money', async () => {
  const before = await balance(couch, customer);
  const callId = `call-${randomHex(4)}`;
  await publish(destroyEvent(callId));
  const cdr = await waitFor('the CDR', () => cdrOf(callId));
  expect(cdr).toMatchObject({
    call_id: callId,
    pvt_type: 'cdr',
    pvt_account_id: customer,
    custom_channel_vars: { account_id: customer, rate: '138' },
    pvt_tollgate_billing: { sell: 221, cost: 143, profit: 78, reseller_id: reseller, rate_source: 'exact', cost_source: 'exact', billed_seconds: 96 },
  });
  expect(await ledgersFor(customer, callId)).toEqual([
    expect.objectContaining({ pvt_ledger_type: 'debit', amount: 221, account: { id: customer, name: 'Acme' }, usage: { type: 'voice', quantity: 96, unit: 'sec' } }),
  ]);
  expect(await ledgersFor(reseller, callId)).toEqual([expect.objectContaining({ amount: 143, account: { id: customer, name: 'Acme' }, pvt_account_id: reseller })]);
  expect(await balance(couch, customer)).toBe(before - 221);
  expect(asked.filter((q) => q.number === '+15035551234' && q.durationSeconds === 95).map((q) => q.accountId)).toEqual(expect.arrayContaining([customer, reseller]));
});

test('the same call delivered again, alone or twice in one batch, is charged once', async () => {
  const callId = `call-${randomHex(4)}`;
  const event = destroyEvent(callId);
  await Promise.all([publish(event), publish(event), publish(event)]);
  await waitFor('the CDR', () => cdrOf(callId));
  const marker = `marker-${randomHex(4)}`;
  await publish(event);
  await publish(destroyEvent(marker));
  await waitFor('a later call', () => cdrOf(marker));
  expect(await ledgersFor(customer, callId)).toHaveLength(1);
  expect(await ledgersFor(reseller, callId)).toHaveLength(1);
});

test('an invalid message is dropped with a log line; the queue goes on', async () => {
  await switchBus.publish(CALL_EVENT_EXCHANGE, callEventRoutingKey(CHANNEL_DESTROY, 'broken'), { 'Event-Category': 'call_event', 'Event-Name': CHANNEL_DESTROY });
  await switchBus.publish(CALL_EVENT_EXCHANGE, callEventRoutingKey(CHANNEL_DESTROY, 'wrong'), { ...destroyEvent('wrong'), 'Custom-Channel-Vars': 'not an object' });
  const next = `next-${randomHex(4)}`;
  await publish(destroyEvent(next));
  await waitFor('the next call', () => cdrOf(next));
  expect(await cdrOf('wrong')).toBeUndefined();
});

test('no charge within the no-charge time; a flat-rate customer is not debited, its reseller still pays its cost', async () => {
  const short = `short-${randomHex(4)}`;
  await publish(destroyEvent(short, { 'Rate-NoCharge-Time': '120' }));
  const flat = `flat-${randomHex(4)}`;
  await publish(destroyEvent(flat, { 'Account-Billing': 'flat_rate' }));
  expect(await waitFor('the CDR', () => cdrOf(short))).toMatchObject({ pvt_tollgate_billing: { sell: 0 } });
  await waitFor('the CDR', () => cdrOf(flat));
  expect(await ledgersFor(customer, short)).toEqual([]);
  expect(await ledgersFor(customer, flat)).toEqual([]);
  expect(await ledgersFor(reseller, flat)).toEqual([expect.objectContaining({ amount: 143 })]);
});

test('a debit that takes the balance under the threshold sends the low balance alert at once', async () => {
  // $5.0150 of credit: one call (221 units) takes it under the default $5 threshold.
  const now = await balance(couch, customer);
  await saveTransaction({ couch, bus }, newTransaction({ accountId: customer, type: 'credit', amount: 50_150 - now, reason: 'manual_addition' }));
  charging.balances.invalidate(customer);
  expect(await charging.balances.get(customer)).toBe(50_150);
  const above = `above-${randomHex(4)}`;
  await publish(destroyEvent(above, { Rate: '1', 'Rate-Increment': '60' }, { 'Billing-Seconds': '60' }));
  await waitFor('the CDR', () => cdrOf(above));
  const crossing = `crossing-${randomHex(4)}`;
  await publish(destroyEvent(crossing));
  await waitFor('the low balance alert', async () => (alerts.some((a) => a['Account-ID'] === customer) ? true : undefined));
  expect(alerts).toEqual([expect.objectContaining({ 'Event-Name': 'low_balance', 'Account-ID': customer, 'Current-Balance': 50_150 - 1 - 221 })]);
});

test('free minutes: a call whose consumption an earlier try recorded reuses it; two calls in one batch consume in order of their end', async () => {
  // 3 free minutes to 1503 numbers, each call rounded up to whole minutes.
  const allotments = { portland: { amount: 180, increment: 60, minimum: 60, prefixes: ['1503'] } };
  await saveAllotments({ couch, bus, config }, frugal, allotments);
  const now = gregorianNow();
  const ccvs = { 'Account-ID': frugal, 'E164-Destination': '+15035551234' };
  // A try that crashed after writing this call's consumption (60 s, all that was left then): the call is charged as then.
  const crashed = `crashed-${randomHex(4)}`;
  const [portland] = allotmentsOf(allotments);
  await saveConsumptions({ couch }, [{ db: modbName(frugal, new Date()), doc: consumptionDoc(frugal, crashed, portland, 60, now - 10) }]);
  await publish(destroyEvent(crashed, ccvs, { Timestamp: now - 10 }));
  const first = await waitFor('the CDR', () => couch.get(modbName(frugal, new Date()), `${new Date().toISOString().slice(0, 7).replace('-', '')}-${crashed}`));
  // 60 s covered; 35 s left in 6 s increments = 36 s at $0.0138 = 82.8 → 83 units. The reseller pays the whole call.
  expect(first).toMatchObject({ pvt_tollgate_billing: { sell: 83, cost: 143, billed_seconds: 36, allotment: 'portland', allotment_seconds: 60 } });
  const [a, b] = [`early-${randomHex(4)}`, `late-${randomHex(4)}`];
  await Promise.all([publish(destroyEvent(b, ccvs, { Timestamp: now - 1 })), publish(destroyEvent(a, ccvs, { Timestamp: now - 2 }))]);
  const cdrIn = (id: string) => waitFor('the CDR', () => couch.get<Record<string, { sell?: number }>>(modbName(frugal, new Date()), `${new Date().toISOString().slice(0, 7).replace('-', '')}-${id}`));
  // The 2 minutes left cover the earlier call; the later one pays it all.
  expect((await cdrIn(a)).pvt_tollgate_billing).toMatchObject({ sell: 0, allotment_seconds: 120 });
  expect((await cdrIn(b)).pvt_tollgate_billing).toMatchObject({ sell: 221 });
  expect(await ledgersFor(frugal, a)).toEqual([]);
  expect(await ledgersFor(frugal, b)).toEqual([expect.objectContaining({ amount: 221 })]);
  expect(await couch.get(modbName(frugal, new Date()), consumptionDocId(b))).toBeUndefined();
  expect(await couch.get(modbName(frugal, new Date()), consumptionDocId(a))).toMatchObject({ seconds: 120, classification: 'portland' });
});

test("a month CDRs were written into has its report cache brought up to date, with the call in it", async () => {
  const callId = `cached-${randomHex(4)}`;
  const db = modbName(customer, new Date());
  const at = refreshedCaches.length;
  await publish(destroyEvent(callId));
  await waitFor('the CDR', () => cdrOf(callId));
  await waitFor('the report cache refreshed', async () => (refreshedCaches.slice(at).includes(db) ? true : undefined));
  const index = await getLocalDoc<{ seq: unknown; chunks: { calls: number }[] }>(couch, db, 'tollgate-report-calls');
  expect(index?.chunks.length).toBeGreaterThan(0);
  // What a report then reads is the cache, up to date: the call is there.
  const calls = [];
  for await (const page of modbReportCalls(couch, db)) calls.push(...page);
  expect(calls.filter((c) => c.callId === callId)).toEqual([expect.objectContaining({ sell: 221, cost: 143, reseller })]);
});
