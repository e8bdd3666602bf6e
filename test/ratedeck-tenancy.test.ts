// Ratedeck tenancy over a whole platform (crossbar, tasks, rating): a reseller's rates import
// cannot change what other resellers or the master pay, and `rates/number?ratedeck_id=` is no
// oracle for another reseller's private deck.
//   master → reseller A, reseller B (each with an admin user); master also has a plain user
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
const id = { A: '', B: '' };
const tok = { M: '', Muser: '', A: '', B: '' };
const NUMBER = '14155551234';

async function api(method: string, path: string, token: string, init: { json?: unknown; csv?: string } = {}): Promise<{ status: number; body: Loose }> {
  const headers: Record<string, string> = { 'X-Auth-Token': token };
  let body: string | undefined;
  if (init.csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = init.csv;
  } else if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify({ data: init.json });
  }
  const res = await fetch(`${platform.url}${path}`, { method, headers, body });
  return { status: res.status, body: await jsonOf(res) };
}

async function account(name: string): Promise<string> {
  const res = await api('PUT', `/v2/accounts/${platform.master.accountId}`, tok.M, { json: { name } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const accountId = res.body.data.id as string;
  expect((await api('PUT', `/v2/accounts/${accountId}/reseller`, tok.M)).status).toBe(201);
  return accountId;
}

async function user(accountId: string, username: string, priv: 'admin' | 'user'): Promise<void> {
  const res = await api('PUT', `/v2/accounts/${accountId}/users`, tok.M, { json: { username, password: `${username}-pw`, first_name: username, last_name: 'Deck', priv_level: priv } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
}

/** Creates a rates import on `accountId`, starts it and waits for it to finish; the creation reply when it is refused. */
async function runImport(token: string, accountId: string, csv: string, query = ''): Promise<{ status: number; body: Loose; task?: Loose }> {
  const put = await api('PUT', `/v2/accounts/${accountId}/tasks?category=rates&action=import${query}`, token, { csv });
  if (put.status !== 201) return put;
  const taskId = put.body.data._read_only.id as string;
  expect((await api('PATCH', `/v2/accounts/${accountId}/tasks/${taskId}`, token)).status).toBe(200);
  const end = Date.now() + 30000;
  for (;;) {
    const task = (await api('GET', `/v2/accounts/${accountId}/tasks/${taskId}`, token)).body.data?._read_only;
    if (task && task.status !== 'executing' && task.status !== 'pending') return { ...put, task };
    if (Date.now() > end) throw new Error(`task ${taskId} stuck: ${JSON.stringify(task)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function rateFor(accountId: string): Promise<Loose> {
  const res = await api('GET', `/v2/accounts/${accountId}/rates/number/${NUMBER}`, tok.M);
  expect(res.status).toBe(200);
  return res.body.data;
}

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api', 'rating', 'tasks'] });
  const { master } = platform;
  tok.M = await platform.login(master.username, master.password, master.accountName);
  id.A = await account('Deck Reseller A');
  id.B = await account('Deck Reseller B');
  await user(id.A, 'a-admin', 'admin');
  await user(id.B, 'b-admin', 'admin');
  await user(master.accountId, 'm-user', 'user');
  tok.A = await platform.login('a-admin', 'a-admin-pw', 'Deck Reseller A');
  tok.B = await platform.login('b-admin', 'b-admin-pw', 'Deck Reseller B');
  tok.Muser = await platform.login('m-user', 'm-user-pw', master.accountName);
  // The system's default deck, as the master's admin sets it up (seed 001).
  const seeded = await runImport(tok.M, master.accountId, 'prefix,rate_cost,description\n1415,0.01,US West\n');
  expect(seeded.task).toMatchObject({ status: 'success' });
}, 120000);

afterAll(async () => {
  await platform?.stop();
});

describe("a reseller's import cannot change another reseller's price", () => {
  test('into the default ratedeck: refused at creation (403), and B and the master keep their price', async () => {
    const hijack = await runImport(tok.A, id.A, 'prefix,rate_cost,description\n1415555,9.99,resellerA hijack\n');
    expect(hijack.status).toBe(403);
    expect(hijack.body).toMatchObject({ error: '403', message: 'forbidden', data: { message: expect.stringContaining('ratedeck ratedeck is a system ratedeck'), cause: 'ratedeck' } });
    const named = await runImport(tok.A, id.A, 'prefix,rate_cost,description,ratedeck_id\n1415555,9.99,resellerA hijack,ratedeck\n');
    expect(named.status).toBe(403);
    expect(await platform.couch.get('ratedeck', 'XX-1415555')).toBeUndefined();
    for (const account of [id.B, platform.master.accountId]) expect(await rateFor(account)).toMatchObject({ Rate: 0.01, 'Rate-Description': 'US West', 'Ratedeck-ID': 'ratedeck' });
  });

  test("the master's plain user is no ratedeck admin: the default deck is refused to it too; the master's admin writes it", async () => {
    expect((await runImport(tok.Muser, platform.master.accountId, 'prefix,rate_cost\n1415556,5\n')).status).toBe(403);
    const admin = await runImport(tok.M, platform.master.accountId, 'prefix,rate_cost\n1415557,0.02\n');
    expect(admin.task).toMatchObject({ status: 'success' });
    expect(await platform.couch.get('ratedeck', 'XX-1415557')).toMatchObject({ rate_cost: 0.02 });
  });

  test("a deck of A's own is A's: B's import into it is refused, and a deck B claimed before A's task ran stays B's", async () => {
    const own = await runImport(tok.A, id.A, 'prefix,rate_cost,description\n1415,0.5,A retail\n', '&ratedeck_id=a-retail');
    expect(own.task).toMatchObject({ status: 'success', success_count: 1 });
    expect(await platform.couch.get('ratedeck/a-retail', 'ratedeck_owner')).toMatchObject({ pvt_type: 'ratedeck_owner', pvt_account_id: id.A });
    expect(await platform.couch.get('ratedeck/a-retail', 'XX-1415')).toMatchObject({ rate_cost: 0.5, account_id: id.A });

    const intrude = await runImport(tok.B, id.B, 'prefix,rate_cost,ratedeck_id\n1415,0.0001,a-retail\n');
    expect(intrude.status).toBe(403);
    expect(intrude.body.data.message).toBe('ratedeck a-retail belongs to another account: a reseller writes only to its own ratedecks');

    // Both create a task for a deck nobody has yet; B's runs first and claims it; A's then runs and changes nothing.
    const put = await api('PUT', `/v2/accounts/${id.A}/tasks?category=rates&action=import&ratedeck_id=contested`, tok.A, { csv: 'prefix,rate_cost\n1415,7\n' });
    expect(put.status).toBe(201);
    const claimed = await runImport(tok.B, id.B, 'prefix,rate_cost\n1415,0.3\n', '&ratedeck_id=contested');
    expect(claimed.task).toMatchObject({ status: 'success' });
    const taskId = put.body.data._read_only.id as string;
    expect((await api('PATCH', `/v2/accounts/${id.A}/tasks/${taskId}`, tok.A)).status).toBe(200);
    let task: Loose;
    for (const end = Date.now() + 30000; ; ) {
      task = (await api('GET', `/v2/accounts/${id.A}/tasks/${taskId}`, tok.A)).body.data._read_only;
      if (task.status !== 'executing' && task.status !== 'pending') break;
      if (Date.now() > end) throw new Error(`task ${taskId} stuck`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(task).toMatchObject({ status: 'failure', failure_count: 1 });
    const out = await fetch(`${platform.url}/v2/accounts/${id.A}/tasks/${taskId}/output`, { headers: { 'X-Auth-Token': tok.A } });
    expect(await out.text()).toContain('ratedeck contested belongs to another account');
    expect(await platform.couch.get('ratedeck/contested', 'XX-1415')).toMatchObject({ rate_cost: 0.3, account_id: id.B });
  });
});

describe("a plan of another reseller naming A's deck does not make it theirs", () => {
  test("B's customer with B's plan naming a-retail is not rated from it: no rate, and neither price nor candidates shown", async () => {
    const created = await api('PUT', `/v2/accounts/${id.B}`, tok.B, { json: { name: 'Deck Customer of B' } });
    expect(created.status).toBe(201);
    const customer = created.body.data.id as string;
    const plan = await api('PUT', `/v2/accounts/${id.B}/service_plans`, tok.B, { json: { name: 'borrowed deck', plan: { ratedeck: { 'a-retail': {} } } } });
    expect(plan.status).toBe(201);
    const add = await api('POST', `/v2/accounts/${customer}/service_plans`, tok.B, { json: { add: [plan.body.data.id] } });
    expect(add.status).toBe(200);
    const res = await api('GET', `/v2/accounts/${customer}/rates/number/${NUMBER}?explain=true`, tok.B);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ message: 'No rate found for this number', data: { Explain: { ratedeck: { id: 'a-retail' }, candidates: [] } } });
    expect(JSON.stringify(res.body.data)).not.toContain('0.5');
    // Nor can the customer name it: its plan does not make A's deck one it may see.
    await user(customer, 'cb-admin', 'admin');
    const cb = await platform.login('cb-admin', 'cb-admin-pw', 'Deck Customer of B');
    const named = await api('GET', `/v2/rates/number/${NUMBER}?ratedeck_id=a-retail&explain=true`, cb);
    expect(named.status).toBe(403);
    expect(JSON.stringify(named.body.data)).not.toContain('0.5');
    // A's own customers are rated from it.
    const own = await api('PUT', `/v2/accounts/${id.A}`, tok.A, { json: { name: 'Deck Customer of A' } });
    const aPlan = await api('PUT', `/v2/accounts/${id.A}/service_plans`, tok.A, { json: { name: 'a retail', plan: { ratedeck: { 'a-retail': {} } } } });
    expect((await api('POST', `/v2/accounts/${own.body.data.id}/service_plans`, tok.A, { json: { add: [aPlan.body.data.id] } })).status).toBe(200);
    expect(await rateFor(own.body.data.id)).toMatchObject({ Rate: 0.5, 'Ratedeck-ID': 'a-retail' });
  });
});

describe('rates/number?ratedeck_id= is limited to decks the caller may see', () => {
  const path = `/v2/rates/number/${NUMBER}?ratedeck_id=a-retail&explain=true`;

  test("B cannot price A's private deck, with or without explain", async () => {
    for (const query of ['&explain=true', '']) {
      const res = await api('GET', `/v2/rates/number/${NUMBER}?ratedeck_id=a-retail${query}`, tok.B);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: '403', message: 'forbidden', data: { cause: 'ratedeck_id', message: expect.stringContaining('ratedeck a-retail is not one account') } });
      expect(JSON.stringify(res.body.data)).not.toContain('0.5');
    }
    // A deck that does not exist is refused alike: no way to tell which decks exist.
    expect((await api('GET', `/v2/rates/number/${NUMBER}?ratedeck_id=no-such-deck`, tok.B)).status).toBe(403);
  });

  test('the owner, the master (an ancestor of the owner) and its admin see it; everyone sees the default deck', async () => {
    const own = await api('GET', path, tok.A);
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ Rate: 0.5, 'Ratedeck-ID': 'a-retail', Explain: { ratedeck: { id: 'a-retail', reason: 'requested' } } });
    expect((await api('GET', path, tok.M)).body.data).toMatchObject({ Rate: 0.5 });
    expect((await api('GET', path, tok.Muser)).body.data).toMatchObject({ Rate: 0.5 });
    expect((await api('GET', `/v2/rates/number/${NUMBER}?ratedeck_id=contested`, tok.A)).status).toBe(403);
    expect((await api('GET', `/v2/rates/number/${NUMBER}?ratedeck_id=contested`, tok.M)).body.data).toMatchObject({ Rate: 0.3 });
    for (const token of [tok.A, tok.B]) {
      const res = await api('GET', `/v2/rates/number/${NUMBER}?ratedeck_id=ratedeck&explain=true`, token);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ Rate: 0.01, 'Ratedeck-ID': 'ratedeck' });
    }
  });
});

describe('ratedeck versions belong to whoever may write the deck', () => {
  test("a reseller stages, diffs and activates versions of its own deck; another reseller and a system deck are 403", async () => {
    const staged = await runImport(tok.A, id.A, 'prefix,rate_cost\n4420,0.02\n4421,0.03\n', '&ratedeck_id=a-versions&stage=true');
    expect(staged.task).toMatchObject({ status: 'success', success_count: 2 });
    const listed = await api('GET', '/v2/ratedecks/a-versions/versions', tok.A);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toMatchObject({ active: 0, versions: [{ version: 0 }, { version: 1, state: 'staged', rate_count: 2 }] });
    expect((await api('GET', '/v2/ratedecks/a-versions/versions/1/diff', tok.A)).body.data).toMatchObject({ added: { count: 2 }, removed: { count: 0 } });
    // B: not its deck, whether it asks to see, diff, activate or roll back; nothing changes.
    for (const [method, path] of [
      ['GET', '/v2/ratedecks/a-versions/versions'],
      ['GET', '/v2/ratedecks/a-versions/versions/1/diff'],
      ['POST', '/v2/ratedecks/a-versions/versions/1/activate'],
      ['POST', '/v2/ratedecks/a-versions/rollback'],
    ]) {
      expect({ method, path, status: (await api(method, path, tok.B)).status }).toEqual({ method, path, status: 403 });
    }
    expect((await api('POST', '/v2/ratedecks/ratedeck/rollback', tok.A)).status).toBe(403);
    expect((await api('GET', '/v2/ratedecks/a-versions/versions', tok.A)).body.data.active).toBe(0);
    const activated = await api('POST', '/v2/ratedecks/a-versions/versions/1/activate', tok.A);
    expect(activated.body.data).toMatchObject({ active: 1, previous: 0 });
    // The master's admin manages every deck.
    expect((await api('POST', '/v2/ratedecks/a-versions/rollback', tok.M)).body.data).toMatchObject({ active: 0, previous: 1 });
  });
});
