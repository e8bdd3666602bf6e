import { Readable } from 'node:stream';
import { writeChargedCall } from '@tollgate/calls/testing';
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { accountDbName, gregorianNow } from '@tollgate/kazoo-db';
import { balance, newTransaction, saveTransaction } from '@tollgate/ledger';
import { callReportColumns } from '@tollgate/reports';
import { csvRows } from '@tollgate/tasks';
import { reportsModule } from '.';
import { ledgersModule } from '../ledgers';

let h: CrossbarHarness;
let reseller: string;
let alpha: string;
let beta: string;
let alphaSub: string;
let resellerToken: string;
let alphaToken: string;
const now = gregorianNow();

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);
const report = (accountId: string, kind: string, query = '') => `/v2/accounts/${accountId}/reports/${kind}${query}`;

async function csvOf(path: string, token: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const res = await fetch(`${h.url}${path}`, { headers: { 'X-Auth-Token': token, Accept: 'text/csv' } });
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines: string[][] = [];
  for await (const row of csvRows(Readable.from([await res.text()]))) lines.push(row.cells);
  const [header, ...rest] = lines;
  return { header, rows: rest.map((cells) => Object.fromEntries(cells.map((c, i) => [header[i], c]))) };
}

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [reportsModule, ledgersModule] });
  reseller = await create('Reports Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  alpha = await create('Reports Alpha', reseller);
  beta = await create('Reports Beta', reseller);
  alphaSub = await create('Reports Alpha Office', alpha);
  resellerToken = await loginOfNewUser(h, h.masterToken, { id: reseller, name: 'Reports Reseller' }, 'rpboss');
  alphaToken = await loginOfNewUser(h, h.masterToken, { id: alpha, name: 'Reports Alpha' }, 'rpalpha');
  const base = { resellerId: reseller, billingSeconds: 95, rate: 138, rateName: 'US-503' };
  await writeChargedCall(h.deps, { ...base, customerId: alpha, customerName: 'Reports Alpha', callId: 'rp-a1', endedAt: now - 300, sell: 221, cost: 144 });
  await writeChargedCall(h.deps, { ...base, customerId: alpha, customerName: 'Reports Alpha', callId: 'rp-a2', endedAt: now - 200, sell: 300, cost: 100 });
  await writeChargedCall(h.deps, { ...base, customerId: beta, customerName: 'Reports Beta', callId: 'rp-b1', endedAt: now - 100, sell: 500, cost: 250, direction: 'inbound' });
  // a DID of the sub-account, as the numbers module keeps its account-side copy
  await h.deps.couch.put(accountDbName(alphaSub), {
    _id: '+15035550101',
    pvt_type: 'number',
    pvt_state: 'in_service',
    pvt_module_name: 'knm_local',
    pvt_assigned_to: alphaSub,
    pvt_carrier_data: { rate_center: { name: 'PORTLAND', state: 'OR' } },
    pvt_created: now,
    pvt_modified: now,
  });
}, 60_000);

afterAll(async () => h?.close());

test("the reseller's CDR report: one row per call of every client, cost, sell and profit = sell − cost", async () => {
  const res = await h.call('GET', report(reseller, 'cdrs'), { token: resellerToken });
  expect(res.status).toBe(200);
  const byCall = Object.fromEntries(res.body.data.map((r: { call_id: string }) => [r.call_id, r]));
  expect(Object.keys(byCall).sort()).toEqual(['rp-a1', 'rp-a2', 'rp-b1']);
  expect(byCall['rp-a1']).toMatchObject({ account_id: alpha, account_name: 'Reports Alpha', sell: 0.0221, cost: 0.0144, profit: 0.0077, direction: 'outbound' });
  // the sell is priced on the channel's rate (221 units each), the cost as given: a loss shows negative
  expect(byCall['rp-b1']).toMatchObject({ account_id: beta, sell: 0.0221, cost: 0.025, profit: -0.0029, direction: 'inbound' });
  for (const row of res.body.data) expect(Object.keys(row)).toEqual(callReportColumns(true));

  const csv = await csvOf(report(reseller, 'cdrs'), resellerToken);
  expect(csv.header).toEqual(callReportColumns(true));
  expect(csv.rows).toHaveLength(3);
  for (const r of csv.rows) expect(Math.round((Number(r.sell) - Number(r.cost)) * 10_000)).toBe(Math.round(Number(r.profit) * 10_000));

  // ?account_id= narrows to one client
  const onlyBeta = await h.call('GET', report(reseller, 'cdrs', `?account_id=${beta}`), { token: resellerToken });
  expect(onlyBeta.body.data.map((r: { call_id: string }) => r.call_id)).toEqual(['rp-b1']);
  expect((await h.call('GET', report(reseller, 'cdrs', `?account_id=${h.masterId}`), { token: resellerToken })).status).toBe(404);
});

test('pages of the CDR report run across the clients, every call once', async () => {
  const seen: string[] = [];
  let startKey: string | undefined;
  for (let i = 0; i < 5; i++) {
    const q = `?page_size=2${startKey ? `&start_key=${encodeURIComponent(startKey)}` : ''}`;
    const res = await h.call('GET', report(reseller, 'cdrs', q), { token: resellerToken });
    expect(res.status).toBe(200);
    seen.push(...res.body.data.map((r: { call_id: string }) => r.call_id));
    startKey = res.body.next_start_key;
    if (!startKey) break;
  }
  expect(seen.sort()).toEqual(['rp-a1', 'rp-a2', 'rp-b1']);
});

test("a client's own report: its calls only, what it was sold, never a cost or profit column", async () => {
  const res = await h.call('GET', report(alpha, 'cdrs'), { token: alphaToken });
  expect(res.body.data.map((r: { call_id: string }) => r.call_id).sort()).toEqual(['rp-a1', 'rp-a2']);
  expect(JSON.stringify(res.body.data)).not.toMatch(/cost|profit/);
  const csv = await csvOf(report(alpha, 'cdrs'), alphaToken);
  expect(csv.header).toEqual(callReportColumns(false));
  expect(csv.header.join(',')).not.toMatch(/cost|profit/);
  const fin = await h.call('GET', report(alpha, 'financial'), { token: alphaToken });
  expect(JSON.stringify(fin.body.data)).not.toMatch(/cost|profit/);
  // and not its reseller's
  expect((await h.call('GET', report(reseller, 'cdrs'), { token: alphaToken })).status).toBe(403);
});

test("the financial month: revenue, deposits, costs and profit equal the ledgers' sums", async () => {
  const pay = { amount: 25, description: 'cheque', source: { service: 'payments', id: 'rp-pay-1' }, usage: { type: 'credit', quantity: 0, unit: 'dollars' } };
  expect((await h.call('PUT', `/v2/accounts/${beta}/ledgers/credit`, { token: resellerToken, data: pay })).status).toBe(201);
  const month = new Date((now - 62167219200) * 1000).toISOString().slice(0, 7).replace('-', '');
  const res = await h.call('GET', report(reseller, 'financial', `?month=${month}`), { token: resellerToken });
  expect(res.status).toBe(200);
  // 3 × 221 units sold, 144 + 100 + 250 units cost, 25 dollars paid
  expect(res.body.data).toEqual([
    { month, revenue: 0.0663, deposits: 25, costs: 0.0494, profit: 0.0169 },
    { month: 'total', revenue: 0.0663, deposits: 25, costs: 0.0494, profit: 0.0169 },
  ]);
  const summary = await h.call('GET', `/v2/accounts/${reseller}/ledgers/summary/${month}`, { token: resellerToken });
  expect(summary.body.data.summary['per-minute-voip'].amount).toBe(-0.0494);
  const csv = await csvOf(report(reseller, 'financial', `?month=${month}`), resellerToken);
  expect(csv.rows[0]).toEqual({ month, revenue: '0.0663', deposits: '25', costs: '0.0494', profit: '0.0169' });
  expect((await h.call('GET', report(reseller, 'financial', '?month=2024-13'), { token: resellerToken })).status).toBe(400);
});

test("sub-accounts and DIDs of the reseller's clients", async () => {
  const subs = await h.call('GET', report(reseller, 'sub_accounts'), { token: resellerToken });
  expect(subs.body.data).toEqual([{ account_id: alphaSub, account_name: 'Reports Alpha Office', client_id: alpha, client_name: 'Reports Alpha', package_id: '', package_name: '', dids: ['+15035550101'] }]);
  const dids = await h.call('GET', report(reseller, 'dids'), { token: resellerToken });
  expect(dids.body.data).toEqual([
    expect.objectContaining({ number: '+15035550101', client_id: alpha, sub_account: alphaSub, state: 'in_service', classification: 'did_us', rate_center: 'PORTLAND, OR' }),
  ]);
  const csv = await csvOf(report(reseller, 'dids'), resellerToken);
  expect(csv.rows.map((r) => r.number)).toEqual(['+15035550101']);
});

test("one user's calls: the per-user report", async () => {
  const res = await h.call('PUT', `/v2/accounts/${alpha}/users`, { token: h.masterToken, data: { username: 'rpphone', password: 'rpphone-pw', first_name: 'Phone', last_name: 'User', priv_level: 'user' } });
  const userId = res.body.data.id;
  await writeChargedCall(h.deps, { resellerId: reseller, billingSeconds: 30, rate: 138, customerId: alpha, customerName: 'Reports Alpha', callId: 'rp-u1', endedAt: now - 50, sell: 69, cost: 45, ownerId: userId });
  const own = await h.call('GET', `/v2/accounts/${alpha}/users/${userId}/reports/cdrs`, { token: alphaToken });
  expect(own.body.data.map((r: { call_id: string }) => r.call_id)).toEqual(['rp-u1']);
  expect(Object.keys(own.body.data[0])).toEqual(callReportColumns(false));
  const byReseller = await h.call('GET', `/v2/accounts/${alpha}/users/${userId}/reports/cdrs`, { token: resellerToken });
  expect(byReseller.body.data[0]).toMatchObject({ call_id: 'rp-u1', cost: 0.0045 });
  expect((await h.call('GET', `/v2/accounts/${alpha}/users/${'f'.repeat(32)}/reports/cdrs`, { token: alphaToken })).status).toBe(404);
});

test("a client's Kazoo 4.2 transactions count too: the local bookkeeper's monthly recurring debit is revenue, a transactions credit a deposit", async () => {
  const gamma = await create('Reports Gamma', reseller);
  const month = new Date((now - 62167219200) * 1000).toISOString().slice(0, 7).replace('-', '');
  const before = await balance(h.deps.couch, gamma);
  await saveTransaction(h.deps, newTransaction({ accountId: gamma, type: 'debit', amount: 75_000, reason: 'monthly_recurring', description: 'service plan items', now }));
  await saveTransaction(h.deps, newTransaction({ accountId: gamma, type: 'credit', amount: 30_000, reason: 'manual_addition', description: 'top up', now }));
  const res = await h.call('GET', report(reseller, 'financial', `?month=${month}&account_id=${gamma}`), { token: resellerToken });
  expect(res.status).toBe(200);
  expect(res.body.data).toContainEqual({ month: 'total', revenue: 7.5, deposits: 3, costs: 0, profit: 7.5 });
  // deposits − revenue is what the balance moved by
  expect((await balance(h.deps.couch, gamma)) - before).toBe(30_000 - 75_000);
});
