// Issue 17 item 2 acceptance (seed 003, "DID and FAX Access"): a reseller's default DID fees for
// its clients — $1.00 setup, $2.50 monthly, a per-minute incoming rate — with a per-number rate on
// one client's DID. Connected to the client, the number is billed by the sync: one $1.00 setup fee
// and $2.50 in the month's recurring charge, still once after a second sync; an incoming call on it
// (CHANNEL_DESTROY from a plain amqplib client) is charged at the DID's per-minute rate.
import { findMasterAccountId } from '@tollgate/accounts';
import { type RunningCharging, startCharging } from '@tollgate/charging';
import { gregorianNow, modbName } from '@tollgate/kazoo-db';
import { numberManagerSource } from '@tollgate/numbers';
import { BookkeeperSelector, ServicesStore, syncNow } from '@tollgate/services';
import { type Loose, randomHex, usNumber, waitFor } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { callLedgers, platformApi } from './support/platform-api';

let platform: TestPlatform;
let masterToken: string;
let resellerToken: string;
let clientToken: string;
let amqp: ChannelModel;
let channel: Channel;
let charging: RunningCharging | undefined;
const accounts = { reseller: '', client: '' };
const DID = usNumber();

const { api, ...http } = platformApi(() => platform);

const createAccount = (parentId: string, name: string) => http.createAccount(masterToken, parentId, name);

const login = (accountId: string, accountName: string, username: string) => http.adminLogin(masterToken, accountId, accountName, username);

beforeAll(async () => {
  platform = await startTestPlatform();
  masterToken = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  accounts.reseller = await createAccount(platform.master.accountId, 'DID Reseller');
  expect((await api(masterToken, 'PUT', `/v2/accounts/${accounts.reseller}/reseller`)).status).toBeLessThan(300);
  accounts.client = await createAccount(accounts.reseller, 'DID Client');
  resellerToken = await login(accounts.reseller, 'DID Reseller', 'didboss');
  clientToken = await login(accounts.client, 'DID Client', 'didclient');
  amqp = await connect(platform.amqpUrl);
  channel = await amqp.createChannel();
  charging = await startCharging({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-did-fees@localhost' });
}, 180_000);

afterAll(async () => {
  await api(masterToken, 'DELETE', `/v2/accounts/${accounts.client}/phone_numbers/${encodeURIComponent(DID)}?hard=true`).catch(() => undefined);
  await charging?.stop();
  await channel?.close().catch(() => {});
  await amqp?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

test('the reseller sets its clients’ DID fees and a per-number rate; the client reads them and cannot write; bad values are 400', async () => {
  const defaults = await api(resellerToken, 'POST', `/v2/accounts/${accounts.reseller}/did_fees`, { client_defaults: { setup_fee: 1.0, monthly_fee: 2.5, per_minute: 0.02 } });
  expect(defaults.status).toBe(200);
  expect(defaults.body.data).toEqual({ client_defaults: { setup_fee: 1.0, monthly_fee: 2.5, per_minute: 0.02 } });
  const own = await api(resellerToken, 'POST', `/v2/accounts/${accounts.client}/did_fees`, { numbers: { [DID]: { per_minute: '0.015' } } });
  expect(own.status).toBe(200);
  expect((await api(clientToken, 'GET', `/v2/accounts/${accounts.client}/did_fees`)).body.data).toEqual({ numbers: { [DID]: { per_minute: '0.015' } } });
  // The client cannot price its own DIDs, nor act as a reseller.
  expect((await api(clientToken, 'POST', `/v2/accounts/${accounts.client}/did_fees`, { monthly_fee: 0 })).status).toBe(403);
  expect((await api(clientToken, 'POST', `/v2/accounts/${accounts.client}/did_fees`, { client_defaults: { monthly_fee: 0 } })).status).toBe(403);
  const bad = await api(resellerToken, 'POST', `/v2/accounts/${accounts.client}/did_fees`, { setup_fee: -1, numbers: { '5551234': { increment: 0 } } });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.data).sort()).toEqual(['numbers.5551234', 'numbers.5551234.increment', 'setup_fee']);
  expect((await api(clientToken, 'GET', `/v2/accounts/${accounts.client}/did_fees`)).body.data).toEqual({ numbers: { [DID]: { per_minute: '0.015' } } });
}, 60_000);

test('connected to the client: one $1.00 setup fee and $2.50 monthly through the sync, once each after two syncs', async () => {
  const connected = await api(masterToken, 'PUT', `/v2/accounts/${accounts.client}/phone_numbers/${encodeURIComponent(DID)}`, {});
  expect(connected.status).toBe(201);
  expect(connected.body.data).toMatchObject({ state: 'in_service' });
  const store = await ServicesStore.open({
    couch: platform.couch,
    bus: platform.bus,
    config: platform.config,
    numbers: numberManagerSource(platform.couch, platform.config),
    masterId: () => findMasterAccountId({ couch: platform.couch, config: platform.config }),
  });
  try {
    const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'did-fees-acceptance@localhost' };
    for (let i = 0; i < 2; i++) expect(await syncNow(deps, accounts.client)).toMatchObject({ result: 'synced' });
  } finally {
    store.close();
  }
  const res = await api(resellerToken, 'GET', `/v2/accounts/${accounts.client}/transactions`);
  expect(res.status).toBe(200);
  const fees = (res.body.data as Loose[]).filter((t) => t.reason === 'monthly_recurring' || t.reason === 'activation_charges');
  expect(fees.map((t) => [t.reason, t.amount]).sort()).toEqual([
    ['activation_charges', 1],
    ['monthly_recurring', 2.5],
  ]);
}, 120_000);

test("an incoming call on the DID is charged at the number's per-minute rate", async () => {
  const hex = `did${randomHex(8)}`;
  const callId = `${hex}@10.0.0.2`;
  const event = {
    'App-Name': 'ecallmgr',
    'App-Version': '4.3.0',
    'Event-Category': 'call_event',
    'Event-Name': 'CHANNEL_DESTROY',
    'Msg-ID': randomHex(8),
    Node: 'ecallmgr@fs1.example.com',
    'Call-ID': callId,
    'Call-Direction': 'inbound',
    'Billing-Seconds': '125',
    'Duration-Seconds': '130',
    'Hangup-Cause': 'NORMAL_CLEARING',
    Timestamp: gregorianNow(),
    Request: `${DID.slice(1)}@sip.example.com`,
    To: `${DID.slice(1)}@sip.example.com`,
    From: '+14155550000@carrier.example.com',
    'Caller-ID-Number': '+14155550000',
    'Custom-Channel-Vars': { 'Account-ID': accounts.client, 'Reseller-ID': accounts.reseller, 'Account-Billing': 'per_minute', 'Reseller-Billing': 'per_minute' },
  };
  channel.publish('callevt', `call.CHANNEL_DESTROY.${hex}%4010%2E0%2E0%2E2`, Buffer.from(JSON.stringify(event)), { contentType: 'application/json', persistent: true });
  const yyyymm = new Date().toISOString().slice(0, 7).replace('-', '');
  const cdr = await waitFor('the CDR', () => platform.couch.get<Loose>(modbName(accounts.client, new Date()), `${yyyymm}-${callId}`), 60_000);
  // 125 s in whole minutes = 180 s at $0.015/min = $0.045 → 450 units; the switch priced it at nothing, so the reseller's cost is 0.
  expect(cdr.pvt_tollgate_billing).toMatchObject({ sell: 450, rate_source: 'did', billed_seconds: 180, cost: 0, profit: 450 });
  const entries = await callLedgers(platform.couch, accounts.client, callId);
  expect(entries).toEqual([expect.objectContaining({ pvt_ledger_type: 'debit', amount: 450, usage: { type: 'voice', quantity: 180, unit: 'sec' } })]);
  expect(entries[0].metadata.rate).toMatchObject({ per_minute: '0.015', increment: 60, minimum: 60, source: 'did' });
}, 120_000);
