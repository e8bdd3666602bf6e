// The document events services-sync follows, published by the writers themselves: a number copy
// written into an account db (the number manager's) and a plan created through the services module.
import { SystemConfig } from '@tollgate/config';
import { type Bus, createLocalBus, LocalBroker } from '@tollgate/kazoo-bus';
import { accountDbName, deployDesignDocs, gregorianNow, stampPvt } from '@tollgate/kazoo-db';
import { DocWriter } from '@tollgate/service-kit';
import { type NumberSource, type ServicesDoc, ServicesStore } from '@tollgate/services';
import { randomHex, TestCouch, waitFor } from '@tollgate/testing';
import { DocEventListener } from './doc-event-listener';

const couch = new TestCouch();
const masterId = randomHex(16);
let bus: Bus;
let config: SystemConfig;
let servicesDb: string;
let store: ServicesStore;
let listener: DocEventListener;
/** Numbers as the number manager lists them: what the account db holds. */
const numbers: NumberSource = {
  listAccountNumbers: async (accountId) =>
    (await couch.find<{ _id: string; pvt_state: string }>(accountDbName(accountId), { pvt_type: 'number' })).map((n) => ({ number: n._id, state: n.pvt_state, carrier: 'knm_inventory' })),
  classifier: async () => () => 'did_us',
  isBillable: async () => true,
};

async function account(extra: Partial<ServicesDoc> = {}): Promise<string> {
  const id = randomHex(16);
  await couch.ensureDb(accountDbName(id));
  couch.track(accountDbName(id));
  await couch.put(servicesDb, { _id: id, pvt_type: 'service', billing_id: id, plans: {}, pvt_reseller_id: masterId, pvt_dirty: false, pvt_modified: gregorianNow() - 100, ...extra } as ServicesDoc);
  return id;
}

beforeAll(async () => {
  bus = createLocalBus({ appName: 'services-sync-test', appVersion: '4.3.0', broker: new LocalBroker() });
  servicesDb = await couch.freshDb('services');
  await deployDesignDocs(couch, servicesDb, 'services');
  config = new SystemConfig({ couch, node: 'tollgate@doc-events-test', db: await couch.freshDb('sysconf') });
  await couch.ensureDb(accountDbName(masterId));
  couch.track(accountDbName(masterId));
  store = await ServicesStore.open({ couch, bus, config, numbers, masterId: async () => masterId, db: servicesDb });
  listener = new DocEventListener(bus, store, 50);
  await listener.start();
});

afterAll(async () => {
  await listener.stop();
  store.close();
  await bus.close();
  await couch.cleanup();
});

test('a number written into its holder’s db makes services-sync recount the holder and mark it dirty', async () => {
  const holder = await account();
  const writer = new DocWriter({ couch, bus });
  // Reserved: not billed, yet a number change starts the holder's quiet period again.
  await writer.put(accountDbName(holder), stampPvt({ _id: '+14155550101', pvt_state: 'reserved' }, { type: 'number', account: holder }));
  await waitFor('the holder marked dirty', async () => ((await store.get(holder))?.pvt_dirty === true ? true : undefined));
  await couch.update<ServicesDoc>(servicesDb, holder, (cur) => (cur ? { ...cur, pvt_dirty: false } : undefined));

  await writer.put(accountDbName(holder), stampPvt({ _id: '+14155550102', pvt_state: 'in_service' }, { type: 'number', account: holder }));
  const counted = await waitFor('the number counted', async () => {
    const doc = await store.get(holder);
    return doc?.quantities?.phone_numbers?.did_us === 1 ? doc : undefined;
  });
  expect(counted.pvt_dirty).toBe(true);
});

test('a plan created through the services module reaches the accounts that name it', async () => {
  const customer = await account({ plans: { plan_gold: { account_id: masterId, vendor_id: masterId } } });
  expect((await store.reconcile(customer))?.pvt_plan_errors).toHaveProperty('plan_gold');
  await store.createPlan(masterId, { id: 'plan_gold', name: 'Gold', plan: { ratedeck: { gold: {} } } });
  const reconciled = await waitFor('the account reconciled with the new plan', async () => {
    const doc = await store.get(customer);
    return doc?.ratedeck ? doc : undefined;
  });
  expect(reconciled.ratedeck).toEqual({ id: 'gold', name: 'gold' });
  expect(reconciled.pvt_plan_errors).toBeUndefined();
});
