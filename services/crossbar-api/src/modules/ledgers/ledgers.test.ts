import { writeChargedCall } from '@tollgate/calls/testing';
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { gregorianNow, modbName } from '@tollgate/kazoo-db';
import { balance, type LedgerDoc, recordLedgerEntryOnce, reversalOf } from '@tollgate/ledger';
import { ledgersModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let customer: string;
let sibling: string;
let resellerToken: string;
let customerToken: string;
const now = gregorianNow();
const month = (() => {
  const d = new Date((now - 62167219200) * 1000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
})();

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);
const adminOf = (id: string, name: string, username: string) => loginOfNewUser(h, h.masterToken, { id, name }, username);

const path = (accountId: string, rest = '') => `/v2/accounts/${accountId}/ledgers${rest}`;

/** A 95 s call at $0.0138/min (6 s increments: 96 s billed, $0.02208 → 221 units), costing the reseller $0.0090/min (144 units). */
const call = (callId: string, endedAt = now - 60) => ({
  customerId: customer,
  customerName: 'Ledgers Customer',
  resellerId: reseller,
  callId,
  endedAt,
  billingSeconds: 95,
  sell: 221,
  cost: 144,
  rate: 138,
  rateName: 'US-503',
});

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [ledgersModule] });
  reseller = await create('Ledgers Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  customer = await create('Ledgers Customer', reseller);
  sibling = await create('Ledgers Sibling', reseller);
  resellerToken = await adminOf(reseller, 'Ledgers Reseller', 'lboss');
  customerToken = await adminOf(customer, 'Ledgers Customer', 'lclient');
  await writeChargedCall(h.deps, call('call-ledger-1'));
}, 60_000);

afterAll(async () => h?.close());

test("a customer's per-minute entries: Kazoo's public shape, the debit in negative dollars, nothing private", async () => {
  const res = await h.call('GET', path(customer, '/per-minute-voip'), { token: customerToken });
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual([
    {
      id: expect.stringMatching(new RegExp(`^${month}-[0-9a-f]{32}$`)),
      amount: -0.0221,
      account: { id: customer, name: 'Ledgers Customer' },
      source: { service: 'per-minute-voip', id: 'call-ledger-1' },
      usage: { type: 'voice', quantity: 96, unit: 'sec' },
      period: { start: now - 160, end: now - 60 },
      description: 'US-503',
      metadata: expect.objectContaining({ direction: 'outbound', rate: expect.objectContaining({ name: 'US-503', value: 138 }) }),
    },
  ]);
  const one = await h.call('GET', path(customer, `/per-minute-voip/${res.body.data[0].id}`), { token: customerToken });
  expect(one.body.data).toEqual(res.body.data[0]);
  // the id of another source, or of nothing, is Kazoo's bad identifier
  expect((await h.call('GET', path(customer, `/payments/${res.body.data[0].id}`), { token: customerToken })).body).toMatchObject({ error: '404', data: { cause: res.body.data[0].id } });
  expect((await h.call('GET', path(customer, '/per-minute-voip/not-a-ledger'), { token: customerToken })).status).toBe(404);
});

test('the totals per source over the range, and a month summary with the per-customer breakdown in the reseller', async () => {
  const totals = await h.call('GET', path(customer), { token: customerToken });
  expect(totals.body.data).toEqual({ 'per-minute-voip': { amount: -0.0221, usage: { type: 'voice', quantity: 96, unit: 'sec' } } });

  const summary = await h.call('GET', path(reseller, `/summary/${month}`), { token: resellerToken });
  expect(summary.status).toBe(200);
  expect(summary.body.data).toEqual({
    summary: { 'per-minute-voip': { amount: -0.0144, usage: { type: 'voice', quantity: 96, unit: 'sec' } } },
    breakdown: [{ account: { id: customer, name: 'Ledgers Customer' }, ledgers: { 'per-minute-voip': { amount: -0.0144, usage: { type: 'voice', quantity: 96, unit: 'sec' } } }, total: -0.0144 }],
  });
  const bad = await h.call('GET', path(reseller, '/summary/202413'), { token: resellerToken });
  expect([bad.status, bad.body.data]).toEqual([404, ['202413']]);
  const empty = await h.call('GET', path(reseller, '/summary/199901'), { token: resellerToken });
  expect(empty.body.data).toEqual({ summary: {}, breakdown: [] });
});

test("a customer reads neither its reseller's ledgers nor a sibling's: 403", async () => {
  for (const rest of ['', '/per-minute-voip', `/summary/${month}`, '/total', '/available']) {
    expect((await h.call('GET', path(reseller, rest), { token: customerToken })).status).toBe(403);
    expect((await h.call('GET', path(sibling, rest), { token: customerToken })).status).toBe(403);
  }
});

test('entries are paged across months and ties: every entry once, in order, either way', async () => {
  const start = now - 3000;
  // two calls end in the same second: their view keys are equal
  const ends = [start, start + 10, start + 10, start + 20, start + 30];
  for (const [i, endedAt] of ends.entries()) await writeChargedCall(h.deps, { ...call(`call-page-${i}`, endedAt), customerId: sibling, customerName: 'Ledgers Sibling' });
  const walk = async (query: string) => {
    const seen: string[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const q = `?created_from=${start}&created_to=${now}&page_size=2${query}${next ? `&start_key=${next}` : ''}`;
      const res = await h.call('GET', path(sibling, `/per-minute-voip${q}`), { token: resellerToken });
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((e: { source: { id: string } }) => e.source.id));
      next = res.body.next_start_key;
      if (!next) break;
    }
    return seen;
  };
  const ascending = await walk('');
  expect(ascending).toHaveLength(5);
  expect(new Set(ascending).size).toBe(5);
  expect(ascending[0]).toBe('call-page-0');
  expect(ascending.slice(3)).toEqual(['call-page-3', 'call-page-4']);
  const descending = await walk('&descending=true');
  expect(descending).toHaveLength(5);
  expect(new Set(descending)).toEqual(new Set(ascending));
  expect([descending[0], descending[1], descending[4]]).toEqual(['call-page-4', 'call-page-3', 'call-page-0']);

  // a start key that is not one of this listing's is refused, not followed
  const forged = Buffer.from(JSON.stringify(['payments', start])).toString('base64url');
  expect((await h.call('GET', path(sibling, `/per-minute-voip?start_key=${forged}`), { token: resellerToken })).status).toBe(400);
  const all = await h.call('GET', path(sibling, `/per-minute-voip?created_from=${start}&created_to=${now}&paginate=false`), { token: resellerToken });
  expect(all.body.data).toHaveLength(5);
  expect(all.body.next_start_key).toBeUndefined();
});

test('the entries as CSV: nested fields as columns joined by _', async () => {
  const res = await fetch(`${h.url}${path(customer, '/per-minute-voip')}`, { headers: { 'X-Auth-Token': customerToken, Accept: 'text/csv' } });
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ledgers_per-minute-voip_${customer}.csv"`);
  const [header, row, ...rest] = (await res.text()).trim().split('\n');
  expect(rest).toEqual([]);
  const cols = header.split(',');
  expect(cols).toEqual(expect.arrayContaining(['id', 'amount', 'account_id', 'account_name', 'source_service', 'source_id', 'usage_quantity', 'metadata_rate_value']));
  const cells = Object.fromEntries(cols.map((c, i) => [c, row.split(',')[i]]));
  expect(cells).toMatchObject({ amount: '-0.0221', source_id: 'call-ledger-1', usage_quantity: '96', account_id: customer });
  const named = await fetch(`${h.url}${path(customer, '/per-minute-voip?file_name=march.csv')}`, { headers: { 'X-Auth-Token': customerToken, Accept: 'text/csv' } });
  expect(named.headers.get('content-disposition')).toBe('attachment; filename="march.csv"');
});

test('available lists the registered ledgers', async () => {
  const res = await h.call('GET', path(customer, '/available'), { token: customerToken });
  expect(res.body.data.map((l: { name: string }) => l.name)).toEqual(['per-minute-voip', 'services', 'payments', 'rollovers']);
});

describe('credit and debit', () => {
  const payment = (id: string, amount: number) => ({
    amount,
    description: 'card payment',
    source: { service: 'payments', id },
    usage: { type: 'credit', quantity: 0, unit: 'dollars' },
  });

  test("the account's reseller records a payment once: a retry answers the first, another amount is a 409", async () => {
    const before = await balance(h.deps.couch, customer);
    const first = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: payment('order-77', 25.1) });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      id: expect.stringMatching(new RegExp(`^${month}-[0-9a-f]{32}$`)),
      amount: 25.1,
      account: { id: customer, name: 'Ledgers Customer' },
      source: { service: 'payments', id: 'order-77' },
      usage: { type: 'credit', quantity: 0, unit: 'dollars' },
      description: 'card payment',
      executor: { trigger: 'crossbar', module: 'cb_ledgers' },
    });
    const again = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: payment('order-77', 25.1) });
    expect([again.status, again.body.data]).toEqual([201, first.body.data]);
    const other = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: payment('order-77', 30) });
    expect([other.status, other.body.data]).toEqual([409, expect.objectContaining({ cause: 'order-77' })]);
    const flipped = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, data: payment('order-77', 25.1) });
    expect(flipped.status).toBe(409);
    const listed = await h.call('GET', path(customer, '/payments'), { token: customerToken });
    expect(listed.body.data.map((e: { id: string }) => e.id)).toEqual([first.body.data.id]);
    const units = await h.call('GET', path(customer), { token: customerToken });
    expect(units.body.data.payments).toEqual({ amount: 25.1, usage: { type: 'credit', quantity: 0, unit: 'dollars' } });
    // the balance counts ledger entries: the payment raised it by exactly 251 000 units
    expect(await balance(h.deps.couch, customer)).toBe(before + 251_000);
  });

  test('only a superduper_admin or the account’s reseller may; the customer itself gets 403 before its body is read', async () => {
    expect((await h.call('PUT', path(customer, '/credit'), { token: customerToken, data: payment('self-topup', 100) })).status).toBe(403);
    expect((await h.call('PUT', path(customer, '/credit'), { token: customerToken, data: { amount: 'junk' } })).status).toBe(403);
    // a reseller is not its own reseller
    expect((await h.call('PUT', path(reseller, '/credit'), { token: resellerToken, data: payment('r-self', 100) })).status).toBe(403);
    const byMaster = await h.call('PUT', path(reseller, '/debit'), { token: h.masterToken, data: payment('master-fee', 2) });
    expect(byMaster.body.data).toMatchObject({ amount: -2, source: { service: 'payments', id: 'master-fee' } });
  });

  test("Kazoo's schema, an amount, and max_amount are checked", async () => {
    const noUsage = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, data: { amount: 3, source: { service: 'payments', id: 'x1' } } });
    expect([noUsage.status, Object.keys(noUsage.body.data)]).toEqual([400, ['usage']]);
    const noAmount = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, data: { ...payment('x2', 3), amount: undefined } });
    expect(noAmount.body.data).toMatchObject({ amount: { required: {} } });
    const tooSmall = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, data: payment('x3', 0.5) });
    expect(tooSmall.body.data).toMatchObject({ amount: { minimum: {} } });
    const tooBig = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, data: payment('x4', 2e9) });
    expect(tooBig.body.data).toMatchObject({ amount: { maximum: { target: 1_000_000_000 } } });
    expect((await h.call('GET', path(customer, '/payments'), { token: customerToken })).body.data).toHaveLength(1);
  });

  test('impact_reseller records the same entry in the reseller’s ledger, naming the customer, once', async () => {
    const raw = JSON.stringify({ data: payment('usage-9', 4), impact_reseller: true });
    const res = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, raw });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.data).sort()).toEqual([customer, reseller].sort());
    expect(res.body.data[customer]).toMatchObject({ ledger: { amount: -4, source: { id: 'usage-9' } }, is_reseller: false, available_dollars: expect.any(Number) });
    expect(res.body.data[reseller]).toMatchObject({
      ledger: { amount: -4, account: { id: customer }, metadata: { origin_ledger: expect.objectContaining({ account_id: customer }) } },
      is_reseller: true,
    });
    const again = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, raw });
    expect(again.body.data[reseller].ledger.id).toBe(res.body.data[reseller].ledger.id);
    const inReseller = await h.call('GET', path(reseller, '/payments'), { token: resellerToken });
    expect(inReseller.body.data.filter((e: { source: { id: string } }) => e.source.id === 'usage-9')).toHaveLength(1);
    expect(await h.deps.couch.get(modbName(reseller), res.body.data[reseller].ledger.id)).toMatchObject({ pvt_account_id: reseller, account: { id: customer } });
  });
});

describe('deleting a payment or charge: a reversing entry', () => {
  const entry = (id: string, amount: number, description: string) => ({
    amount,
    description,
    period: { start: now - 86_400 },
    source: { service: 'payments', id },
    usage: { type: 'credit', quantity: 0, unit: 'dollars' },
  });

  test('the pair is hidden from the listing unless asked, the balance returns, a second delete is 404, the customer gets 403', async () => {
    const before = await balance(h.deps.couch, sibling);
    const paid = await h.call('PUT', path(sibling, '/credit'), { token: resellerToken, data: entry('del-pay-1', 12.5, 'cheque 12') });
    const kept = await h.call('PUT', path(sibling, '/debit'), { token: resellerToken, data: entry('del-fee-1', 1.25, 'setup') });
    expect([paid.status, kept.status]).toEqual([201, 201]);
    expect(paid.body.data).toMatchObject({ description: 'cheque 12', period: { start: now - 86_400 } });
    const id = paid.body.data.id;
    const siblingToken = await adminOf(sibling, 'Ledgers Sibling', 'lsibling');
    expect((await h.call('DELETE', path(sibling, `/payments/${id}`), { token: siblingToken })).status).toBe(403);
    // the id under another source is not found
    expect((await h.call('DELETE', path(sibling, `/per-minute-voip/${id}`), { token: resellerToken })).status).toBe(404);

    const del = await h.call('DELETE', path(sibling, `/payments/${id}`), { token: resellerToken });
    expect(del.status).toBe(200);
    expect(del.body.data).toMatchObject({
      id,
      amount: 12.5,
      reversed_by: del.body.data.reversal.id,
      reversal: { amount: -12.5, source: { service: 'payments', id: `reverses:${id}` }, metadata: { reverses: id } },
    });
    expect(await balance(h.deps.couch, sibling)).toBe(before - 12_500);
    expect((await h.call('DELETE', path(sibling, `/payments/${id}`), { token: resellerToken })).status).toBe(404);
    // a reversal is no entry to delete
    expect((await h.call('DELETE', path(sibling, `/payments/${del.body.data.reversal.id}`), { token: h.masterToken })).status).toBe(404);

    const listed = await h.call('GET', path(sibling, '/payments'), { token: siblingToken });
    expect(listed.body.data.map((e: { id: string }) => e.id)).toEqual([kept.body.data.id]);
    const all = await h.call('GET', path(sibling, '/payments?include_reversed=true'), { token: siblingToken });
    expect(all.body.data.map((e: { id: string }) => e.id).sort()).toEqual([id, kept.body.data.id, del.body.data.reversal.id].sort());
    expect(await balance(h.deps.couch, sibling)).toBe(before - 12_500);
  });

  test('a crash between the reversal and the mark is finished by the retry, the reversal recorded once', async () => {
    const before = await balance(h.deps.couch, sibling);
    const paid = await h.call('PUT', path(sibling, '/credit'), { token: h.masterToken, data: entry('del-pay-2', 3, 'wire') });
    const original = await h.deps.couch.get<LedgerDoc>(modbName(sibling), paid.body.data.id);
    if (!original) throw new Error('the payment is not there');
    // the first attempt's reversal is written, then the process dies before marking the original
    await recordLedgerEntryOnce(h.deps, reversalOf(original, { now }));
    const retry = await h.call('DELETE', path(sibling, `/payments/${original._id}`), { token: h.masterToken });
    expect(retry.status).toBe(200);
    expect(await balance(h.deps.couch, sibling)).toBe(before);
    const all = await h.call('GET', path(sibling, '/payments?include_reversed=true'), { token: h.masterToken });
    expect(all.body.data.filter((e: { source: { id: string } }) => e.source.id === `reverses:${original._id}`)).toHaveLength(1);
  });
});

test("deleting an entry recorded with impact_reseller reverses the reseller's copy too", async () => {
  const raw = JSON.stringify({ data: { amount: 7, source: { service: 'payments', id: 'del-impact-1' }, usage: { type: 'debit', quantity: 0, unit: 'dollars' } }, impact_reseller: true });
  const before = { customer: await balance(h.deps.couch, customer), reseller: await balance(h.deps.couch, reseller) };
  const res = await h.call('PUT', path(customer, '/debit'), { token: resellerToken, raw });
  expect(res.status).toBe(201);
  const id = res.body.data[customer].ledger.id;
  expect(await balance(h.deps.couch, reseller)).toBe(before.reseller - 70_000);
  expect((await h.call('DELETE', path(customer, `/payments/${id}`), { token: resellerToken })).status).toBe(200);
  expect(await balance(h.deps.couch, customer)).toBe(before.customer);
  expect(await balance(h.deps.couch, reseller)).toBe(before.reseller);
  const inReseller = await h.call('GET', path(reseller, '/payments?include_reversed=true'), { token: resellerToken });
  expect(inReseller.body.data.filter((e: { source: { id: string } }) => e.source.id === `reverses:${id}`)).toHaveLength(1);
});
