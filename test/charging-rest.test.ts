// Calls and money over the REST API, on a running platform: a customer reads its own ledgers and
// CDRs but not its reseller's ledgers nor another branch's calls, and sees what it was charged
// without any field of cost; its reseller sees cost, sell price and profit; the balance is one
// figure in transactions/current_balance and ledgers/total after a per-minute debit.
//   master M → reseller R1 → customer C1;  M → reseller R2 → customer C2
import { writeChargedCall } from '@tollgate/calls/testing';
import { gregorianNow } from '@tollgate/kazoo-db';
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let M: string;
const ids = { R1: '', R2: '', C1: '', C2: '' };
let r1Token: string;
let c1Token: string;
const cdrIds = { C1: '', C2: '' };
const now = gregorianNow();

async function api(method: string, path: string, token: string, data?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function ok(method: string, path: string, token: string, data?: unknown): Promise<Loose> {
  const res = await api(method, path, token, data);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function csvHeader(path: string, token: string): Promise<string[]> {
  const res = await fetch(`${platform.url}${path}`, { headers: { 'X-Auth-Token': token, Accept: 'text/csv' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  return (await res.text()).split('\n')[0].split(',');
}

async function adminLogin(accountId: string, accountName: string, username: string): Promise<string> {
  await ok('PUT', `/v2/accounts/${accountId}/users`, M, { username, password: `${username}-pw`, first_name: username, last_name: 'Rest', priv_level: 'admin' });
  return platform.login(username, `${username}-pw`, accountName);
}

/** A 95 s call on $0.0138/min in 6 s increments ($0.0221), which costs the reseller $0.0090/min ($0.0144). */
const call = (customerId: string, resellerId: string, callId: string) => ({
  customerId,
  customerName: customerId === ids.C1 ? 'Rest Customer 1' : 'Rest Customer 2',
  resellerId,
  callId,
  endedAt: now - 120,
  billingSeconds: 95,
  sell: 221,
  cost: 144,
  rate: 138,
  rateName: 'US-503',
});

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  M = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  ids.R1 = (await ok('PUT', `/v2/accounts/${platform.master.accountId}`, M, { name: 'Rest Reseller 1' })).id;
  ids.R2 = (await ok('PUT', `/v2/accounts/${platform.master.accountId}`, M, { name: 'Rest Reseller 2' })).id;
  await ok('PUT', `/v2/accounts/${ids.R1}/reseller`, M);
  await ok('PUT', `/v2/accounts/${ids.R2}/reseller`, M);
  ids.C1 = (await ok('PUT', `/v2/accounts/${ids.R1}`, M, { name: 'Rest Customer 1' })).id;
  ids.C2 = (await ok('PUT', `/v2/accounts/${ids.R2}`, M, { name: 'Rest Customer 2' })).id;
  r1Token = await adminLogin(ids.R1, 'Rest Reseller 1', 'rest-r1');
  c1Token = await adminLogin(ids.C1, 'Rest Customer 1', 'rest-c1');
  // the customer's reseller tops it up
  await ok('PUT', `/v2/accounts/${ids.C1}/transactions/credit`, r1Token, { amount: 10, reason: 'topup' });
  cdrIds.C1 = (await writeChargedCall(platform, call(ids.C1, ids.R1, 'rest-call-c1'))).cdr;
  cdrIds.C2 = (await writeChargedCall(platform, call(ids.C2, ids.R2, 'rest-call-c2'))).cdr;
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

test("a customer cannot read its reseller's ledgers: 403 on every ledgers read", async () => {
  const month = cdrIds.C1.slice(0, 6);
  for (const rest of ['', '/total', '/available', '/per-minute-voip', `/summary/${month}`]) {
    const res = await api('GET', `/v2/accounts/${ids.R1}/ledgers${rest}`, c1Token);
    expect({ rest, status: res.status }).toEqual({ rest, status: 403 });
  }
  // its reseller reads them: its cost of the customer's call, the customer named
  const summary = await ok('GET', `/v2/accounts/${ids.R1}/ledgers/summary/${month}`, r1Token);
  expect(summary.breakdown).toEqual([expect.objectContaining({ account: { id: ids.C1, name: 'Rest Customer 1' }, total: -0.0144 })]);
});

test("a customer cannot read another branch's CDRs: 403 on its listing and CDR, 404 for its CDR id through its own account", async () => {
  expect((await api('GET', `/v2/accounts/${ids.C2}/cdrs`, c1Token)).status).toBe(403);
  expect((await api('GET', `/v2/accounts/${ids.C2}/cdrs/${cdrIds.C2}`, c1Token)).status).toBe(403);
  expect((await api('GET', `/v2/accounts/${ids.C1}/cdrs/${cdrIds.C2}`, c1Token)).status).toBe(404);
  // nor its reseller's other branch: R1 does not reach C2 either
  expect((await api('GET', `/v2/accounts/${ids.C2}/cdrs`, r1Token)).status).toBe(403);
});

test('a customer sees its own charge and no cost field in its CDRs, JSON and CSV; its reseller sees cost, sell price and profit', async () => {
  const own = await ok('GET', `/v2/accounts/${ids.C1}/cdrs`, c1Token);
  expect(own).toEqual([expect.objectContaining({ id: cdrIds.C1, call_id: 'rest-call-c1', charge: 0.0221 })]);
  for (const row of own) expect(Object.keys(row).filter((k) => /cost|profit/.test(k))).toEqual([]);
  const detail = await ok('GET', `/v2/accounts/${ids.C1}/cdrs/${cdrIds.C1}`, c1Token);
  expect(detail.charge).toBe(0.0221);
  expect(JSON.stringify(detail)).not.toMatch(/cost|profit|pvt_/);
  expect((await csvHeader(`/v2/accounts/${ids.C1}/cdrs`, c1Token)).filter((c) => /cost|profit/.test(c))).toEqual([]);

  const seenByReseller = await ok('GET', `/v2/accounts/${ids.C1}/cdrs`, r1Token);
  expect(seenByReseller).toEqual([expect.objectContaining({ charge: 0.0221, reseller_cost: 0.0144, profit: 0.0077 })]);
  expect(await csvHeader(`/v2/accounts/${ids.C1}/cdrs`, r1Token)).toEqual(expect.arrayContaining(['charge', 'reseller_cost', 'profit']));
});

test('after a per-minute debit, transactions/current_balance and ledgers/total show the same figure: the top-up less the call', async () => {
  const current = await ok('GET', `/v2/accounts/${ids.C1}/transactions/current_balance`, c1Token);
  const total = await ok('GET', `/v2/accounts/${ids.C1}/ledgers/total`, c1Token);
  expect(current).toEqual({ balance: 9.9779 });
  expect(total).toEqual({ amount: 9.9779 });
  // the reseller's balance carries its own cost of the call
  expect(await ok('GET', `/v2/accounts/${ids.R1}/ledgers/total`, r1Token)).toEqual({ amount: -0.0144 });
});
