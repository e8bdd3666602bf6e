import { SystemConfig } from '@tollgate/config';
import { type Bus, createLocalBus, type KazooMessage } from '@tollgate/kazoo-bus';
import { GLOBAL_DBS, gregorianNow } from '@tollgate/kazoo-db';
import { DocWriter } from '@tollgate/service-kit';
import { TestCouch } from '@tollgate/testing';
import type { Actor } from './domain/hierarchy';
import type { NumberDoc } from './domain/number-doc';
import { NumberManager } from './number-manager';
import { listAccountNumbers } from './store/account-listing';
import { readNumber, writeNumber } from './store/number-store';
import { makeTree, removeTree, setNumberManagerKey, type Tree } from './testing';

const couch = new TestCouch();
// Writes a number without anything that follows it (as a process dying right after its write).
const bareWriter = new DocWriter({ couch });
let config: SystemConfig;
let bus: Bus;
let nm: NumberManager;
let t: Tree;
const events: KazooMessage[] = [];
const as = (accountId: string, isAdmin = false): Actor => ({ accountId, isAdmin });

beforeAll(async () => {
  config = new SystemConfig({ couch, node: 'tollgate@test', db: await couch.freshDb('sysconf') });
  await config.start();
  bus = createLocalBus({ appName: 'numbers-test', appVersion: '4.3.0' });
  await bus.consume({ bindings: [{ exchange: 'configuration', routingKey: '#' }] }, (msg) => {
    events.push(msg);
  });
  nm = new NumberManager({ couch, bus, config });
  t = await makeTree(couch);
});

afterAll(async () => {
  await removeTree(couch, t);
  await bus.close();
  await config.stop();
  await couch.cleanup();
});

const num = (i: number) => `${t.prefix}555${String(1000 + i).slice(-4)}`;

test('a reseller loads its inventory; only its tree finds the numbers', async () => {
  const results = await nm.importNumbers(
    [0, 1, 2, 3, 4].map((i) => ({ input: num(i) })).concat([{ input: 'not a number' }, { input: num(0) }]),
    { actor: as(t.reseller), assignTo: t.reseller },
  );
  expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false, false]);
  expect(results[6]).toMatchObject({ ok: false, reason: expect.stringContaining('twice') });
  expect(await readNumber(couch, num(0))).toMatchObject({ pvt_state: 'available', pvt_assigned_to: t.reseller, pvt_module_name: 'knm_inventory', pvt_db_name: `numbers%2F%2B1${t.prefix.slice(2)}` });

  const found = await nm.search({ actor: as(t.customer), accountId: t.customer, prefix: t.prefix.slice(2), quantity: 3, offset: 0 });
  expect(found.map((f) => f.number)).toEqual([num(0), num(1), num(2)]);
  expect(found[0]).toMatchObject({ state: 'available', carrier_module: 'knm_inventory' });
  expect(await nm.search({ actor: as(t.outsider), accountId: t.outsider, prefix: t.prefix, quantity: 10, offset: 0 })).toEqual([]);

  // the same load again (a retried task batch) is not an error
  expect((await nm.importNumbers([{ input: num(0) }], { actor: as(t.reseller), assignTo: t.reseller }))[0]).toMatchObject({ ok: true, existed: true });
  // a customer is not a reseller: it cannot load an inventory
  await expect(nm.importNumbers([{ input: num(9) }], { actor: as(t.customer), assignTo: t.customer })).rejects.toMatchObject({ code: 403 });
});

test('reserve, activate, listing and events (the services db is not written: services-sync follows the events); release goes back to the inventory', async () => {
  events.length = 0;
  const services = await couch.update(GLOBAL_DBS.services, t.customer, (d) => ({ ...(d ?? {}), pvt_dirty: false }));
  const reserved = await nm.reserve(num(1), as(t.customer), t.customer);
  expect(reserved).toMatchObject({ pvt_state: 'reserved', pvt_assigned_to: t.customer });
  expect(await couch.get(GLOBAL_DBS.services, t.customer)).toMatchObject({ _rev: services?._rev, pvt_dirty: false, quantities: { phone_numbers: {} }, pvt_reseller: false });
  expect(events.some((e) => e['Event-Name'] === 'doc_edited' && e.ID === num(1) && e.Type === 'number' && String(e.Database).startsWith('numbers%2F'))).toBe(true);
  // The holder's copy is announced with its account: what services-sync recounts on.
  expect(events.some((e) => e['Event-Name'] === 'doc_created' && e.ID === num(1) && e.Type === 'number' && e['Account-ID'] === t.customer)).toBe(true);

  await nm.activate(num(1), as(t.customer), t.customer);
  expect(await listAccountNumbers(couch, t.customer)).toEqual([{ number: num(1), state: 'in_service', module_name: 'knm_inventory', features: [] }]);

  const updated = await nm.update(num(1), as(t.customer), { cnam: { display_name: 'ACME' }, used_by: 'callflow' }, false, t.customer);
  expect(updated).toMatchObject({ cnam: { display_name: 'ACME' }, pvt_features: { cnam: { display_name: 'ACME' } }, pvt_used_by: 'callflow' });
  expect((await listAccountNumbers(couch, t.customer))[0].features).toEqual(['cnam']);

  await expect(nm.get(num(1), as(t.outsider), t.outsider)).rejects.toMatchObject({ code: 404 });
  await expect(nm.release(num(1), as(t.customer2))).rejects.toMatchObject({ code: 404 });

  const released = await nm.release(num(1), as(t.customer));
  expect(released).toMatchObject({ pvt_state: 'available', pvt_assigned_to: t.reseller, pvt_previously_assigned_to: t.customer, pvt_features: {} });
  expect(released).not.toHaveProperty('cnam');
  expect(await listAccountNumbers(couch, t.customer)).toEqual([]);
});

test('20 concurrent activations of one number by two accounts: exactly one account wins, every attempt of the other gets 409', async () => {
  const n = num(2);
  const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? t.customer : t.customer2));
  const outcomes = await Promise.allSettled(attempts.map((acct) => nm.activate(n, as(acct), acct)));
  const wins = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const losses = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  // The winner's own later attempts find the number already theirs, which is fine (Kazoo's rule).
  const winners = new Set(wins.map((w) => w.pvt_assigned_to));
  expect(winners.size).toBe(1);
  const winner = String([...winners][0]);
  expect(losses.map((l) => (l.reason as { code: number }).code)).toEqual(Array(losses.length).fill(409));
  expect(outcomes.filter((o, i) => attempts[i] !== winner && o.status === 'fulfilled')).toEqual([]);
  expect(losses.length).toBeGreaterThanOrEqual(10);
  const doc = await readNumber(couch, n);
  expect(doc).toMatchObject({ pvt_state: 'in_service', pvt_assigned_to: winner });
  const loser = winner === t.customer ? t.customer2 : t.customer;
  expect((await listAccountNumbers(couch, winner)).map((x) => x.number)).toContain(n);
  expect((await listAccountNumbers(couch, loser)).map((x) => x.number)).not.toContain(n);
});

test('account numbers are released by the system on deletion, following should_age', async () => {
  await setNumberManagerKey(config, 'should_age', true);
  try {
    const local = `${t.prefix}5559990`;
    await nm.create(local, { actor: as(t.master, true), assignTo: t.customer2, state: 'in_service' });
    await nm.activate(num(3), as(t.reseller), t.customer2);
    const result = await nm.releaseAccountNumbers(t.customer2);
    expect(result).toEqual({ released: expect.arrayContaining([local, num(3)]), failed: {} });
    expect(await readNumber(couch, local)).toMatchObject({ pvt_state: 'deleted', pvt_deleted: true });
    // from the inventory: back to the reseller, not aging
    expect(await readNumber(couch, num(3))).toMatchObject({ pvt_state: 'available', pvt_assigned_to: t.reseller });
    expect(await listAccountNumbers(couch, t.customer2)).toEqual([]);
  } finally {
    await setNumberManagerKey(config, 'should_age', false);
  }
});

test('creating a number that exists is 409 number_exists; bad numbers are 404 not reconcilable', async () => {
  await expect(nm.create(num(4), { actor: as(t.master, true), assignTo: t.customer })).rejects.toMatchObject({ code: 409, data: { error: 'number_exists' } });
  await expect(nm.activate('1234', as(t.customer), t.customer)).rejects.toMatchObject({ code: 404, data: { message: 'number 1234 is not reconcilable' } });
  await expect(nm.create(`${t.prefix}5559991`, { actor: as(t.customer), assignTo: t.customer })).rejects.toMatchObject({ code: 403 });
  expect(await readNumber(couch, `${t.prefix}5559991`)).toBeUndefined();
});

test('a write whose side effects were lost (crash) is repaired by a retry and by the crawler', async () => {
  const n = num(20);
  await nm.importNumbers([{ input: n }], { actor: as(t.reseller), assignTo: t.reseller });
  const stored = await readNumber(couch, n);
  // The number is saved in service for the customer, then the process dies: no account copy.
  await writeNumber(bareWriter, { ...(stored as NumberDoc), pvt_state: 'in_service', pvt_assigned_to: t.customer2, pvt_modified: 123 });
  expect((await listAccountNumbers(couch, t.customer2)).map((x) => x.number)).not.toContain(n);
  // The retry finds the number already the account's (fine, as Kazoo) and repairs its account copy.
  await expect(nm.activate(n, as(t.customer2), t.customer2)).resolves.toMatchObject({ pvt_state: 'in_service', pvt_assigned_to: t.customer2 });
  expect((await listAccountNumbers(couch, t.customer2)).map((x) => x.number)).toContain(n);

  const m = num(21);
  await nm.importNumbers([{ input: m }], { actor: as(t.reseller), assignTo: t.reseller });
  await writeNumber(bareWriter, { ...((await readNumber(couch, m)) as NumberDoc), pvt_state: 'in_service', pvt_assigned_to: t.customer2, pvt_modified: 124 });
  const report = await nm.crawl();
  expect(report.repaired).toContain(m);
  expect((await listAccountNumbers(couch, t.customer2)).map((x) => x.number)).toContain(m);
});

test('the crawler brings aging numbers back after aging_expiry_d', async () => {
  const n = num(22);
  await nm.importNumbers([{ input: n }], { actor: as(t.reseller), assignTo: t.reseller });
  const longAgo = gregorianNow() - 91 * 86400;
  await writeNumber(bareWriter, { ...((await readNumber(couch, n)) as NumberDoc), pvt_state: 'aging', pvt_modified: longAgo });
  const fresh = num(23);
  await nm.importNumbers([{ input: fresh }], { actor: as(t.reseller), assignTo: t.reseller });
  await writeNumber(bareWriter, { ...((await readNumber(couch, fresh)) as NumberDoc), pvt_state: 'aging' });
  const report = await nm.crawl();
  expect(report.aged).toContain(n);
  expect(report.aged).not.toContain(fresh);
  expect(await readNumber(couch, n)).toMatchObject({ pvt_state: 'available' });
  expect(await readNumber(couch, fresh)).toMatchObject({ pvt_state: 'aging' });
});

test('a numbers db deleted while the crawl runs is skipped; the crawl still handles the others', async () => {
  const n = num(24);
  await nm.importNumbers([{ input: n }], { actor: as(t.reseller), assignTo: t.reseller });
  await writeNumber(bareWriter, { ...((await readNumber(couch, n)) as NumberDoc), pvt_state: 'in_service', pvt_assigned_to: t.customer2, pvt_modified: 125 });
  // The server listed a db that is gone by the time the crawl reads it (another process purged it).
  const vanished = 'numbers/+1000';
  const racing = Object.create(couch) as TestCouch;
  racing.listDbs = async (prefix?: string) => [vanished, ...(await couch.listDbs(prefix))];
  const report = await new NumberManager({ couch: racing, bus, config }).crawl();
  expect(report.failed).toEqual([]);
  expect(report.repaired).toContain(n);
});
