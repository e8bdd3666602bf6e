// Reconcile with the services module and the number manager wired together as services-sync wires
// them: quantities counted from the account db and from the numbers the number manager lists.
import { findMasterAccountId } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { accountDbName, deployDesignDocs, gregorianNow, stampPvt } from '@tollgate/kazoo-db';
import { numberManagerSource } from '@tollgate/numbers';
import { setNumberManagerKey } from '@tollgate/numbers/testing';
import { type ServicesDoc, ServicesStore } from '@tollgate/services';
import { randomHex, TestCouch } from '@tollgate/testing';

const couch = new TestCouch();
let config: SystemConfig;
let servicesDb: string;
let store: ServicesStore;
const masterId = randomHex(16);

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
  config = new SystemConfig({ couch, node: 'tollgate@reconcile-test', db: await couch.freshDb('sysconf') });
  await config.setDefault('accounts', 'master_account_id', masterId);
  store = await ServicesStore.open({ couch, config, numbers: numberManagerSource(couch, config), masterId: () => findMasterAccountId({ couch, config }), db: servicesDb });
  await accountDb(masterId, [{ _id: 'plan_bulk', pvt_type: 'service_plan', name: 'Bulk', plan: { ratedeck: { bulk: {} } } }]);
});

afterAll(async () => {
  store.close();
  await couch.cleanup();
});

test('reconcile recounts users, devices, limits and numbers, sets the ratedeck, marks dirty only on change', async () => {
  const id = randomHex(16);
  await accountDb(id, [
    { _id: 'u1', pvt_type: 'user', priv_level: 'admin' },
    { _id: 'u2', pvt_type: 'user', priv_level: 'user' },
    { _id: 'u3', pvt_type: 'user', priv_level: 'user', pvt_deleted: true },
    { _id: 'd1', pvt_type: 'device', device_type: 'softphone' },
    { _id: 'd2', pvt_type: 'device' },
    { _id: 'limits', pvt_type: 'limits', twoway_trunks: 10, inbound_trunks: -1 },
    { _id: '+14155550001', pvt_type: 'number', pvt_state: 'in_service', pvt_module_name: 'knm_inventory', pvt_features: { e911: {} } },
    { _id: '+18005550002', pvt_type: 'number', pvt_state: 'in_service', pvt_module_name: 'knm_inventory' },
    { _id: '+14155550003', pvt_type: 'number', pvt_state: 'reserved', pvt_module_name: 'knm_inventory' },
    { _id: '+14155550004', pvt_type: 'number', pvt_state: 'in_service', pvt_module_name: 'knm_local' },
  ]);
  await servicesDoc(id, { plans: { plan_bulk: { account_id: masterId } }, pvt_dirty: false });
  const doc = await store.reconcile(id);
  expect(doc?.quantities).toEqual({
    users: { admin: 1, user: 1 },
    devices: { softphone: 1, sip_device: 1 },
    limits: { twoway_trunks: 10 },
    phone_numbers: { did_us: 1, tollfree_us: 1 },
    number_services: { e911: 1 },
    ratedeck: { bulk: 1 },
  });
  expect(doc?.ratedeck).toEqual({ id: 'bulk', name: 'bulk' });
  expect(doc?.pvt_dirty).toBe(true);
  // Local numbers are billed once system_config says so (seed 000's recompile, as a setting).
  await couch.update(servicesDb, id, (cur) => (cur ? { ...cur, pvt_dirty: false } : undefined));
  const rev = (await store.get(id))?._rev;
  expect((await store.reconcile(id))?._rev).toBe(rev);
  await setNumberManagerKey(config, ['is_number_billable', 'knm_local'], true);
  expect((await store.reconcile(id))?.quantities?.phone_numbers).toEqual({ did_us: 2, tollfree_us: 1 });
  await setNumberManagerKey(config, ['is_number_billable', 'knm_local'], false);
});
