// Issue 17 acceptance (reports, payments and charges): two clients of a reseller make calls — each
// a CHANNEL_DESTROY published from a plain amqplib client, charged by the charging service on the
// clients' retail deck ($0.0138/min, 6 s) and the reseller's wholesale deck ($0.009/min, 1 s). The
// reseller's CDR report (CSV) has one row per call with cost, sell and profit = sell − cost; a
// client's own report has no cost column; the financial month equals the ledgers' sums. Then a
// $25.00 payment and a $5.00 charge appear in the history and move the balance; deleting the
// payment leaves the balance $5.00 below where it started; a second delete is 404.
import { Readable } from 'node:stream';
import { type RunningCharging, startCharging } from '@tollgate/charging';
import { csvRows } from '@tollgate/tasks';
import { jsonOf, type Loose, randomHex, waitFor } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { channelDestroy, publishChannelDestroy } from './support/channel-destroy';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let token: string;
let alphaToken: string;
let amqp: ChannelModel;
let channel: Channel;
let charging: RunningCharging | undefined;
const accounts = { reseller: '', alpha: '', beta: '' };

const RETAIL = ['"prefix","rate_cost","rate_increment","rate_minimum","rate_name","ratedeck_id"', '"1503","0.0138","6","0","US-1503 RETAIL","retail17"', ''].join('\n');
const WHOLESALE = ['"prefix","rate_cost","rate_increment","rate_minimum","rate_name","ratedeck_id"', '"1503","0.009","1","0","US-1503 WHOLESALE","wholesale17"', ''].join('\n');

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, as = token): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': as, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify({ data: body }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function csvOf(path: string, as: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const res = await fetch(`${platform.url}${path}`, { headers: { 'X-Auth-Token': as, Accept: 'text/csv' } });
  expect(res.status).toBe(200);
  const lines: string[][] = [];
  for await (const row of csvRows(Readable.from([await res.text()]))) lines.push(row.cells);
  const [header, ...rest] = lines;
  return { header, rows: rest.map((cells) => Object.fromEntries(cells.map((c, i) => [header[i], c]))) };
}

async function importDeck(csv: string): Promise<void> {
  const put = await api('PUT', '/v2/tasks?category=rates&action=import', csv, { 'Content-Type': 'text/csv' });
  expect(put.status).toBe(201);
  const id = put.body.data._read_only.id;
  expect((await api('PATCH', `/v2/tasks/${id}`)).status).toBe(200);
  const done = await waitFor('the import', async () => {
    const task = (await api('GET', `/v2/tasks/${id}`)).body.data._read_only;
    return task.status === 'executing' || task.status === 'pending' ? undefined : task;
  });
  expect(done).toMatchObject({ status: 'success', success_count: 1 });
}

async function createAccount(parentId: string, name: string): Promise<string> {
  const res = await api('PUT', `/v2/accounts/${parentId}`, { name });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

async function rateSeen(accountId: string, rate: number): Promise<void> {
  await waitFor(`rate ${rate} for ${accountId}`, async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/rates/number/15035551234`);
    return res.body.data?.Rate === rate ? true : undefined;
  });
}

beforeAll(async () => {
  platform = await startTestPlatform();
  token = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  accounts.reseller = await createAccount(platform.master.accountId, 'Reports Reseller');
  expect((await api('PUT', `/v2/accounts/${accounts.reseller}/reseller`)).status).toBeLessThan(300);
  accounts.alpha = await createAccount(accounts.reseller, 'Reports Alpha');
  accounts.beta = await createAccount(accounts.reseller, 'Reports Beta');
  await importDeck(RETAIL);
  await importDeck(WHOLESALE);
  expect((await api('PUT', `/v2/accounts/${platform.master.accountId}/service_plans`, { id: 'plan_wholesale17', name: 'Wholesale', plan: { ratedeck: { wholesale17: {} } } })).status).toBe(201);
  expect((await api('PUT', `/v2/accounts/${accounts.reseller}/service_plans`, { id: 'plan_retail17', name: 'Retail', plan: { ratedeck: { retail17: {} } } })).status).toBe(201);
  expect((await api('POST', `/v2/accounts/${accounts.reseller}/service_plans`, { add: ['plan_wholesale17'] })).status).toBe(200);
  for (const client of [accounts.alpha, accounts.beta]) expect((await api('POST', `/v2/accounts/${client}/service_plans`, { add: ['plan_retail17'] })).status).toBe(200);
  await rateSeen(accounts.alpha, 0.0138);
  await rateSeen(accounts.beta, 0.0138);
  await rateSeen(accounts.reseller, 0.009);
  const user = await api('PUT', `/v2/accounts/${accounts.alpha}/users`, { username: 'rpt-alpha', password: 'rpt-alpha-pw', first_name: 'Alice', last_name: 'Alpha', priv_level: 'admin' });
  expect(user.status).toBe(201);
  alphaToken = await platform.login('rpt-alpha', 'rpt-alpha-pw', 'Reports Alpha');
  amqp = await connect(platform.amqpUrl);
  channel = await amqp.createChannel();
  charging = await startCharging({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-reports@localhost' });
}, 180_000);

afterAll(async () => {
  await charging?.stop();
  await channel?.close().catch(() => {});
  await amqp?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

/** A CHANNEL_DESTROY as ecallmgr publishes it, for one client's call. */
function destroyOf(accountId: string, callId: string, billingSeconds: number): Record<string, unknown> {
  return channelDestroy({ callId, accountId, resellerId: accounts.reseller, billingSeconds, ccvs: { 'Rate-Name': 'US-1503 RETAIL' } });
}

const calls: Array<{ accountId: string; callId: string }> = [];

test("the reseller's CDR CSV: one row per call of both clients, profit = sell − cost; the client's has no cost; financial = ledgers", async () => {
  const plan: Array<[string, number]> = [
    [accounts.alpha, 95],
    [accounts.alpha, 61],
    [accounts.beta, 30],
  ];
  for (const [accountId, seconds] of plan) {
    const hex = `rpt${randomHex(8)}`;
    const callId = `${hex}@10.0.0.1`;
    calls.push({ accountId, callId });
    publishChannelDestroy(channel, destroyOf(accountId, callId, seconds));
  }
  const reportPath = `/v2/accounts/${accounts.reseller}/reports/cdrs`;
  const csv = await waitFor(
    'the three calls in the report',
    async () => {
      const r = await csvOf(reportPath, token);
      return r.rows.length >= 3 ? r : undefined;
    },
    60_000,
  );
  expect(csv.rows.map((r) => r.call_id).sort()).toEqual(calls.map((c) => c.callId).sort());
  expect(csv.header).toEqual(expect.arrayContaining(['call_id', 'account_id', 'cost', 'sell', 'profit']));
  const units = (s: string) => Math.round(Number(s) * 10_000);
  for (const row of csv.rows) {
    const call = calls.find((c) => c.callId === row.call_id);
    expect(row.account_id).toBe(call?.accountId);
    expect(units(row.cost)).toBeGreaterThan(0);
    expect(units(row.profit)).toBe(units(row.sell) - units(row.cost));
  }
  // 95 s: sold 96 s at $0.0138 = 221 units, cost 95 s at $0.009 = 143 units
  expect(csv.rows.find((r) => r.call_id === calls[0].callId)).toMatchObject({ sell: '0.0221', cost: '0.0143', profit: '0.0078' });

  const own = await csvOf(`/v2/accounts/${accounts.alpha}/reports/cdrs`, alphaToken);
  expect(own.rows.map((r) => r.call_id).sort()).toEqual(calls.filter((c) => c.accountId === accounts.alpha).map((c) => c.callId).sort());
  expect(own.header.join(',')).not.toMatch(/cost|profit/);

  const month = new Date().toISOString().slice(0, 7).replace('-', '');
  const fin = await api('GET', `/v2/accounts/${accounts.reseller}/reports/financial?month=${month}`);
  const [row, total] = fin.body.data;
  const sumOf = async (accountId: string) => (await api('GET', `/v2/accounts/${accountId}/ledgers/summary/${month}`)).body.data.summary as Record<string, { amount: number }>;
  const alphaSum = await sumOf(accounts.alpha);
  const betaSum = await sumOf(accounts.beta);
  const resellerSum = await sumOf(accounts.reseller);
  const clientCalls = units(String(-alphaSum['per-minute-voip'].amount)) + units(String(-betaSum['per-minute-voip'].amount));
  expect(units(String(row.revenue))).toBe(clientCalls);
  expect(units(String(row.costs))).toBe(units(String(-resellerSum['per-minute-voip'].amount)));
  expect(units(String(row.profit))).toBe(units(String(row.revenue)) - units(String(row.costs)));
  expect(total).toMatchObject({ month: 'total', revenue: row.revenue, costs: row.costs });
}, 120_000);

test('a $25.00 payment and a $5.00 charge in the history move the balance; deleting the payment leaves −$5.00; twice is 404', async () => {
  const balanceOf = async () => Math.round((await api('GET', `/v2/accounts/${accounts.beta}/ledgers/total`)).body.data.amount * 10_000);
  const before = await balanceOf();
  const entry = (id: string, amount: number, description: string) => ({ amount, description, source: { service: 'payments', id }, usage: { type: 'credit', quantity: 0, unit: 'dollars' } });
  const paid = await api('PUT', `/v2/accounts/${accounts.beta}/ledgers/credit`, entry('rpt-pay-25', 25, 'cheque 1042'));
  const charged = await api('PUT', `/v2/accounts/${accounts.beta}/ledgers/debit`, entry('rpt-fee-5', 5, 'setup'));
  expect([paid.status, charged.status]).toEqual([201, 201]);
  const history = await api('GET', `/v2/accounts/${accounts.beta}/ledgers/payments`);
  expect(history.body.data.map((e: Loose) => [e.description, e.amount]).sort()).toEqual([
    ['cheque 1042', 25],
    ['setup', -5],
  ]);
  expect(await balanceOf()).toBe(before + 200_000);

  const del = await api('DELETE', `/v2/accounts/${accounts.beta}/ledgers/payments/${paid.body.data.id}`);
  expect(del.status).toBe(200);
  expect(await balanceOf()).toBe(before - 50_000);
  expect((await api('DELETE', `/v2/accounts/${accounts.beta}/ledgers/payments/${paid.body.data.id}`)).status).toBe(404);
  const after = await api('GET', `/v2/accounts/${accounts.beta}/ledgers/payments`);
  expect(after.body.data.map((e: Loose) => e.description)).toEqual(['setup']);
}, 60_000);
