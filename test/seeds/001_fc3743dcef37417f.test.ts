// Seed 001 (Kazoo 4 rating), replayed over HTTP against a whole platform.
// Part 1: ratedeck CSV import through the tasks API. Part 2 (rating) follows in this file and uses
// the same platform, token and decks.
import { encodedAccountDb } from '@tollgate/kazoo-db';
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from '../support/platform';

let platform: TestPlatform;
let token: string;
let H: Record<string, string>;

const SIMPLE_RATES = ['"rate_cost","description","name","prefix"', '"0.1","BRONZE","BRONZE","1503"', '"0.2","SILVER","SILVER","150"', '"0.3","GOLD","GOLD","15"', '"0.4","PLATINUM","PLATINUM","1"', ''].join('\n');
const BULK_RATES = [
  '"rate_cost","description","name","prefix","ratedeck_id"',
  '"0.01","BRONZE","BRONZE","1503","bulk"',
  '"0.02","SILVER","SILVER","150","bulk"',
  '"0.03","GOLD","GOLD","15","bulk"',
  '"0.04","PLATINUM","PLATINUM","1","bulk"',
  '',
].join('\n');

beforeAll(async () => {
  platform = await startTestPlatform();
  token = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  H = { 'X-Auth-Token': token };
}, 60000);

afterAll(async () => {
  await platform?.stop();
});

async function api(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, { method, headers: { ...H, ...init.headers }, body: init.body });
  return { status: res.status, body: await jsonOf(res) };
}

/** The seed's "Query the import task" until it has finished. */
async function finished(taskId: string): Promise<Loose> {
  for (let i = 0; i < 200; i++) {
    const { body } = await api('GET', `/v2/tasks/${taskId}`);
    if (body.data?._read_only?.status !== 'executing') return body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${taskId} did not finish`);
}

async function importDeck(csv: string): Promise<string> {
  const put = await api('PUT', '/v2/tasks?category=rates&action=import', { headers: { 'Content-Type': 'text/csv' }, body: csv });
  expect(put.status).toBe(201);
  expect(put.body).toMatchObject({ status: 'success', auth_token: token });
  const created = put.body.data._read_only;
  expect(created).toEqual({
    account_id: platform.master.accountId,
    action: 'import',
    auth_account_id: platform.master.accountId,
    category: 'rates',
    created: expect.any(Number),
    id: expect.stringMatching(/^[0-9a-f]{30}$/),
    status: 'pending',
    total_count: 4,
  });

  const patch = await api('PATCH', `/v2/tasks/${created.id}`);
  expect(patch.status).toBe(200);
  expect(patch.body.data._read_only).toMatchObject({
    account_id: platform.master.accountId,
    action: 'import',
    category: 'rates',
    id: created.id,
    node: expect.any(String),
    start_timestamp: expect.any(Number),
    status: 'executing',
    total_count: 4,
  });

  const done = await finished(created.id);
  expect(done.data._read_only).toMatchObject({
    csvs: ['out.csv', 'in.csv'],
    end_timestamp: expect.any(Number),
    failure_count: 0,
    id: created.id,
    status: 'success',
    success_count: 4,
    total_count: 4,
  });
  expect(done.revision).toEqual(expect.any(String));
  return created.id;
}

describe('part 1: ratedeck import', () => {
  test('the rates task help lists what a CSV may hold', async () => {
    const res = await api('GET', '/v2/tasks?category=rates&action=import');
    expect(res.status).toBe(200);
    const help = res.body.data.tasks.rates.import;
    expect(help).toMatchObject({
      description: 'Bulk-import rates to a specified ratedeck',
      doc: 'Creates rates from file',
      expected_content: 'text/csv',
      mandatory: ['prefix', 'rate_cost'],
    });
    const seedOptional = [
      'account_id',
      'carrier',
      'description',
      'direction',
      'internal_rate_cost',
      'iso_country_code',
      'options',
      'rate_increment',
      'rate_minimum',
      'rate_name',
      'rate_nocharge_time',
      'rate_surcharge',
      'rate_version',
      'ratedeck_id',
      'routes',
      'weight',
    ];
    expect(help.optional).toEqual(expect.arrayContaining(seedOptional));
  });

  test('simple_rates.csv goes into the default ratedeck', async () => {
    await importDeck(SIMPLE_RATES);
    const bronze = await platform.couch.get('ratedeck', 'XX-1503');
    expect(bronze).toMatchObject({ pvt_type: 'rate', prefix: 1503, rate_cost: 0.1, description: 'BRONZE', rate_name: '1503', routes: ['^\\+1503(\\d*)$'] });
    for (const p of ['150', '15', '1']) expect(await platform.couch.get('ratedeck', `XX-${p}`)).toMatchObject({ prefix: Number(p) });
  });

  test('bulk_rates.csv creates the ratedeck "bulk"', async () => {
    const id = await importDeck(BULK_RATES);
    expect(await platform.couch.get('ratedeck/bulk', 'XX-1503')).toMatchObject({ rate_cost: 0.01, ratedeck_id: 'bulk', description: 'BRONZE' });
    expect(await platform.couch.get('ratedeck/bulk', 'XX-1')).toMatchObject({ rate_cost: 0.04 });
    // The default deck kept its own rates.
    expect(await platform.couch.get('ratedeck', 'XX-1503')).toMatchObject({ rate_cost: 0.1 });

    const out = await fetch(`${platform.url}/v2/tasks/${id}?csv_name=out.csv`, { headers: H });
    expect(out.headers.get('content-disposition')).toBe(`attachment; filename="rates_import_${id}_out.csv"`);
    expect(await out.text()).toBe('rate_cost,description,name,prefix,ratedeck_id,error\n');
    const input = await fetch(`${platform.url}/v2/tasks/${id}/input`, { headers: H });
    expect(await input.text()).toBe(BULK_RATES);

    const decks = await api('GET', '/v2/rates/ratedecks');
    expect(decks.body.data).toEqual([
      { id: 'ratedeck', database: 'ratedeck', rate_count: 4 },
      { id: 'bulk', database: 'ratedeck/bulk', rate_count: 4 },
    ]);
  });
});

describe('part 2: rating', () => {
  /** The seed's "Test the new ratedeck by rating a number" answer, for a deck and a cost. */
  const seedRate = (deck: string, cost: number) => ({
    'Base-Cost': cost,
    'E164-Number': '+15035551234',
    Prefix: '1503',
    Rate: cost,
    'Rate-Description': 'BRONZE',
    'Rate-Increment': 60,
    'Rate-Minimum': '60',
    'Rate-Name': '1503',
    'Ratedeck-ID': deck,
    Surcharge: 0.0,
  });
  const accounts: { reseller?: string; customer?: string; outsider?: string } = {};

  async function createAccount(parentId: string, name: string): Promise<string> {
    const res = await api('PUT', `/v2/accounts/${parentId}`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { name } }) });
    expect(res.status).toBe(201);
    return res.body.data.id;
  }

  test('the default ratedeck rates 15035551234 as the seed shows', async () => {
    const res = await api('GET', '/v2/rates/number/15035551234');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', auth_token: token });
    expect(res.body.data).toEqual(seedRate('ratedeck', 0.1));
  });

  test('?ratedeck_id=bulk rates against the bulk deck', async () => {
    const res = await api('GET', '/v2/rates/number/15035551234?ratedeck_id=bulk');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(seedRate('bulk', 0.01));
  });

  test('a plan PUT straight into the admin account db is listed by service_plans', async () => {
    // The seed's {ADMIN_ACCOUNT_ID} in the CouchDB URL is the master account's database name.
    const masterDb = encodedAccountDb(platform.master.accountId);
    // The seed's curl needs the database admin now: `curl -u admin:<password> -X PUT
    // http://127.0.0.1:15984/<db>/plan_bulk_ratedeck -d ...` (the password is in the banner).
    const plan = { pvt_type: 'service_plan', name: 'Bulk Ratedeck Service Plan', plan: { ratedeck: { bulk: {} } } };
    const anonymous = await platform.curlCouch('PUT', `/${masterDb}/plan_bulk_ratedeck`, { body: plan, anonymous: true });
    expect(anonymous.status).toBe(401);
    const put = await platform.curlCouch('PUT', `/${masterDb}/plan_bulk_ratedeck`, { body: plan });
    expect(await jsonOf(put)).toEqual({ ok: true, id: 'plan_bulk_ratedeck', rev: expect.any(String) });

    const list = await api('GET', `/v2/accounts/${platform.master.accountId}/service_plans`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ status: 'success', page_size: 1, revision: expect.any(String) });
    expect(list.body.data).toEqual([{ id: 'plan_bulk_ratedeck', name: 'Bulk Ratedeck Service Plan' }]);
  });

  test('the plan added to a reseller gives it and its customers the bulk deck; an account outside keeps the default', async () => {
    accounts.reseller = await createAccount(platform.master.accountId, 'Seed Reseller');
    expect((await api('PUT', `/v2/accounts/${accounts.reseller}/reseller`)).status).toBeLessThan(300);
    accounts.customer = await createAccount(accounts.reseller, 'Seed Customer');
    accounts.outsider = await createAccount(platform.master.accountId, 'Seed Outsider');

    const add = await api('POST', `/v2/accounts/${accounts.reseller}/service_plans`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { add: ['plan_bulk_ratedeck'] } }),
    });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({ status: 'success', auth_token: token, revision: expect.any(String) });
    expect(add.body.data).toEqual({ plan: { ratedeck: { bulk: {} } } });

    const reseller = await api('GET', `/v2/accounts/${accounts.reseller}/rates/number/15035551234`);
    expect(reseller.status).toBe(200);
    expect(reseller.body.data).toEqual(seedRate('bulk', 0.01));

    const customer = await api('GET', `/v2/accounts/${accounts.customer}/rates/number/15035551234`);
    expect(customer.body.data).toEqual(seedRate('bulk', 0.01));

    const outsider = await api('GET', `/v2/accounts/${accounts.outsider}/rates/number/15035551234`);
    expect(outsider.body.data).toEqual(seedRate('ratedeck', 0.1));
  });

  test('?explain=true says which deck was chosen and why', async () => {
    const res = await api('GET', `/v2/accounts/${accounts.customer}/rates/number/15035551234?explain=true&duration=90`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ ...seedRate('bulk', 0.01), Cost: 0.02 });
    expect(res.body.data.Explain.ratedeck).toMatchObject({ id: 'bulk', reason: 'reseller', reseller_id: accounts.reseller });
    expect(res.body.data.Explain.candidates.map((c: Loose) => [c.prefix, c.selected ?? false])).toEqual([
      ['1503', true],
      ['150', false],
      ['15', false],
      ['1', false],
    ]);
  });
});
