import { SystemConfig } from '@tollgate/config';
import { type Bus, createLocalBus, type KazooMessage } from '@tollgate/kazoo-bus';
import { accountDbName, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { listAccountNumbers, NumberManager, readNumber } from '@tollgate/numbers';
import { setNumberManagerKey } from '@tollgate/numbers/testing';
import { Metrics, publishDocChange } from '@tollgate/service-kit';
import { randomHex, TestCouch, waitFor } from '@tollgate/testing';
import { deletedAccountId } from './handlers/account-deleted';
import { start } from './index';

const couch = new TestCouch();
let config: SystemConfig;
let bus: Bus;
const events: KazooMessage[] = [];
const [master, reseller, customer] = Array.from({ length: 3 }, () => randomHex(16));
let npa: string;

beforeAll(async () => {
  npa = await couch.reserveUsAreaCode();
  config = new SystemConfig({ couch, node: 'tollgate@test', db: await couch.freshDb('sysconf') });
  await config.start();
  bus = createLocalBus({ appName: 'number-manager', appVersion: '4.3.0' });
  await bus.consume({ bindings: [{ exchange: 'configuration', routingKey: '#' }] }, (msg) => {
    events.push(msg);
  });
  for (const db of [GLOBAL_DBS.accounts, GLOBAL_DBS.services]) await couch.ensureDb(db);
  for (const [id, tree, isReseller] of [
    [master, [], true],
    [reseller, [master], true],
    [customer, [master, reseller], false],
  ] as [string, string[], boolean][]) {
    await couch.ensureDb(accountDbName(id));
    couch.track(accountDbName(id));
    await couch.put(GLOBAL_DBS.accounts, { _id: id, pvt_type: 'account', pvt_tree: tree, pvt_reseller: isReseller });
    await couch.put(GLOBAL_DBS.services, { _id: id, pvt_type: 'service', pvt_reseller: isReseller });
  }
});

afterAll(async () => {
  await bus.close();
  await config.stop();
  await couch.cleanup();
});

test('deleting an account releases its numbers by system_config (inventory back, carrier numbers given back)', async () => {
  const metrics = new Metrics({ processMetrics: false });
  const svc = await start({ couch, bus, config, node: 'tollgate@test', metrics });
  try {
    await setNumberManagerKey(config, 'should_age', true);
    const nm = new NumberManager({ couch, bus, config });
    const admin = { accountId: master, isAdmin: true };
    const fromInventory = `+1${npa}5554000`;
    const bought = `+1${npa}5554001`;
    await nm.importNumbers([{ input: fromInventory }], { actor: { accountId: reseller, isAdmin: false }, assignTo: reseller });
    await nm.activate(fromInventory, { accountId: customer, isAdmin: false }, customer);
    await nm.create(bought, { actor: admin, assignTo: customer, state: 'in_service', moduleName: 'knm_test' });
    expect(await listAccountNumbers(couch, customer)).toHaveLength(2);
    const resellerServices = await couch.get(GLOBAL_DBS.services, reseller);

    const doc = await couch.update(GLOBAL_DBS.accounts, customer, (cur) => ({ ...(cur ?? {}), pvt_deleted: true }));
    await publishDocChange(bus, 'deleted', GLOBAL_DBS.accounts, doc ?? {});

    // The customer's copies go, announced with its account (what services-sync recounts on).
    const copiesGone = (e: KazooMessage) => e['Event-Name'] === 'doc_deleted' && e.Type === 'number' && e['Account-ID'] === customer;
    await waitFor('the released copies to be announced', async () => (events.filter(copiesGone).length >= 2 ? true : undefined), 10000);
    expect(events.filter(copiesGone).map((e) => e.ID).sort()).toEqual([fromInventory, bought].sort());
    expect(await listAccountNumbers(couch, customer)).toEqual([]);
    expect(await readNumber(couch, fromInventory)).toMatchObject({ pvt_state: 'available', pvt_assigned_to: reseller, pvt_previously_assigned_to: customer });
    // knm_test gives released numbers back to the carrier
    expect(await readNumber(couch, bought)).toMatchObject({ pvt_state: 'disconnected', pvt_previously_assigned_to: customer });
    // The services db is services-sync's: the number manager leaves it as it was.
    expect((await couch.get(GLOBAL_DBS.services, reseller))?._rev).toBe(resellerServices?._rev);
    // An operator sees the release on the service's metrics.
    expect(await metrics.scrape()).toContain('tollgate_numbers_released_total{service="number-manager",result="released"} 2');
  } finally {
    await setNumberManagerKey(config, 'should_age', false);
    await svc.stop();
  }
});

test('only deletions of accounts count', () => {
  const id = randomHex(16);
  expect(deletedAccountId({ 'Event-Name': 'doc_deleted', Type: 'account', ID: id })).toBe(id);
  expect(deletedAccountId({ 'Event-Name': 'doc_edited', Type: 'account', ID: id, 'Is-Soft-Deleted': true })).toBe(id);
  expect(deletedAccountId({ 'Event-Name': 'doc_edited', Type: 'account', ID: id })).toBeUndefined();
  expect(deletedAccountId({ 'Event-Name': 'doc_deleted', Type: 'user', ID: id })).toBeUndefined();
  expect(deletedAccountId({ 'Event-Name': 'doc_deleted', Type: 'account', ID: 'nope' })).toBeUndefined();
});
