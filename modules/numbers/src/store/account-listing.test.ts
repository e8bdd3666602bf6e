import { accountDbName } from '@tollgate/kazoo-db';
import { randomHex, TestCouch } from '@tollgate/testing';
import { listAccountNumbers } from './account-listing';

const couch = new TestCouch();

afterAll(async () => {
  await couch.cleanup();
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
