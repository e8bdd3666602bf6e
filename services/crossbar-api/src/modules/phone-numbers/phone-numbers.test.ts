import { SystemConfig } from '@tollgate/config';
import { type Bus, createLocalBus } from '@tollgate/kazoo-bus';
import { accountDbName, GLOBAL_DBS, numberDb } from '@tollgate/kazoo-db';
import { recordLogs } from '@tollgate/log';
import { setNumberManagerKey } from '@tollgate/numbers/testing';
import { jsonOf, randomHex, TestCouch, waitFor } from '@tollgate/testing';
import type { AuthContext } from '../../core/types';
import { type CrossbarService, startCrossbar } from '../../service';
import { phoneNumbersModule } from './index';

const couch = new TestCouch();
let config: SystemConfig;
let bus: Bus;
let crossbar: CrossbarService;
const [master, reseller, customer, outsider] = Array.from({ length: 4 }, () => randomHex(16));
let npa: string;
const num = (i: number) => `+1${npa}555${String(2000 + i)}`;

function auth(accountId: string, tree: string[], admin = false): AuthContext {
  return { token: `tok-${accountId}`, accountId, isSuperduperAdmin: admin, privLevel: 'admin', method: 'cb_user_auth', tree, isReseller: false };
}
const tokens = new Map<string, AuthContext>([
  [`tok-${master}`, auth(master, [], true)],
  [`tok-${reseller}`, auth(reseller, [master])],
  [`tok-${customer}`, auth(customer, [master, reseller])],
  [`tok-${outsider}`, auth(outsider, [master])],
]);

beforeAll(async () => {
  npa = await couch.reserveUsAreaCode();
  config = new SystemConfig({ couch, node: 'tollgate@test', db: await couch.freshDb('sysconf') });
  await config.start();
  await setNumberManagerKey(config, 'carrier_modules', ['knm_local', 'knm_test']);
  bus = createLocalBus({ appName: 'crossbar', appVersion: '4.3.0' });
  for (const db of [GLOBAL_DBS.accounts, GLOBAL_DBS.services]) await couch.ensureDb(db);
  for (const [id, tree, isReseller] of [
    [master, [], true],
    [reseller, [master], true],
    [customer, [master, reseller], false],
    [outsider, [master], false],
  ] as [string, string[], boolean][]) {
    await couch.ensureDb(accountDbName(id));
    couch.track(accountDbName(id));
    await couch.put(GLOBAL_DBS.accounts, { _id: id, pvt_type: 'account', pvt_tree: tree, pvt_reseller: isReseller });
    await couch.put(GLOBAL_DBS.services, { _id: id, pvt_type: 'service', pvt_reseller: isReseller, pvt_dirty: false });
  }
  crossbar = await startCrossbar({
    deps: { couch, bus, config, node: 'tollgate@test' },
    port: 0,
    host: '127.0.0.1',
    modules: [phoneNumbersModule],
    authenticator: { authenticate: async (t) => tokens.get(t) },
  });
});

afterAll(async () => {
  await crossbar.stop();
  await bus.close();
  await config.stop();
  await couch.cleanup();
});

async function call(who: string, method: string, path: string, data?: unknown) {
  const res = await fetch(`${crossbar.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': `tok-${who}`, 'Content-Type': 'application/json' },
    ...(data !== undefined ? { body: JSON.stringify({ data }) } : {}),
  });
  return { status: res.status, body: await jsonOf(res) };
}
const enc = encodeURIComponent;

test('the reseller loads numbers; its customer searches, reserves and activates; others do not see them', async () => {
  const load = await call(reseller, 'PUT', `/v2/accounts/${reseller}/phone_numbers/collection`, { numbers: [num(1), num(2), num(3)], state: 'available' });
  expect(load.status).toBe(201);
  expect(Object.keys(load.body.data.success)).toEqual([num(1), num(2), num(3)]);

  const found = await call(customer, 'GET', `/v2/phone_numbers?prefix=${npa}555&quantity=2`);
  expect(found.status).toBe(200);
  expect(found.body.data.map((r: { number: string }) => r.number)).toEqual([num(1), num(2)]);
  const outside = await call(outsider, 'GET', `/v2/accounts/${outsider}/phone_numbers?prefix=${npa}555&quantity=5`);
  expect(outside.body.data).toEqual([]);

  const reserve = await call(customer, 'PUT', `/v2/accounts/${customer}/phone_numbers/${enc(num(1))}/reserve`, {});
  expect(reserve.status).toBe(201);
  expect(reserve.body.data).toMatchObject({ id: num(1), state: 'reserved', assigned_to: customer });
  const activate = await call(customer, 'PUT', `/v2/accounts/${customer}/phone_numbers/${enc(num(1))}/activate`, {});
  expect(activate.body.data).toMatchObject({ state: 'in_service', _read_only: { state: 'in_service', carrier_module: 'knm_inventory' } });
  // Kazoo 4.3 (knm_number_states): activating a number already in service for the account is ok.
  const again = await call(customer, 'PUT', `/v2/accounts/${customer}/phone_numbers/${enc(num(1))}/activate`, {});
  expect(again.status).toBe(201);
  expect(again.body.data).toMatchObject({ id: num(1), state: 'in_service', assigned_to: customer });
  expect(again.body.revision).toBe(activate.body.revision);

  const listing = await call(customer, 'GET', `/v2/accounts/${customer}/phone_numbers`);
  expect(listing.body.data).toEqual({ casquade_quantity: 0, numbers: { [num(1)]: expect.objectContaining({ state: 'in_service', assigned_to: customer, features: [] }) } });
  expect((await call(outsider, 'GET', `/v2/accounts/${outsider}/phone_numbers/${enc(num(1))}`)).status).toBe(404);
  expect((await call(outsider, 'GET', `/v2/accounts/${customer}/phone_numbers`)).status).toBe(403);
  expect((await call(outsider, 'PUT', `/v2/accounts/${outsider}/phone_numbers/${enc(num(2))}/activate`, {})).status).toBe(404);
});

test('PATCH sets features, DELETE releases back to the inventory', async () => {
  const patched = await call(customer, 'PATCH', `/v2/accounts/${customer}/phone_numbers/${enc(num(1))}`, { cnam: { display_name: 'ACME' } });
  expect(patched.status).toBe(200);
  expect(patched.body.data).toMatchObject({ cnam: { display_name: 'ACME' }, features: ['cnam'] });
  const released = await call(customer, 'DELETE', `/v2/accounts/${customer}/phone_numbers/${enc(num(1))}`);
  expect(released.status).toBe(200);
  expect(released.body.data).toMatchObject({ state: 'available', assigned_to: reseller });
  expect((await call(customer, 'GET', `/v2/accounts/${customer}/phone_numbers`)).body.data.numbers).toEqual({});
});

test('bad input gets Kazoo errors and changes nothing', async () => {
  const bad = await call(customer, 'PUT', `/v2/accounts/${customer}/phone_numbers/12ab/activate`, {});
  expect(bad.status).toBe(404);
  expect(bad.body).toMatchObject({ message: 'not_found', data: { error: 'not_found', message: 'number 12ab is not reconcilable' } });
  const exists = await call(master, 'PUT', `/v2/accounts/${customer}/phone_numbers/${enc(num(2))}`, {});
  expect(exists.status).toBe(409);
  expect(exists.body).toMatchObject({ message: 'number_exists', data: { message: `number ${num(2)} already exists` } });
  const forbidden = await call(customer, 'PUT', `/v2/accounts/${customer}/phone_numbers/${enc(num(9))}`, {});
  expect(forbidden.status).toBe(403);
  expect((await call(master, 'GET', `/v2/accounts/${customer}/phone_numbers/${enc(num(9))}`)).status).toBe(404);
  const noNumbers = await call(customer, 'PUT', `/v2/accounts/${customer}/phone_numbers/collection/activate`, { numbers: [] });
  expect(noNumbers.status).toBe(400);
  expect(noNumbers.body.data).toEqual({ numbers: { required: { message: 'numbers must be a non-empty list of phone numbers' } } });
  const badQuantity = await call(customer, 'GET', `/v2/phone_numbers?prefix=415&quantity=lots`);
  expect(badQuantity.status).toBe(400);
  expect((await call(customer, 'GET', '/v2/phone_numbers?quantity=2')).body.data).toEqual({ prefix: { required: { message: 'Field is required but missing' } } });
});

test('the test carrier offers its fixed inventory; a found number is activated from discovery', async () => {
  const found = await call(customer, 'GET', '/v2/phone_numbers?prefix=212555&quantity=2');
  expect(found.body.data[0]).toMatchObject({ number: '+12125550100', state: 'discovery', carrier_module: 'knm_test', npa_nxx: '212555' });
  const n = `+1212555${String(100 + Math.floor(Math.random() * 100)).padStart(4, '0')}`;
  couch.track('numbers/+1212');
  const activated = await call(customer, 'PUT', `/v2/accounts/${customer}/phone_numbers/collection/activate`, { numbers: [n, '+19995550000'] });
  expect(activated.body.data.success[n]).toMatchObject({ state: 'in_service', _read_only: { carrier_module: 'knm_test' } });
  expect(activated.body.data.error['+19995550000']).toMatchObject({ code: 404, error: 'not_found' });
});

test('without a token search is refused unless unauthorized_numbers_lookup; then it shows no inventory', async () => {
  const refused = await fetch(`${crossbar.url}/v2/phone_numbers?prefix=${npa}555`);
  expect(refused.status).toBe(401);
  expect(await jsonOf(refused)).toMatchObject({ error: '401', message: 'invalid_credentials' });
  await setNumberManagerKey(config, 'unauthorized_numbers_lookup', true);
  try {
    const inventory = await fetch(`${crossbar.url}/v2/phone_numbers?prefix=${npa}555&quantity=5`).then(jsonOf);
    expect(inventory.data).toEqual([]);
    const carrier = await fetch(`${crossbar.url}/v2/phone_numbers?prefix=312555&quantity=1`).then(jsonOf);
    expect(carrier.data).toEqual([expect.objectContaining({ number: '+13125550100', state: 'discovery' })]);
  } finally {
    await setNumberManagerKey(config, 'unauthorized_numbers_lookup', false);
  }
});

test('classifiers and a number classification', async () => {
  const all = await fetch(`${crossbar.url}/v2/phone_numbers/classifiers`).then(jsonOf);
  expect(Object.keys(all.data)).toEqual(['tollfree_us', 'toll_us', 'emergency', 'caribbean', 'did_us', 'international', 'unknown']);
  const one = await fetch(`${crossbar.url}/v2/phone_numbers/classifiers/4158867900`).then(jsonOf);
  expect(one.data).toMatchObject({ number: '4158867900', e164: '+14158867900', name: 'did_us', friendly_name: 'US DID' });
  const tf = await fetch(`${crossbar.url}/v2/phone_numbers/classifiers/${enc('+18005550199')}`).then(jsonOf);
  expect(tf.data).toMatchObject({ name: 'tollfree_us' });
});

test('an anonymous search that is refused writes nothing, not even the number_manager default', async () => {
  await config.delete('number_manager', 'unauthorized_numbers_lookup');
  const before = await couch.get<Record<string, unknown>>(config.db, 'number_manager');
  const refused = await fetch(`${crossbar.url}/v2/phone_numbers?prefix=${npa}555`);
  expect(refused.status).toBe(401);
  const after = await couch.get<Record<string, unknown>>(config.db, 'number_manager');
  expect(after?._rev).toBe(before?._rev);
  expect((after?.default as Record<string, unknown> | undefined)?.unauthorized_numbers_lookup).toBeUndefined();
});

test('a collection names at most maximum_collection_size numbers; more is a 400 that writes nothing', async () => {
  const many = Array.from({ length: 101 }, (_, i) => `+1${npa}557${String(1000 + i)}`);
  couch.track(numberDb(many[0]));
  for (const method of ['PUT', 'POST', 'DELETE']) {
    const res = await call(reseller, method, `/v2/accounts/${reseller}/phone_numbers/collection`, { numbers: many, state: 'available' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: '400', data: { numbers: { maxItems: { message: 'numbers may list at most 100 phone numbers per request, got 101', target: 100 } } } });
  }
  expect(await couch.get(numberDb(many[0]), many[0])).toBeUndefined();
  const ok = await call(reseller, 'PUT', `/v2/accounts/${reseller}/phone_numbers/collection/reserve`, { numbers: many.slice(0, 100) });
  expect(ok.status).toBe(201);
});

test('a collection stops starting numbers once its client has gone', async () => {
  await setNumberManagerKey(config, 'maximum_collection_size', 1000);
  try {
    const numbers = Array.from({ length: 400 }, (_, i) => `+1${npa}558${String(1000 + i)}`);
    const db = numberDb(numbers[0]);
    couch.track(db);
    const logs = recordLogs();
    const controller = new AbortController();
    const pending = fetch(`${crossbar.url}/v2/accounts/${reseller}/phone_numbers/collection`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': `tok-${reseller}` },
      body: JSON.stringify({ data: { numbers, state: 'available' } }),
      signal: controller.signal,
    }).catch(() => undefined);
    await waitFor('the first number written', async () => couch.get(db, numbers[0]));
    controller.abort();
    await pending;
    const stopped = await waitFor('the collection to stop', async () => logs.entries.find((e) => e.message === 'client left; stopped the collection')).finally(() => logs.stop());
    expect(stopped).toMatchObject({ of: 400 });
    expect(stopped.done).toBeLessThan(400);
    const written = (await couch.allDocs(db)).filter((r) => numbers.includes(r.id)).length;
    expect(written).toBe(stopped.done);
  } finally {
    await setNumberManagerKey(config, 'maximum_collection_size', 100);
  }
});
