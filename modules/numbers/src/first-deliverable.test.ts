import { SystemConfig } from '@tollgate/config';
import { accountDbName } from '@tollgate/kazoo-db';
import { randomHex, TestCouch } from '@tollgate/testing';
import { listAccountNumbers } from './account-listing';
import { isCarrierBillable } from './carrier-billing';
import { readClassifiers } from './classifiers';

const couch = new TestCouch();
let config: SystemConfig;

beforeAll(async () => {
  config = new SystemConfig({ couch, node: 'tollgate@test', db: await couch.freshDb('sysconf') });
  await config.start();
});

afterAll(async () => {
  await config.stop();
  await couch.cleanup();
});

test('carrier billing is a live system_config switch per carrier, local numbers unbilled by default', async () => {
  expect(await isCarrierBillable(config, 'knm_local')).toBe(false);
  expect(await isCarrierBillable(config, 'local')).toBe(false);
  expect(await isCarrierBillable(config, 'manual')).toBe(true);
  expect(await isCarrierBillable(config, 'knm_bandwidth2')).toBe(true);
  const doc = await couch.get(config.db, 'number_manager');
  expect(doc?.default).toMatchObject({ is_number_billable: { knm_local: false, knm_inventory: true, knm_bandwidth2: true } });

  // seed 000: "if you want them billed" — no recompiling, just the config doc
  await config.setDefault('number_manager', ['is_number_billable', 'knm_local'], true);
  expect(await isCarrierBillable(config, 'local')).toBe(true);
});

test('readClassifiers writes Kazoo defaults back in order and follows what an admin sets', async () => {
  const first = await readClassifiers(config);
  expect(first.map((c) => c.name)).toEqual(['tollfree_us', 'toll_us', 'emergency', 'caribbean', 'did_us', 'international', 'unknown']);
  const doc = await couch.get(config.db, 'number_manager');
  expect(Object.keys((doc?.default as { classifiers: object } | undefined)?.classifiers ?? {})).toEqual(first.map((c) => c.name));

  await config.setDefault('number_manager', 'classifiers', { uk: { regex: '^\\+44', friendly_name: 'UK' }, rest: '.' });
  expect((await readClassifiers(config)).map((c) => c.name)).toEqual(['uk', 'rest']);
});

test('listAccountNumbers reads the account-side copies, skipping deleted and non-number docs', async () => {
  const accountId = randomHex(16);
  const db = accountDbName(accountId);
  await couch.ensureDb(db);
  couch.track(db);
  expect(await listAccountNumbers(couch, randomHex(16))).toEqual([]);
  await couch.bulk(db, [
    { _id: '+14158867900', pvt_type: 'number', pvt_state: 'in_service', pvt_module_name: 'knm_inventory', pvt_features: { cnam: {}, e911: {} } },
    { _id: '+18005550199', pvt_type: 'number', pvt_number_state: 'reserved', pvt_module_name: 'knm_local' },
    { _id: '+14158867901', pvt_type: 'number', pvt_state: 'in_service', pvt_module_name: 'knm_local', pvt_deleted: true },
    { _id: '+callflow', pvt_type: 'callflow' },
    { _id: 'user1', pvt_type: 'user' },
  ]);
  expect(await listAccountNumbers(couch, accountId)).toEqual([
    { number: '+14158867900', state: 'in_service', module_name: 'knm_inventory', features: ['cnam', 'e911'] },
    { number: '+18005550199', state: 'reserved', module_name: 'knm_local', features: [] },
  ]);
});
