import { gregorianNow } from '@tollgate/kazoo-db';
import { balance, listTransactions, newTransaction, saveTransaction } from '@tollgate/ledger';
import { MONTHLY_RECURRING_ID } from '@tollgate/services';
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';

let h: CrossbarHarness;
let reseller: string;
let customer: string;
let resellerToken: string;
let customerToken: string;

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);
const adminOf = (id: string, name: string, username: string) => loginOfNewUser(h, h.masterToken, { id, name }, username);

beforeAll(async () => {
  h = await startCrossbarHarness();
  reseller = await create('Ledger Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  customer = await create('Ledger Customer', reseller);
  resellerToken = await adminOf(reseller, 'Ledger Reseller', 'boss');
  customerToken = await adminOf(customer, 'Ledger Customer', 'client');
}, 60_000);

afterAll(async () => h?.close());

const path = (accountId: string, rest = '') => `/v2/accounts/${accountId}/transactions${rest}`;

test('a reseller credits and debits its customer; the balance and the listing show it in dollars, exactly', async () => {
  const credit = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: { amount: 25.1, description: 'prepaid top-up' } });
  expect(credit.status).toBe(201);
  expect(credit.body.data).toMatchObject({ type: 'credit', amount: 25.1, reason: 'manual_addition', code: 3001, description: 'prepaid top-up', metadata: { auth_account_id: reseller } });
  const debit = await h.call('DELETE', path(customer, '/debit'), { token: resellerToken, data: { amount: '0.0001' } });
  expect(debit.status).toBe(200);
  expect(debit.body.data).toMatchObject({ type: 'debit', amount: 0.0001, reason: 'admin_discretion', code: 3005 });

  expect(await balance(h.deps.couch, customer)).toBe(251_000 - 1);
  const current = await h.call('GET', path(customer, '/current_balance'), { token: customerToken });
  expect(current.body.data).toEqual({ balance: 25.0999 });

  const listed = await h.call('GET', path(customer), { token: customerToken });
  // oldest first; the two share a second, so their order between them is not fixed
  expect(listed.body.data.map((t: { id: string; amount: number }) => [t.id, t.amount])).toEqual(
    expect.arrayContaining([
      [credit.body.data.id, 25.1],
      [debit.body.data.id, 0.0001],
    ]),
  );
  expect(listed.body.data).toHaveLength(2);
  const manual = await h.call('GET', path(customer, '?reason=manual_addition'), { token: customerToken });
  expect(manual.body.data.map((t: { id: string }) => t.id)).toEqual([credit.body.data.id]);

  // the same listing as a CSV report, metadata flattened into columns
  const csv = await fetch(`${h.url}${path(customer, '?reason=manual_addition')}`, { headers: { 'X-Auth-Token': customerToken, Accept: 'text/csv' } });
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="transactions_${customer}.csv"`);
  const lines = (await csv.text()).trim().split('\n');
  expect(lines[0]).toBe('id,type,amount,reason,code,description,created,version,auth_account_id');
  expect(lines[1]).toBe(`${credit.body.data.id},credit,25.1,manual_addition,3001,prepaid top-up,${credit.body.data.created},2,${reseller}`);
  expect(lines).toHaveLength(2);
});

test('only a superduper_admin or the account’s reseller may change a ledger, as Kazoo decides it', async () => {
  const before = (await listTransactions(h.deps.couch, customer)).length;
  // a customer of a reseller (not of the master) may not ask at all
  expect((await h.call('PUT', path(customer, '/credit'), { token: customerToken, data: { amount: 100 } })).status).toBe(403);
  expect((await h.call('DELETE', path(customer, '/debit'), { token: customerToken, data: { amount: 1 } })).status).toBe(403);
  // a reseller may not credit itself: its own provider does
  const resellerSelf = await h.call('PUT', path(reseller, '/credit'), { token: resellerToken, data: { amount: 100 } });
  expect(resellerSelf.status).toBe(400);
  expect(resellerSelf.body.data).toMatchObject({ amount: { forbidden: { message: 'Please contact your phone provider to add credit.', cause: h.masterId } } });
  // the master does not credit a sub-reseller's customer: that reseller owns its customers' credit
  const overReseller = await h.call('PUT', path(customer, '/credit'), { token: h.masterToken, data: { amount: 1 } });
  expect(overReseller.body.data).toMatchObject({ amount: { forbidden: { cause: reseller } } });
  // outside the caller's tree: 403, as everywhere
  expect((await h.call('PUT', path(reseller, '/credit'), { token: customerToken, data: { amount: 1 } })).status).toBe(403);
  expect((await listTransactions(h.deps.couch, customer)).length).toBe(before);

  const byMaster = await h.call('PUT', path(reseller, '/credit'), { token: h.masterToken, data: { amount: 5, reason: 'topup' } });
  expect(byMaster.body.data).toMatchObject({ type: 'credit', amount: 5, reason: 'topup', code: 3006 });
  // a reseller whose reseller is the master may debit itself, but not below 0
  const selfDebit = await h.call('DELETE', path(reseller, '/debit'), { token: resellerToken, data: { amount: 6 } });
  expect(selfDebit.body.data).toMatchObject({ amount: { minimum: { message: 'Available credit can not be less than 0', cause: -1 } } });
  expect((await h.call('DELETE', path(reseller, '/debit'), { token: resellerToken, data: { amount: 5 } })).status).toBe(200);
});

test('bad amounts, reasons and ranges get Kazoo field errors and change nothing', async () => {
  const before = await balance(h.deps.couch, customer);
  const cases: [unknown, string, string][] = [
    [undefined, 'amount', 'required'],
    ['lots', 'amount', 'type'],
    [-3, 'amount', 'minimum'],
    [0, 'amount', 'minimum'],
    [0.00004, 'amount', 'minimum'],
  ];
  for (const [amount, field, rule] of cases) {
    const res = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: amount === undefined ? {} : { amount } });
    expect([res.status, res.body.error, Object.keys(res.body.data?.[field] ?? {})]).toEqual([400, '400', [rule]]);
  }
  const badReason = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: { amount: 1, reason: 'gift' } });
  expect(badReason.body.data).toMatchObject({ reason: { enum: { cause: 'gift' } } });
  expect(await balance(h.deps.couch, customer)).toBe(before);

  const now = gregorianNow();
  const backwards = await h.call('GET', path(customer, `?created_from=${now}&created_to=${now - 10}`), { token: customerToken });
  expect(backwards.status).toBe(400);
  expect(backwards.body.data).toMatchObject({ created_from: { date_range: { cause: now } } });
  const tooWide = await h.call('GET', path(customer, `?created_from=${now - 40 * 86400}&created_to=${now}`), { token: customerToken });
  expect(tooWide.body.data).toMatchObject({ created_from: { date_range: { message: expect.stringContaining('more than 2682000 seconds') } } });
  const past = await h.call('GET', path(customer, `?created_from=${now - 20 * 86400}&created_to=${now - 10 * 86400}`), { token: customerToken });
  expect(past.body.data).toEqual([]);
});

test('a credit sent again with the same id (a retried request) is recorded once; the id for another amount is a 409', async () => {
  const before = await balance(h.deps.couch, customer);
  const data = { amount: 7, id: 'portal-order-1001' };
  const first = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data });
  const again = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data });
  expect(first.body.data).toMatchObject({ id: 'portal-order-1001', amount: 7 });
  expect(again.body.data).toEqual(first.body.data);
  expect(await balance(h.deps.couch, customer)).toBe(before + 70_000);
  const other = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: { amount: 8, id: 'portal-order-1001' } });
  expect([other.status, other.body.data]).toEqual([409, expect.objectContaining({ cause: 'portal-order-1001' })]);
  const badId = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: { amount: 1, id: '_local/x' } });
  expect(badId.body.data).toMatchObject({ id: { pattern: { cause: '_local/x' } } });
  expect(await balance(h.deps.couch, customer)).toBe(before + 70_000);
});

test('monthly_recurring lists the month’s recurring charges only', async () => {
  // what the local bookkeeper writes when it bills the customer's plan items
  const recurring = newTransaction({ accountId: customer, type: 'debit', amount: 30_000, reason: 'monthly_recurring', id: MONTHLY_RECURRING_ID, description: 'monthly recurring charges for service plan items' });
  await saveTransaction(h.deps, recurring);
  const res = await h.call('GET', path(customer, '/monthly_recurring'), { token: customerToken });
  expect(res.body.data).toEqual([expect.objectContaining({ id: MONTHLY_RECURRING_ID, type: 'debit', amount: 3, code: 5001 })]);
  expect((await h.call('GET', path(customer), { token: customerToken })).body.data.length).toBeGreaterThan(1);
});

test('a credit or debit above max_amount (or past what units hold exactly) is a 400 naming the limit, and records nothing', async () => {
  const before = await balance(h.deps.couch, customer);
  for (const amount of [9e11, 1e12, '900719925474.1', 1e300, 1_000_000_000.0001]) {
    for (const [method, rest] of [
      ['PUT', '/credit'],
      ['DELETE', '/debit'],
    ]) {
      const res = await h.call(method, path(customer, rest), { token: resellerToken, data: { amount } });
      expect(res.status).toBe(400);
      expect(res.body.data).toEqual({ amount: { maximum: { message: 'Amount must be at most 1000000000 dollars', cause: amount, target: 1_000_000_000 } } });
    }
  }
  expect(await balance(h.deps.couch, customer)).toBe(before);
  await h.deps.config.setDefault('crossbar.transactions', 'max_amount', 1e15);
  try {
    const capped = await h.call('PUT', path(customer, '/credit'), { token: resellerToken, data: { amount: 1e12 } });
    expect(capped.body.data).toEqual({ amount: { maximum: { message: 'Amount must be at most 900719925474 dollars', cause: 1e12, target: 900719925474 } } });
  } finally {
    await h.deps.config.setDefault('crossbar.transactions', 'max_amount', 1_000_000_000);
  }
});
