import { type LiveSettings, SystemConfig } from '@tollgate/config';
import { createLocalBus, type KazooMessage, LocalBroker } from '@tollgate/kazoo-bus';
import { accountDbName, deployDesignDocs, encodeDbName, gregorianNow, stampPvt } from '@tollgate/kazoo-db';
import { balance, listTransactions, newTransaction, saveTransaction } from '@tollgate/ledger';
import { randomHex, TestCouch, waitFor } from '@tollgate/testing';
import { BookkeeperSelector } from '../bookkeepers/select-bookkeeper';
import { type ServicesSettings, startServicesSettings } from '../config';
import type { NumberSource } from '../quantities/number-source';
import { syncNow } from '../sync/sync-account';
import type { ServicesDoc } from './services-doc';
import { ServicesStore } from './services-store';

const couch = new TestCouch();
let config: SystemConfig;
let servicesDb: string;
let store: ServicesStore;
let settings: LiveSettings<ServicesSettings>;
const masterId = randomHex(16);
/** These tests count users and devices; numbers are the number manager's (tested in services-sync). */
const noNumbers: NumberSource = { listAccountNumbers: async () => [], classifier: async () => () => 'unknown', isBillable: async () => true };

async function accountDb(id: string, docs: Record<string, unknown>[] = []): Promise<void> {
  const db = accountDbName(id);
  await couch.ensureDb(db);
  couch.track(db);
  if (docs.length) await couch.bulk(db, docs.map((d) => stampPvt(d, { account: id })));
}

async function servicesDoc(id: string, extra: Partial<ServicesDoc> = {}): Promise<void> {
  await couch.put(servicesDb, {
    _id: id,
    pvt_type: 'service',
    billing_id: id,
    plans: {},
    pvt_reseller_id: masterId,
    pvt_tree: [masterId],
    pvt_status: 'good_standing',
    pvt_modified: gregorianNow() - 100,
    ...extra,
  } as ServicesDoc);
}

beforeAll(async () => {
  servicesDb = await couch.freshDb('services');
  await deployDesignDocs(couch, servicesDb, 'services');
  config = new SystemConfig({ couch, node: 'tollgate@store-test', db: await couch.freshDb('sysconf') });
  await config.setDefault('accounts', 'master_account_id', masterId);
  settings = await startServicesSettings(config);
  store = new ServicesStore({ couch, config, settings, numbers: noNumbers, masterId: async () => masterId, db: servicesDb });
  await accountDb(masterId, [
    { _id: 'plan_bulk', pvt_type: 'service_plan', name: 'Bulk', plan: { ratedeck: { bulk: {} } } },
    { _id: 'plan_users', pvt_type: 'service_plan', name: 'Users', plan: { users: { _all: { rate: 2, as: 'user' } }, devices: { sip_device: { rate: 1, cascade: true } } } },
    { _id: 'plan_setup', pvt_type: 'service_plan', name: 'Setup', plan: { users: { _all: { rate: 1, as: 'user', activation_charge: 3 } } } },
    { _id: 'plan_broken', pvt_type: 'service_plan', name: 'Broken by hand', plan: { users: { user: { rate: 'five' } } } },
  ]);
});

afterAll(async () => {
  settings.stop();
  await couch.cleanup();
});

test('a plan broken by hand is skipped and the reason recorded; two decks by hand keep the old deck', async () => {
  const id = randomHex(16);
  await accountDb(id);
  await servicesDoc(id, { plans: { plan_broken: { account_id: masterId }, plan_users: { account_id: masterId } } });
  const doc = await store.reconcile(id);
  expect(doc?.pvt_plan_errors?.plan_broken).toMatchObject({ validation: { 'plan.users.user.rate': { type: expect.anything() } } });
  expect((await store.loadPlans(doc as ServicesDoc)).plans.map((p) => p.id)).toEqual(['plan_users']);

  await couch.put(accountDbName(masterId), stampPvt({ _id: 'plan_other_deck', pvt_type: 'service_plan', name: 'Other', plan: { ratedeck: { other: {} } } }, { account: masterId }));
  const two = randomHex(16);
  await accountDb(two);
  await servicesDoc(two, { plans: { plan_bulk: { account_id: masterId }, plan_other_deck: { account_id: masterId } }, ratedeck: { id: 'bulk', name: 'bulk' } });
  const conflicted = await store.reconcile(two);
  expect(conflicted?.ratedeck).toEqual({ id: 'bulk', name: 'bulk' });
  expect(conflicted?.pvt_plan_errors?.ratedeck).toMatchObject({ plans: ['plan_bulk', 'plan_other_deck'] });
});

test('cascade quantities sum the descendants, not the account itself', async () => {
  const parent = randomHex(16);
  const [c1, c2] = [randomHex(16), randomHex(16)];
  await accountDb(parent);
  await servicesDoc(parent, { quantities: { devices: { sip_device: 1 } } });
  await servicesDoc(c1, { pvt_tree: [masterId, parent], quantities: { devices: { sip_device: 2 } } });
  await servicesDoc(c2, { pvt_tree: [masterId, parent], quantities: { devices: { sip_device: 3, softphone: 1 } } });
  expect(await store.cascadeQuantities(parent)).toEqual({ devices: { sip_device: 5, softphone: 1 } });
});

test('a claim is taken by exactly one of many racing workers', async () => {
  const id = randomHex(16);
  await servicesDoc(id, { pvt_dirty: true });
  const doc = (await store.get(id)) as ServicesDoc;
  const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claim(doc, `node${i}`, 60)));
  expect(claims.filter(Boolean)).toHaveLength(1);
  const held = (await store.get(id)) as ServicesDoc;
  expect(await store.claim(held, 'late', 60)).toBeUndefined();
});

test('an account changed while it was synced stays dirty', async () => {
  const id = randomHex(16);
  await servicesDoc(id, { pvt_dirty: true });
  const claimed = (await store.claim((await store.get(id)) as ServicesDoc, 'n', 60)) as ServicesDoc;
  await store.markDirty(id);
  const released = await store.release(claimed, (d) => ({ ...d, pvt_dirty: false }));
  expect(released?.pvt_dirty).toBe(true);
  expect(released?.pvt_sync_lock).toBeUndefined();
});

test('local bookkeeper: a sync debits the month’s recurring charge once; credits and debits make the balance', async () => {
  const id = randomHex(16);
  await accountDb(id, [{ _id: 'u1', pvt_type: 'user' }, { _id: 'u2', pvt_type: 'user' }]);
  await servicesDoc(id, { plans: { plan_users: { account_id: masterId } }, pvt_dirty: true });
  const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'n' };
  expect(await syncNow(deps, id)).toMatchObject({ result: 'synced', bookkeeper: 'local', total: 40_000 });
  await store.markDirty(id);
  expect(await syncNow(deps, id)).toMatchObject({ result: 'synced' });
  for (const db of await couch.listDbs(`${accountDbName(id)}-`)) couch.track(db);
  expect(await balance(couch, id)).toBe(-40_000);
  await saveTransaction(store.writeDeps, newTransaction({ accountId: id, type: 'credit', amount: 100_000, reason: 'admin_discretion' }));
  expect(await balance(couch, id)).toBe(60_000);
  expect((await listTransactions(couch, id)).map((t) => t.pvt_reason).sort()).toEqual(['admin_discretion', 'monthly_recurring']);
});

test('billing_id: an account billed to its parent marks the parent dirty and is left clean', async () => {
  const [payer, child] = [randomHex(16), randomHex(16)];
  await accountDb(payer);
  await accountDb(child);
  await servicesDoc(payer, { pvt_dirty: false });
  await servicesDoc(child, { billing_id: payer, pvt_dirty: true, pvt_tree: [masterId, payer] });
  const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'n' };
  expect(await syncNow(deps, child)).toMatchObject({ result: 'no_plans', account: payer });
  expect((await store.get(child))?.pvt_dirty).toBe(false);
});

test('a plan change landing while a reconcile is paused between its reads and its write keeps its ratedeck', async () => {
  const id = randomHex(16);
  await accountDb(id);
  await servicesDoc(id);
  // The number source is the last thing reconcile reads before it writes: hold it there once.
  let paused!: () => void;
  const reachedNumbers = new Promise<void>((resolve) => {
    paused = resolve;
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  const slowNumbers: NumberSource = {
    ...noNumbers,
    listAccountNumbers: async () => {
      if (calls++ === 0) {
        paused();
        await gate;
      }
      return [];
    },
  };
  const slowStore = new ServicesStore({ couch, config, settings, numbers: slowNumbers, masterId: async () => masterId, db: servicesDb });
  const reconciling = slowStore.reconcile(id);
  await reachedNumbers;
  await store.changePlans(id, { add: ['plan_bulk'] });
  release();
  await reconciling;
  const doc = (await store.get(id)) as ServicesDoc;
  expect(doc.plans).toHaveProperty('plan_bulk');
  expect(doc.ratedeck).toEqual({ id: 'bulk', name: 'bulk' });
  expect(doc.quantities?.ratedeck).toEqual({ bulk: 1 });
});

test('a queued charge marks the account dirty and is charged to the ledger by its next sync', async () => {
  const id = randomHex(16);
  await accountDb(id);
  await servicesDoc(id, { pvt_dirty: false });
  const charge = newTransaction({ accountId: id, type: 'debit', amount: 5_000, reason: 'activation_charges' });
  await store.queueTransactions(id, [charge]);
  await store.queueTransactions(id, [charge]);
  expect(await store.get(id)).toMatchObject({ pvt_dirty: true, transactions: [expect.objectContaining({ _id: charge._id })] });
  const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'n' };
  expect(await syncNow(deps, id)).toMatchObject({ result: 'no_plans' });
  for (const db of await couch.listDbs(`${accountDbName(id)}-`)) couch.track(db);
  expect(await store.get(id)).toMatchObject({ pvt_dirty: false, transactions: [] });
  expect(await balance(couch, id)).toBe(-5_000);
});

test('every write of the store is announced as a doc event: reconcile, plan change, claim, release, mark dirty, a new plan', async () => {
  const broker = new LocalBroker();
  const bus = createLocalBus({ appName: 'services-test', appVersion: '4.3.0', broker });
  const listener = createLocalBus({ appName: 'listener', appVersion: '4.3.0', broker });
  const events: KazooMessage[] = [];
  await listener.consume({ bindings: [{ exchange: 'configuration', routingKey: '#' }] }, (msg) => {
    events.push(msg);
  });
  try {
    const announcing = new ServicesStore({ couch, bus, config, settings, numbers: noNumbers, masterId: async () => masterId, db: servicesDb });
    const id = randomHex(16);
    await accountDb(id);
    await servicesDoc(id);
    await announcing.reconcile(id);
    await announcing.changePlans(id, { add: ['plan_users'] });
    const claimed = (await announcing.claim((await announcing.get(id)) as ServicesDoc, 'n', 60)) as ServicesDoc;
    await announcing.release(claimed, (d) => ({ ...d, pvt_dirty: false }));
    await announcing.markDirty(id);
    const mine = await waitFor('five doc_edited events of the services doc', async () => {
      const seen = events.filter((e) => e.ID === id && e.Type === 'service' && e['Event-Name'] === 'doc_edited' && e.Database === encodeDbName(servicesDb));
      return seen.length >= 5 ? seen : undefined;
    });
    expect(mine).toHaveLength(5);
    const planId = `plan_${randomHex(4)}`;
    await announcing.createPlan(masterId, { id: planId, name: 'Announced', plan: {} });
    await waitFor('the doc_created event of the plan', async () =>
      events.some((e) => e.ID === planId && e.Type === 'service_plan' && e['Event-Name'] === 'doc_created' && e['Account-ID'] === masterId) ? true : undefined,
    );
  } finally {
    await listener.close();
    await bus.close();
  }
});

test('changePlans gives a plan with overrides in one write; the sync bills no activation charge where it is overridden to 0', async () => {
  const [waived, charged] = [randomHex(16), randomHex(16)];
  for (const id of [waived, charged]) {
    await accountDb(id, [{ _id: 'u1', pvt_type: 'user' }, { _id: 'u2', pvt_type: 'user' }]);
    await servicesDoc(id);
    await store.reconcile(id);
  }
  const before = (await store.get(waived)) as ServicesDoc;
  // Invalid: a plan the account does not have, a negative charge — 400 naming the field, nothing written.
  await expect(store.changePlans(waived, { add: [], overrides: { plan_setup: {} } })).rejects.toMatchObject({ code: 400, data: { 'overrides.plan_setup': expect.any(Object) } });
  await expect(store.changePlans(waived, { add: ['plan_setup'], overrides: { plan_setup: { users: { _all: { activation_charge: -1 } } } } })).rejects.toMatchObject({
    code: 400,
    data: { 'overrides.plan_setup.users._all.activation_charge': expect.any(Object) },
  });
  expect((await store.get(waived))?._rev).toBe(before._rev);

  const { doc } = await store.changePlans(waived, { add: ['plan_setup'], overrides: { plan_setup: { users: { _all: { activation_charge: 0 } } } } });
  expect(Number.parseInt(String(doc._rev), 10)).toBe(Number.parseInt(String(before._rev), 10) + 1);
  expect(doc.plans?.plan_setup).toMatchObject({ account_id: masterId, overrides: { users: { _all: { activation_charge: 0 } } } });
  await store.changePlans(charged, { add: ['plan_setup'] });
  const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'n' };
  for (const id of [waived, charged]) {
    expect(await syncNow(deps, id)).toMatchObject({ result: 'synced' });
    for (const db of await couch.listDbs(`${accountDbName(id)}-`)) couch.track(db);
  }
  const reasons = async (id: string) => (await listTransactions(couch, id)).map((t) => [t.pvt_reason, t.pvt_amount]).sort();
  expect(await reasons(waived)).toEqual([['monthly_recurring', 20_000]]);
  expect(await reasons(charged)).toEqual([
    ['activation_charges', 60_000],
    ['monthly_recurring', 20_000],
  ]);
});
