// Numbers end to end: a reseller's inventory loaded through the tasks API, bought by its
// customers over crossbar, invisible outside its tree; every change publishes its Kazoo doc
// events, from which services-sync recounts the holder (a billed change marks its services doc
// dirty); release and deletion follow system_config.
import { GLOBAL_DBS } from '@tollgate/kazoo-db';
import type { KazooMessage } from '@tollgate/kazoo-bus';
import { readNumber } from '@tollgate/numbers';
import { setNumberManagerKey } from '@tollgate/numbers/testing';
import { jsonOf, type Loose, waitFor } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let p: TestPlatform;
let masterToken: string;
const ids: Record<'reseller' | 'customer' | 'customer2' | 'outsider', string> = { reseller: '', customer: '', customer2: '', outsider: '' };
const tokens: Record<string, string> = {};
const events: KazooMessage[] = [];
const NPA = '646';
const num = (i: number) => `+1${NPA}555${String(i).padStart(4, '0')}`;
const enc = encodeURIComponent;

async function api(token: string, method: string, path: string, data?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', ...headers },
    ...(data === undefined ? {} : { body: typeof data === 'string' ? data : JSON.stringify({ data }) }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function createAccount(parent: string, name: string): Promise<string> {
  const res = await api(masterToken, 'PUT', `/v2/accounts/${parent}`, { name });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id as string;
}

async function tokenOf(accountId: string): Promise<string> {
  const key = await api(masterToken, 'GET', `/v2/accounts/${accountId}/api_key`);
  const res = await fetch(`${p.url}/v2/api_auth`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { api_key: key.body.data.api_key } }) });
  return ((await jsonOf(res)) as { auth_token: string }).auth_token;
}

async function servicesDirty(accountId: string): Promise<unknown> {
  return (await p.couch.get(GLOBAL_DBS.services, accountId))?.pvt_dirty;
}

/** The account's numbers services-sync counted (all of this test's are US DIDs). */
async function countedNumbers(accountId: string): Promise<number> {
  const doc = await p.couch.get<{ quantities?: { phone_numbers?: Record<string, number> } } & Record<string, unknown>>(GLOBAL_DBS.services, accountId);
  return doc?.quantities?.phone_numbers?.did_us ?? 0;
}

/** services-sync recounts the account from the number events and marks its services doc dirty. */
async function waitServicesDirty(accountId: string): Promise<void> {
  await waitFor(`services of ${accountId} marked dirty`, async () => ((await servicesDirty(accountId)) === true ? true : undefined));
}

/** The holder's account copy of a number was announced (what services-sync recounts on). */
function holderEvent(n: string, accountId: string): boolean {
  return events.some((e) => e.ID === n && e.Type === 'number' && e['Account-ID'] === accountId);
}

async function cleanServices(accountId: string): Promise<void> {
  await p.couch.update(GLOBAL_DBS.services, accountId, (cur) => (cur ? { ...cur, pvt_dirty: false } : undefined));
}


function numberEvent(n: string, name = 'doc_edited'): boolean {
  return events.some((e) => e['Event-Name'] === name && e.ID === n && e.Type === 'number' && String(e.Database).startsWith('numbers%2F'));
}

beforeAll(async () => {
  p = await startTestPlatform();
  masterToken = await p.login(p.master.username, p.master.password, p.master.accountName);
  await p.bus.consume({ bindings: [{ exchange: 'configuration', routingKey: '#' }] }, (msg) => {
    events.push(msg);
  });
  ids.reseller = await createAccount(p.master.accountId, 'Reseller Numbers');
  expect((await api(masterToken, 'PUT', `/v2/accounts/${ids.reseller}/reseller`, {})).status).toBeLessThan(300);
  ids.customer = await createAccount(ids.reseller, 'Customer One');
  ids.customer2 = await createAccount(ids.reseller, 'Customer Two');
  ids.outsider = await createAccount(p.master.accountId, 'Outsider');
  for (const [k, id] of Object.entries(ids)) tokens[k] = await tokenOf(id);
}, 60000);

afterAll(async () => {
  await p?.stop();
});

test('1,000 numbers imported into the reseller inventory through the tasks API', async () => {
  const csv = ['e164', ...Array.from({ length: 1000 }, (_, i) => num(i))].join('\n');
  const created = await api(tokens.reseller, 'PUT', `/v2/accounts/${ids.reseller}/tasks?category=number_management&action=import&file_name=inventory.csv`, csv, { 'Content-Type': 'text/csv' });
  expect(created.status).toBe(201);
  const taskId = created.body.data._read_only.id as string;
  expect((await api(tokens.reseller, 'PATCH', `/v2/accounts/${ids.reseller}/tasks/${taskId}`, {})).status).toBe(200);
  const done = await waitFor('the import task', async () => {
    const t = await api(tokens.reseller, 'GET', `/v2/accounts/${ids.reseller}/tasks/${taskId}`);
    return ['success', 'partial', 'failure'].includes(t.body.data._read_only.status) ? t.body.data._read_only : undefined;
  }, 120000);
  expect(done).toMatchObject({ status: 'success', total_count: 1000, success_count: 1000 });
  expect(await readNumber(p.couch, num(999))).toMatchObject({ pvt_state: 'available', pvt_assigned_to: ids.reseller, pvt_module_name: 'knm_inventory' });
}, 180000);

test('the customer searches, reserves and activates; each change publishes its events, and the billed one dirties its services doc', async () => {
  const found = await api(tokens.customer, 'GET', `/v2/phone_numbers?prefix=${NPA}555&quantity=5`);
  expect(found.status).toBe(200);
  expect(found.body.data.map((r: { number: string }) => r.number)).toEqual([num(0), num(1), num(2), num(3), num(4)]);

  await cleanServices(ids.customer);
  const reserve = await api(tokens.customer, 'PUT', `/v2/accounts/${ids.customer}/phone_numbers/${enc(num(0))}/reserve`, {});
  expect(reserve.status).toBe(201);
  expect(reserve.body.data).toMatchObject({ state: 'reserved', assigned_to: ids.customer });
  await waitFor('the reserve event', async () => (numberEvent(num(0)) ? true : undefined));
  await waitFor("the customer's copy announced", async () => (holderEvent(num(0), ids.customer) ? true : undefined));

  await cleanServices(ids.customer);
  events.length = 0;
  const activate = await api(tokens.customer, 'PUT', `/v2/accounts/${ids.customer}/phone_numbers/${enc(num(0))}/activate`, {});
  expect(activate.status).toBe(201);
  expect(activate.body.data).toMatchObject({ state: 'in_service', assigned_to: ids.customer });
  await waitFor('the activate event', async () => (numberEvent(num(0)) ? true : undefined));
  await waitServicesDirty(ids.customer);
  expect(await servicesDirty(ids.customer)).toBe(true);

  const listing = await api(tokens.customer, 'GET', `/v2/accounts/${ids.customer}/phone_numbers`);
  expect(Object.keys(listing.body.data.numbers)).toEqual([num(0)]);
  expect(listing.body.data.numbers[num(0)]).toMatchObject({ state: 'in_service' });
});

test('a customer outside the reseller tree cannot see the inventory', async () => {
  const search = await api(tokens.outsider, 'GET', `/v2/phone_numbers?prefix=${NPA}555&quantity=5`);
  expect(search.body.data).toEqual([]);
  expect((await api(tokens.outsider, 'GET', `/v2/accounts/${ids.outsider}/phone_numbers/${enc(num(1))}`)).status).toBe(404);
  expect((await api(tokens.outsider, 'PUT', `/v2/accounts/${ids.outsider}/phone_numbers/${enc(num(1))}/activate`, {})).status).toBe(404);
  expect((await api(tokens.outsider, 'GET', `/v2/accounts/${ids.customer}/phone_numbers`)).status).toBe(403);
  expect(await readNumber(p.couch, num(1))).toMatchObject({ pvt_state: 'available', pvt_assigned_to: ids.reseller });
});

test('20 concurrent activations of one number by two customers: one 201, nineteen 409, one owner', async () => {
  const n = num(7);
  const who = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'customer2' : 'customer') as 'customer' | 'customer2');
  const results = await Promise.all(who.map((w) => api(tokens[w], 'PUT', `/v2/accounts/${ids[w]}/phone_numbers/${enc(n)}/activate`, {})));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([201, ...Array(19).fill(409)]);
  const winner = results.find((r) => r.status === 201)?.body.data.assigned_to;
  expect(await readNumber(p.couch, n)).toMatchObject({ pvt_state: 'in_service', pvt_assigned_to: winner });
});

test('release and delete follow system_config', async () => {
  // Released by the customer, an inventory number goes back to the reseller inventory.
  // services-sync has counted what the customer holds now (it may have won the race above too).
  const holding = Object.keys((await api(tokens.customer, 'GET', `/v2/accounts/${ids.customer}/phone_numbers`)).body.data.numbers).length;
  await waitFor("services-sync to count the customer's numbers", async () => ((await countedNumbers(ids.customer)) === holding ? true : undefined));
  await cleanServices(ids.customer);
  const released = await api(tokens.customer, 'DELETE', `/v2/accounts/${ids.customer}/phone_numbers/${enc(num(0))}`);
  expect(released.status).toBe(200);
  expect(released.body.data).toMatchObject({ state: 'available', assigned_to: ids.reseller });
  await waitServicesDirty(ids.customer);
  expect(await servicesDirty(ids.customer)).toBe(true);
  expect(Object.keys((await api(tokens.customer, 'GET', `/v2/accounts/${ids.customer}/phone_numbers`)).body.data.numbers)).not.toContain(num(0));

  // A local number (added by the master) leaves the system when released; a hard delete by the master removes any.
  const local = `+1${NPA}5559990`;
  expect((await api(masterToken, 'PUT', `/v2/accounts/${ids.customer}/phone_numbers/${enc(local)}`, {})).status).toBe(201);
  await api(tokens.customer, 'DELETE', `/v2/accounts/${ids.customer}/phone_numbers/${enc(local)}`);
  expect(await readNumber(p.couch, local)).toMatchObject({ pvt_state: 'deleted', pvt_deleted: true });
  expect((await api(masterToken, 'GET', `/v2/accounts/${ids.customer}/phone_numbers/${enc(local)}`)).status).toBe(404);
  expect((await api(tokens.reseller, 'DELETE', `/v2/accounts/${ids.reseller}/phone_numbers/${enc(num(500))}?hard=true`)).status).toBe(403);
  expect((await api(masterToken, 'DELETE', `/v2/accounts/${ids.reseller}/phone_numbers/${enc(num(500))}?hard=true`)).status).toBe(200);
  expect(await readNumber(p.couch, num(500))).toMatchObject({ pvt_state: 'deleted' });

  // should_permanently_delete: a number nobody is left to hold is deleted on release.
  await setNumberManagerKey(p.config, 'should_permanently_delete', true);
  const direct = `+1${NPA}5559991`;
  await api(masterToken, 'PUT', `/v2/accounts/${ids.customer2}/phone_numbers/${enc(direct)}`, { state: 'in_service' });
  await p.couch.update(`numbers/+1${NPA}`, direct, (d) => (d ? { ...d, pvt_module_name: 'knm_other' } : undefined));
  await api(tokens.customer2, 'DELETE', `/v2/accounts/${ids.customer2}/phone_numbers/${enc(direct)}`);
  expect(await readNumber(p.couch, direct)).toMatchObject({ pvt_state: 'deleted' });
  await setNumberManagerKey(p.config, 'should_permanently_delete', false);

  // Deleting an account releases what it holds (number-manager service): back to the inventory.
  expect((await api(tokens.customer2, 'PUT', `/v2/accounts/${ids.customer2}/phone_numbers/${enc(num(3))}/activate`, {})).status).toBe(201);
  const held = Object.keys((await api(tokens.customer2, 'GET', `/v2/accounts/${ids.customer2}/phone_numbers`)).body.data.numbers);
  expect(held).toContain(num(3));
  // safe delete refuses an account that still holds numbers; the master forces it
  const refused = await api(masterToken, 'DELETE', `/v2/accounts/${ids.customer2}`);
  expect(refused.status).toBe(409);
  expect(refused.body.data).toMatchObject({ numbers: held.length });
  expect((await api(masterToken, 'DELETE', `/v2/accounts/${ids.customer2}?force=true`)).status).toBe(200);
  for (const n of held) {
    await waitFor(`${n} to be released`, async () => ((await readNumber(p.couch, n))?.pvt_state === 'available' ? true : undefined));
    expect(await readNumber(p.couch, n)).toMatchObject({ pvt_assigned_to: ids.reseller, pvt_previously_assigned_to: ids.customer2 });
  }
}, 60000);
