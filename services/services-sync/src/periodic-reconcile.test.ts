import { findMasterAccountId } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import { SystemConfig } from '@tollgate/config';
import { accountDbName, deployDesignDocs, gregorianNow, stampPvt } from '@tollgate/kazoo-db';
import { type ServicesDoc, ServicesStore } from '@tollgate/services';
import { randomHex, TestCouch, waitFor } from '@tollgate/testing';
import { PeriodicReconcile } from './periodic-reconcile';
import { ServicesFollower } from './services-follower';

const couch = new TestCouch();
let config: SystemConfig;

afterAll(async () => {
  await couch.cleanup();
});

test('a device added by hand in Fauxton (no document event) is counted by the periodic reconcile', async () => {
  const servicesDb = await couch.freshDb('services');
  await deployDesignDocs(couch, servicesDb, 'services');
  config = new SystemConfig({ couch, node: 'tollgate@reconcile-test', db: await couch.freshDb('sysconf') });
  const store = await ServicesStore.open({ couch, config, numbers: numberManagerSource(couch, config), masterId: () => findMasterAccountId({ couch, config }), db: servicesDb });
  const id = randomHex(16);
  const db = accountDbName(id);
  await couch.ensureDb(db);
  couch.track(db);
  await couch.put(servicesDb, { _id: id, pvt_type: 'service', billing_id: id, plans: {}, pvt_dirty: false, pvt_modified: gregorianNow() - 10 } as ServicesDoc);
  await couch.put(db, stampPvt({ _id: 'dev1', pvt_type: 'device', device_type: 'sip_device' }, { account: id }));
  const reconciled = await new PeriodicReconcile(store, () => undefined).reconcileAll();
  store.close();
  expect(reconciled).toBe(1);
  expect(await couch.get<ServicesDoc>(servicesDb, id)).toMatchObject({ quantities: { devices: { sip_device: 1 } }, pvt_dirty: true });
});

test('plans written into a services doc by hand are picked up from the services db feed', async () => {
  const servicesDb = await couch.freshDb('services');
  await deployDesignDocs(couch, servicesDb, 'services');
  const sysconf = new SystemConfig({ couch, node: 'tollgate@follower-test', db: await couch.freshDb('sysconf') });
  const masterId = randomHex(16);
  await sysconf.setDefault('accounts', 'master_account_id', masterId);
  const store = await ServicesStore.open({ couch, config: sysconf, numbers: numberManagerSource(couch, sysconf), masterId: () => findMasterAccountId({ couch, config: sysconf }), db: servicesDb });
  const masterDb = accountDbName(masterId);
  await couch.ensureDb(masterDb);
  couch.track(masterDb);
  await couch.put(masterDb, stampPvt({ _id: 'plan_bulk', name: 'Bulk', plan: { ratedeck: { bulk: {} } } }, { type: 'service_plan', account: masterId }));
  const id = randomHex(16);
  const later = randomHex(16);
  for (const acct of [id, later]) {
    await couch.ensureDb(accountDbName(acct));
    couch.track(accountDbName(acct));
    await couch.put(servicesDb, { _id: acct, pvt_type: 'service', billing_id: acct, plans: {}, pvt_reseller_id: masterId, pvt_modified: gregorianNow() } as ServicesDoc);
  }
  const seen: string[] = [];
  const reconciles: Promise<unknown>[] = [];
  const follower = new ServicesFollower(couch.url, (acct) => {
    seen.push(acct);
    reconciles.push(store.reconcile(acct));
  }, servicesDb);
  await follower.start();
  try {
    await couch.update<ServicesDoc>(servicesDb, id, (cur) => (cur ? { ...cur, plans: { plan_bulk: { account_id: masterId } } } : undefined));
    const reconciled = await waitFor('the ratedeck set by the reconcile', async () => (await couch.get<ServicesDoc>(servicesDb, id))?.ratedeck);
    expect(reconciled).toEqual({ id: 'bulk', name: 'bulk' });
    // A hand edit made after the reconcile's write: once the follower has seen it, it has seen that write too.
    await couch.update<ServicesDoc>(servicesDb, later, (cur) => (cur ? { ...cur, plans: { plan_bulk: { account_id: masterId } } } : undefined));
    await waitFor('the later hand edit', async () => (seen.includes(later) ? true : undefined));
    await Promise.all(reconciles);
    // Our own write (with the fingerprint) caused no further reconcile.
    expect(seen.filter((acct) => acct === id)).toHaveLength(1);
  } finally {
    await follower.stop();
    store.close();
  }
});
