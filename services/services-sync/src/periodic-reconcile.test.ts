import { SystemConfig } from '@tollgate/config';
import { accountDbName, deployDesignDocs, gregorianNow, stampPvt } from '@tollgate/kazoo-db';
import { numberManagerSource, type ServicesDoc, ServicesStore } from '@tollgate/services';
import { randomHex, TestCouch } from '@tollgate/testing';
import { PeriodicReconcile } from './periodic-reconcile';

const couch = new TestCouch();
let config: SystemConfig;

afterAll(async () => {
  await couch.cleanup();
});

test('a device added by hand in Fauxton (no document event) is counted by the periodic reconcile', async () => {
  const servicesDb = await couch.freshDb('services');
  await deployDesignDocs(couch, servicesDb, 'services');
  config = new SystemConfig({ couch, node: 'tollgate@reconcile-test', db: await couch.freshDb('sysconf') });
  const store = new ServicesStore({ couch, config, numbers: numberManagerSource(couch, config), db: servicesDb });
  const id = randomHex(16);
  const db = accountDbName(id);
  await couch.ensureDb(db);
  couch.track(db);
  await couch.put(servicesDb, { _id: id, pvt_type: 'service', billing_id: id, plans: {}, pvt_dirty: false, pvt_modified: gregorianNow() - 10 } as ServicesDoc);
  await couch.put(db, stampPvt({ _id: 'dev1', pvt_type: 'device', device_type: 'sip_device' }, { account: id }));
  const reconciled = await new PeriodicReconcile(store, () => undefined).reconcileAll();
  expect(reconciled).toBe(1);
  expect(await couch.get<ServicesDoc>(servicesDb, id)).toMatchObject({ quantities: { devices: { sip_device: 1 } }, pvt_dirty: true });
});
