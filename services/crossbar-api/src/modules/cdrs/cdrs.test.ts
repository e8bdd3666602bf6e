import { Readable } from 'node:stream';
import { cdrColumns } from '@tollgate/calls';
import { writeChargedCall } from '@tollgate/calls/testing';
import { type CrossbarHarness, createAccount, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { gregorianNow } from '@tollgate/kazoo-db';
import { csvRows } from '@tollgate/tasks';
import { cdrsModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let customer: string;
let sibling: string;
let resellerToken: string;
let customerToken: string;
let customerUser: string;
let customerUserToken: string;
let firstCdr: string;
const now = gregorianNow();

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);

async function userOf(accountId: string, username: string, priv: 'admin' | 'user'): Promise<string> {
  const res = await h.call('PUT', `/v2/accounts/${accountId}/users`, {
    token: h.masterToken,
    data: { username, password: `${username}-pw`, first_name: username, last_name: 'Test', priv_level: priv },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.data.id;
}

const cdrsOf = (accountId: string, rest = '') => `/v2/accounts/${accountId}/cdrs${rest}`;

async function csvOf(path: string, token: string): Promise<{ header: string[]; rows: Record<string, string>[]; disposition: string | null }> {
  const res = await fetch(`${h.url}${path}`, { headers: { 'X-Auth-Token': token, Accept: 'text/csv' } });
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines: string[][] = [];
  for await (const row of csvRows(Readable.from([await res.text()]))) lines.push(row.cells);
  const [header, ...rest] = lines;
  return { header, rows: rest.map((cells) => Object.fromEntries(cells.map((c, i) => [header[i], c]))), disposition: res.headers.get('content-disposition') };
}

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [cdrsModule] });
  reseller = await create('Cdrs Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  customer = await create('Cdrs Customer', reseller);
  sibling = await create('Cdrs Sibling', reseller);
  await userOf(reseller, 'cboss', 'admin');
  resellerToken = await h.login('cboss', 'cboss-pw', 'Cdrs Reseller');
  await userOf(customer, 'cclient', 'admin');
  customerToken = await h.login('cclient', 'cclient-pw', 'Cdrs Customer');
  customerUser = await userOf(customer, 'cphone', 'user');
  customerUserToken = await h.login('cphone', 'cphone-pw', 'Cdrs Customer');
  const base = { customerId: customer, customerName: 'Cdrs Customer', resellerId: reseller, billingSeconds: 95, sell: 221, cost: 144, rate: 138, rateName: 'US-503' };
  firstCdr = (await writeChargedCall(h.deps, { ...base, callId: 'cdr-call-1', endedAt: now - 300, ownerId: customerUser })).cdr;
  await writeChargedCall(h.deps, { ...base, callId: 'cdr-call-2', endedAt: now - 200 });
  await writeChargedCall(h.deps, { ...base, customerId: sibling, customerName: 'Cdrs Sibling', callId: 'cdr-sibling-1', endedAt: now - 100 });
}, 60_000);

afterAll(async () => h?.close());

test("a customer sees its calls and its own charge, and no field of cost or profit, in JSON and in CSV", async () => {
  for (const token of [customerToken, customerUserToken]) {
    const res = await h.call('GET', cdrsOf(customer), { token });
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { call_id: string }) => r.call_id)).toEqual(['cdr-call-1', 'cdr-call-2']);
    for (const row of res.body.data) {
      expect(Object.keys(row)).toEqual(cdrColumns(false));
      expect(row).toMatchObject({ charge: 0.0221, rate: 0.0138, call_type: 'per_minute', billing_seconds: 95 });
    }
    expect(JSON.stringify(res.body.data)).not.toMatch(/cost|profit|pvt_/);
  }
  const csv = await csvOf(cdrsOf(customer), customerToken);
  expect(csv.header).toEqual(cdrColumns(false));
  expect(csv.header.join(',')).not.toMatch(/cost|profit/);
  expect(csv.rows.map((r) => [r.call_id, r.charge])).toEqual([
    ['cdr-call-1', '0.0221'],
    ['cdr-call-2', '0.0221'],
  ]);
  expect(csv.disposition).toBe(`attachment; filename="cdrs_${customer}.csv"`);

  const one = await h.call('GET', cdrsOf(customer, `/${firstCdr}`), { token: customerToken });
  expect(one.body.data).toMatchObject({ id: firstCdr, call_id: 'cdr-call-1', charge: 0.0221 });
  expect(JSON.stringify(one.body.data)).not.toMatch(/cost|profit|pvt_/);
});

test('its reseller (and the superduper_admin) see the cost, the sell price and the profit of each call', async () => {
  for (const token of [resellerToken, h.masterToken]) {
    const res = await h.call('GET', cdrsOf(customer), { token });
    expect(res.body.data).toHaveLength(2);
    for (const row of res.body.data) {
      expect(Object.keys(row)).toEqual(cdrColumns(true));
      expect(row).toMatchObject({ charge: 0.0221, reseller_cost: 0.0144, profit: 0.0077, reseller_call_type: 'per_minute' });
    }
    const csv = await csvOf(cdrsOf(customer), token);
    expect(csv.header).toEqual(cdrColumns(true));
    expect(csv.rows.map((r) => [r.charge, r.reseller_cost, r.profit])).toEqual([
      ['0.0221', '0.0144', '0.0077'],
      ['0.0221', '0.0144', '0.0077'],
    ]);
    const one = await h.call('GET', cdrsOf(customer, `/${firstCdr}`), { token });
    expect(one.body.data).toMatchObject({ charge: 0.0221, reseller_cost: 0.0144, profit: 0.0077 });
    expect(JSON.stringify(one.body.data)).not.toMatch(/pvt_/);
  }
});

test("another branch's calls: its listing is 403, its CDR id through the customer's own path is 404", async () => {
  expect((await h.call('GET', cdrsOf(sibling), { token: customerToken })).status).toBe(403);
  expect((await h.call('GET', cdrsOf(reseller), { token: customerToken })).status).toBe(403);
  const siblingCdrs = await h.call('GET', cdrsOf(sibling), { token: resellerToken });
  const siblingId = siblingCdrs.body.data[0].id;
  expect((await h.call('GET', cdrsOf(sibling, `/${siblingId}`), { token: customerToken })).status).toBe(403);
  const viaOwn = await h.call('GET', cdrsOf(customer, `/${siblingId}`), { token: customerToken });
  expect([viaOwn.status, viaOwn.body.data]).toEqual([404, { cause: siblingId, message: 'bad identifier' }]);
  expect((await h.call('GET', cdrsOf(customer, '/not-a-cdr-id'), { token: customerToken })).status).toBe(404);
});

test("a user's calls, by its owner id; an unknown user is 404", async () => {
  const res = await h.call('GET', `/v2/accounts/${customer}/users/${customerUser}/cdrs`, { token: customerUserToken });
  expect(res.body.data.map((r: { call_id: string; owner_id: string }) => [r.call_id, r.owner_id])).toEqual([['cdr-call-1', customerUser]]);
  expect((await h.call('GET', `/v2/accounts/${customer}/users/${'f'.repeat(32)}/cdrs`, { token: customerToken })).status).toBe(404);
});

test('pages, newest first on request, and a range', async () => {
  const first = await h.call('GET', cdrsOf(customer, '?page_size=1&descending=true'), { token: customerToken });
  expect(first.body.data.map((r: { call_id: string }) => r.call_id)).toEqual(['cdr-call-2']);
  expect(first.body.page_size).toBe(1);
  const second = await h.call('GET', cdrsOf(customer, `?page_size=1&descending=true&start_key=${first.body.next_start_key}`), { token: customerToken });
  expect(second.body.data.map((r: { call_id: string }) => r.call_id)).toEqual(['cdr-call-1']);
  expect(second.body.next_start_key).toBeUndefined();
  // pvt_created is when the CDR was written: a range that ended before now holds none
  const past = await h.call('GET', cdrsOf(customer, `?created_from=${now - 86400 * 40}&created_to=${now - 86400 * 20}`), { token: customerToken });
  expect(past.body.data).toEqual([]);
  const wide = await h.call('GET', cdrsOf(customer, `?created_from=${now - 86400 * 40}&created_to=${now}`), { token: customerToken });
  expect(wide.body.data).toMatchObject({ created_from: { date_range: {} } });
  const badOffset = await h.call('GET', cdrsOf(customer, '?utc_offset=abc'), { token: customerToken });
  expect(badOffset.body.data).toMatchObject({ utc_offset: { type: { cause: 'abc' } } });
});
