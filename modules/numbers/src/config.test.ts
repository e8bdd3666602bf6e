import { SystemConfig } from '@tollgate/config';
import type { Doc } from '@tollgate/kazoo-db';
import { TestCouch, waitFor } from '@tollgate/testing';
import { carrierBillable, loadNumbersSettings, numbersSettings } from './config';
import { setNumberManagerKey } from './testing';

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

const billable = async (carrier: string) => carrierBillable(config, (await numbersSettings(config)).current, carrier);

test('carrier billing is a live system_config switch per carrier, local numbers unbilled by default', async () => {
  expect(await billable('knm_local')).toBe(false);
  expect(await billable('local')).toBe(false);
  expect(await billable('manual')).toBe(true);
  expect(await billable('knm_bandwidth2')).toBe(true);
  const doc = await couch.get(config.db, 'number_manager');
  expect(doc?.default).toMatchObject({ is_number_billable: { knm_local: false, knm_inventory: true, knm_bandwidth2: true } });

  // seed 000: "if you want them billed" — no recompiling, just the config doc
  await setNumberManagerKey(config, ['is_number_billable', 'knm_local'], true);
  expect(await billable('local')).toBe(true);
});

test('the classifiers: Kazoo defaults written back in order, then what an admin sets', async () => {
  const first = (await loadNumbersSettings(config)).classifiers;
  expect(first.map((c) => c.name)).toEqual(['tollfree_us', 'toll_us', 'emergency', 'caribbean', 'did_us', 'international', 'unknown']);
  const doc = await couch.get(config.db, 'number_manager');
  expect(Object.keys((doc?.default as { classifiers: object } | undefined)?.classifiers ?? {})).toEqual(first.map((c) => c.name));

  await config.setDefault('number_manager', 'classifiers', { uk: { regex: '^\\+44', friendly_name: 'UK' }, rest: '.' });
  expect((await loadNumbersSettings(config)).classifiers.map((c) => c.name)).toEqual(['uk', 'rest']);
});

test('an edit made in system_config by hand (as in Fauxton) reaches the live settings, no restart', async () => {
  const live = await numbersSettings(config);
  expect(live.current.maximumSearchQuantity).toBe(500);
  await couch.update<Doc>(config.db, 'number_manager', (doc) => ({ ...(doc ?? { _id: 'number_manager' }), default: { ...(doc?.default as object), maximum_search_quantity: 7 } }));
  await waitFor('the edit to reach the settings', async () => (live.current.maximumSearchQuantity === 7 ? true : undefined));
});
