// Issue 15 item 4 acceptance (seed 003, "Free minutes"): a package's free_minutes become the client's
// allotment (Kazoo's allotments, cb_allotments). With 10 free minutes, two calls of 3 min 11 s each
// consume 4 minutes each (rounded up to whole minutes) and charge nothing; a third call of 3 min
// consumes the last 2 and is charged the remaining minute on its rate (exact units); the reseller's
// cost is the whole call each time. A redelivered call changes nothing. cb_allotments' write rule
// and the consumed report through the REST API. CHANNEL_DESTROY from a plain amqplib client.
import { startCharging, type RunningCharging } from '@tollgate/charging';
import { consumptionDocId } from '@tollgate/calls';
import { gregorianNow, modbName } from '@tollgate/kazoo-db';
import { type Loose, randomHex, waitFor } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { channelDestroy, publishChannelDestroy } from './support/channel-destroy';
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
const BUY = `buyal${randomHex(3)}`;

const { api, ...http } = platformApi(() => platform);

const createAccount = (parentId: string, name: string) => http.createAccount(masterToken, parentId, name);

const login = (accountId: string, accountName: string, username: string) => http.adminLogin(masterToken, accountId, accountName, username);

const rateOf = (accountId: string, number: string, rate: number) => http.rateOf(resellerToken, accountId, number, rate);

beforeAll(async () => {
  platform = await startTestPlatform();
  masterToken = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  accounts.reseller = await createAccount(platform.master.accountId, 'Allotment Reseller');
  expect((await api(masterToken, 'PUT', `/v2/accounts/${accounts.reseller}/reseller`)).status).toBeLessThan(300);
  accounts.client = await createAccount(accounts.reseller, 'Allotment Client');
  resellerToken = await login(accounts.reseller, 'Allotment Reseller', 'allotboss');
  clientToken = await login(accounts.client, 'Allotment Client', 'allotclient');
  const csv = ['"prefix","rate_cost","rate_increment","rate_minimum","rate_name","iso_country_code","ratedeck_id"', `"1503","0.009","1","0","US-1503","US","${BUY}"`, ''].join('\n');
  const put = await api(masterToken, 'PUT', '/v2/tasks?category=rates&action=import', csv, { 'Content-Type': 'text/csv' });
  expect(put.status).toBe(201);
  const taskId = put.body.data._read_only.id;
  expect((await api(masterToken, 'PATCH', `/v2/tasks/${taskId}`)).status).toBe(200);
  await waitFor('the import', async () => {
    const task = (await api(masterToken, 'GET', `/v2/tasks/${taskId}`)).body.data._read_only;
    return task.status === 'success' ? task : undefined;
  });
  expect((await api(masterToken, 'PUT', `/v2/accounts/${platform.master.accountId}/service_plans`, { id: 'plan_buyal', name: 'Wholesale', plan: { ratedeck: { [BUY]: {} } } })).status).toBe(201);
  expect((await api(masterToken, 'POST', `/v2/accounts/${accounts.reseller}/service_plans`, { add: ['plan_buyal'] })).status).toBe(200);
  await rateOf(accounts.reseller, '15035551234', 0.009);
  // The package: 0.009 + 0.001 = 0.01 per minute, per-minute pulse, 10 free minutes a month.
  const created = await api(resellerToken, 'PUT', `/v2/accounts/${accounts.reseller}/packages`, { id: 'free10', name: 'Free Ten', package: { markup: { fixed: 0.001 }, pulse: 60, free_minutes: 10 } });
  expect(created.status).toBe(201);
  expect((await api(resellerToken, 'POST', `/v2/accounts/${accounts.client}/service_plans`, { add: ['free10'] })).status).toBe(200);
  await rateOf(accounts.client, '15035551234', 0.01);
  amqp = await connect(platform.amqpUrl);
  channel = await amqp.createChannel();
  charging = await startCharging({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-allotments@localhost' });
}, 180_000);

afterAll(async () => {
  await charging?.stop();
  await channel?.close().catch(() => {});
  await amqp?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

function destroyOf(callId: string, billingSeconds: number, timestamp: number, accountId = accounts.client): Record<string, unknown> {
  return channelDestroy({ callId, accountId, resellerId: accounts.reseller, billingSeconds, timestamp, ccvs: { Rate: '100', 'Rate-Increment': '60', 'Rate-Minimum': '60' } });
}

function publish(callId: string, billingSeconds: number, timestamp: number, accountId = accounts.client): void {
  publishChannelDestroy(channel, destroyOf(callId, billingSeconds, timestamp, accountId));
}

const modb = (accountId: string) => modbName(accountId, new Date());
const cdrOf = (callId: string, accountId = accounts.client) => waitFor(`the CDR of ${callId}`, () => platform.couch.get<Loose>(modb(accountId), `${new Date().toISOString().slice(0, 7).replace('-', '')}-${callId}`), 60_000);

const ledgers = (accountId: string, callId: string) => callLedgers(platform.couch, accountId, callId);

test('cb_allotments: the reseller writes, the client reads and cannot write, a bad allotment is a 400 naming the field', async () => {
  const path = `/v2/accounts/${accounts.client}/allotments`;
  expect((await api(clientToken, 'GET', path)).body.data).toEqual({});
  const denied = await api(clientToken, 'POST', path, { outbound_international: { amount: 600 } });
  expect(denied.status).toBe(403);
  const bad = await api(resellerToken, 'POST', path, { outbound_international: { amount: -1, cycle: 'yearly' } });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.data).sort()).toEqual(['outbound_international.amount', 'outbound_international.cycle']);
  const ok = await api(resellerToken, 'POST', path, { outbound_international: { amount: 600, cycle: 'monthly', increment: 60, minimum: 60 } });
  expect(ok.status).toBe(200);
  expect((await api(clientToken, 'GET', path)).body.data).toEqual({ outbound_international: { amount: 600, cycle: 'monthly', increment: 60, minimum: 60 } });
  // POST /limits keeps them.
  expect((await api(resellerToken, 'POST', `/v2/accounts/${accounts.client}/limits`, { twoway_trunks: 2 })).status).toBe(200);
  expect((await api(clientToken, 'GET', path)).body.data).toHaveProperty('outbound_international');
}, 60_000);

test('10 free minutes: two calls of 3 min 11 s consume 8 and charge nothing; a third of 3 min consumes the last 2 and charges 1 minute', async () => {
  const now = gregorianNow();
  const [a, b, c] = [1, 2, 3].map((i) => `al${i}${randomHex(6)}@10.0.0.1`);
  publish(a, 191, now - 2);
  publish(b, 191, now - 1);
  for (const id of [a, b]) {
    const cdr = await cdrOf(id);
    // Sold for nothing; the reseller still pays 191 s at 0.009 = 0.02865 → 287 units.
    expect(cdr.pvt_tollgate_billing).toMatchObject({ sell: 0, cost: 287, profit: -287, allotment: 'package', allotment_seconds: 240 });
    expect(await ledgers(accounts.client, id)).toEqual([]);
    expect(await ledgers(accounts.reseller, id)).toEqual([expect.objectContaining({ amount: 287 })]);
    expect(await platform.couch.get(modb(accounts.client), consumptionDocId(id))).toMatchObject({ pvt_type: 'allotment_consumption', seconds: 240, classification: 'package', call_id: id });
  }
  publish(c, 180, now);
  const cdr = await cdrOf(c);
  // 120 s free; the other 60 s at $0.01/min (per-minute pulse) = 100 units. The reseller: 180 s at 0.009 = 0.027 → 270.
  expect(cdr.pvt_tollgate_billing).toMatchObject({ sell: 100, cost: 270, profit: -170, allotment_seconds: 120, billed_seconds: 60 });
  expect(await ledgers(accounts.client, c)).toEqual([expect.objectContaining({ pvt_ledger_type: 'debit', amount: 100, usage: { type: 'voice', quantity: 60, unit: 'sec' } })]);
  expect(await ledgers(accounts.reseller, c)).toEqual([expect.objectContaining({ amount: 270 })]);
  const consumed = await api(clientToken, 'GET', `/v2/accounts/${accounts.client}/allotments/consumed`);
  expect(consumed.status).toBe(200);
  expect(consumed.body.data.package).toMatchObject({ consumed: 600, cycle: 'monthly' });
  expect(consumed.body.data.outbound_international).toMatchObject({ consumed: 0 });

  // A fourth call pays in full; the third redelivered before it is charged as the first time.
  const d = `al4${randomHex(6)}@10.0.0.1`;
  publish(c, 180, now);
  publish(d, 30, now + 1);
  expect((await cdrOf(d)).pvt_tollgate_billing).toMatchObject({ sell: 100, billed_seconds: 60 });
  expect((await cdrOf(d)).pvt_tollgate_billing).not.toHaveProperty('allotment');
  await waitFor('the redelivery charged', async () => ((await platform.couch.get<Loose>(modb(accounts.client), consumptionDocId(c)))?.seconds === 120 ? true : undefined));
  expect(await ledgers(accounts.client, c)).toEqual([expect.objectContaining({ amount: 100 })]);
  expect((await api(clientToken, 'GET', `/v2/accounts/${accounts.client}/allotments/consumed`)).body.data.package.consumed).toBe(600);
}, 120_000);

test('an allotment by country (Tollgate): a call priced at a US rate draws on the US allotment, others do not', async () => {
  // A client of its own, rated on the reseller's deck (its US rate has iso_country_code US).
  const client = await createAccount(accounts.reseller, 'Allotment Country Client');
  await rateOf(client, '15035551234', 0.009);
  const path = `/v2/accounts/${client}/allotments`;
  expect((await api(resellerToken, 'POST', path, { bad: { countries: ['ZZ'] } })).status).toBe(400);
  expect((await api(resellerToken, 'POST', path, { ca_calls: { amount: 600, countries: ['CA'] } })).status).toBe(200);
  const notCovered = `alca${randomHex(6)}@10.0.0.1`;
  publish(notCovered, 90, gregorianNow(), client);
  expect((await cdrOf(notCovered, client)).pvt_tollgate_billing).not.toHaveProperty('allotment');
  // A fresh cache entry per test is not needed: the limits doc event drops charging's copy.
  expect((await api(resellerToken, 'POST', path, { us_calls: { amount: 120, countries: ['US'], increment: 60, minimum: 60 } })).status).toBe(200);
  const covered = await waitFor('the US allotment applied', async () => {
    const id = `alus${randomHex(6)}@10.0.0.1`;
    publish(id, 30, gregorianNow(), client);
    const cdr = await cdrOf(id, client);
    return cdr.pvt_tollgate_billing.allotment === 'us_calls' ? cdr : undefined;
  });
  expect(covered.pvt_tollgate_billing).toMatchObject({ sell: 0, allotment: 'us_calls', allotment_seconds: 60 });
}, 120_000);
