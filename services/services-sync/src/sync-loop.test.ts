import { findMasterAccountId } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import { SystemConfig } from '@tollgate/config';
import { accountDbName, deployDesignDocs, gregorianNow, stampPvt } from '@tollgate/kazoo-db';
import { BookkeeperSelector, type ServicesDoc, ServicesStore } from '@tollgate/services';
import { type BraintreeStubServer, createBraintreeCustomer, startBraintreeStub } from '@tollgate/services/testing';
import { randomHex, TestCouch, waitFor } from '@tollgate/testing';
import { SyncLoop } from './sync-loop';

const couch = new TestCouch();
let stub: BraintreeStubServer;
let config: SystemConfig;
let servicesDb: string;
const masterId = randomHex(16);
const opened: ServicesStore[] = [];

async function store(): Promise<ServicesStore> {
  const s = await ServicesStore.open({ couch, config, numbers: numberManagerSource(couch, config), masterId: () => findMasterAccountId({ couch, config }), db: servicesDb });
  opened.push(s);
  return s;
}

async function loop(node: string): Promise<SyncLoop> {
  const s = await store();
  return new SyncLoop({ store: s, bookkeepers: new BookkeeperSelector({ store: s }), node });
}

/** A customer of the master with `dids` US numbers, the SIP plan, a Braintree customer with a card, dirty since a minute ago. */
async function customer(dids: number): Promise<string> {
  const id = randomHex(16);
  const db = accountDbName(id);
  await couch.ensureDb(db);
  couch.track(db);
  const numbers = Array.from({ length: dids }, (_, i) => stampPvt({ _id: `+1415555${String(1000 + i)}`, pvt_type: 'number', pvt_state: 'in_service', pvt_module_name: 'knm_inventory' }, { account: id }));
  if (numbers.length) await couch.bulk(db, numbers);
  const doc: ServicesDoc = {
    _id: id,
    pvt_type: 'service',
    billing_id: id,
    plans: { sip_plan: { account_id: masterId } },
    quantities: {},
    pvt_reseller: false,
    pvt_reseller_id: masterId,
    pvt_tree: [masterId],
    pvt_dirty: true,
    pvt_status: 'good_standing',
    pvt_modified: gregorianNow() - 60,
  };
  await couch.put(servicesDb, doc);
  await createBraintreeCustomer(stub.credentials(), id);
  return id;
}

beforeAll(async () => {
  stub = await startBraintreeStub();
  stub.addPlan({ id: 'SIP_Services', addOns: ['did_us'], discounts: ['discount_did_us'] });
  servicesDb = await couch.freshDb('services');
  await deployDesignDocs(couch, servicesDb, 'services');
  config = new SystemConfig({ couch, node: 'tollgate@test', db: await couch.freshDb('sysconf') });
  await config.start();
  await config.setDefault('accounts', 'master_account_id', masterId);
  await config.setDefault('services', 'master_account_bookkeeper', 'kz_bookkeeper_braintree');
  await config.setDefault('services', 'sync_services', true);
  await config.setDefault('services', 'sync_buffer_period', 0);
  // Backoff is counted in whole gregorian seconds: 3 s keeps an immediate rescan inside it even on a busy machine.
  await config.setDefault('services', 'sync_retry_base_s', 3);
  for (const [k, v] of Object.entries(stub.configValues())) await config.setDefault('braintree', k, v);
  const masterDb = accountDbName(masterId);
  await couch.ensureDb(masterDb);
  couch.track(masterDb);
  await couch.put(
    masterDb,
    stampPvt(
      {
        _id: 'sip_plan',
        name: 'SIP',
        plan: { phone_numbers: { did_us: { rate: 1, discounts: { cumulative: { maximum: 10, rate: 0.5 } } } } },
        bookkeepers: { braintree: { phone_numbers: { did_us: { plan: 'SIP_Services', addon: 'did_us', discounts: { cumulative: 'discount_did_us' } } } } },
      },
      { type: 'service_plan', account: masterId },
    ),
  );
});

afterAll(async () => {
  for (const s of opened) s.close();
  await config.stop();
  await stub.stop();
  await couch.cleanup();
});

function subscriptionCreates(customerId: string): number {
  return stub.callsTo('POST', '/subscriptions').filter((c) => {
    const token = (c.body?.subscription as { payment_method_token?: string } | undefined)?.payment_method_token;
    return stub.customers.get(customerId)?.cards.some((card) => card.token === token);
  }).length;
}

test('two sync instances racing over the same dirty accounts bill each account exactly once', async () => {
  const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => customer(i + 1)));
  const [a, b] = [await loop('sync-a@test'), await loop('sync-b@test')];
  const outcomes = (await Promise.all([a.scanOnce(), b.scanOnce(), a.scanOnce(), b.scanOnce()])).flat();
  for (const [i, id] of ids.entries()) {
    expect(subscriptionCreates(id)).toBe(1);
    expect(stub.subscriptionsOf(id)[0].addOns).toEqual([{ id: 'did_us', quantity: i + 1, amount: '1.00' }]);
    const doc = await couch.get<ServicesDoc>(servicesDb, id);
    expect(doc?.pvt_dirty).toBe(false);
    expect(doc?.pvt_sync_lock).toBeUndefined();
    expect(doc?.quantities?.phone_numbers).toEqual({ did_us: i + 1 });
  }
  expect(outcomes.filter((o) => o.result === 'synced')).toHaveLength(ids.length);
});

test('a failing account is recorded and retried with backoff while the others sync; it syncs once the failure clears', async () => {
  const [bad, good] = [await customer(2), await customer(3)];
  stub.failFor(bad);
  const l = await loop('sync-c@test');
  const first = await l.scanOnce();
  expect(first.find((o) => o.account === good)?.result).toBe('synced');
  expect(first.find((o) => o.account === bad)?.result).toBe('failed');
  const failed = await couch.get<ServicesDoc>(servicesDb, bad);
  expect(failed?.pvt_dirty).toBe(true);
  expect(failed?.pvt_status_reason).toMatch(/Server Error/);
  expect(failed?.pvt_sync_failures).toBe(1);
  expect(failed?.pvt_sync_retry_at).toBeGreaterThan(gregorianNow() - 1);
  // Inside the backoff the account is left alone.
  expect((await l.scanOnce()).find((o) => o.account === bad)).toBeUndefined();
  stub.clearFailure(bad);
  await waitFor('the end of the backoff', async () => (gregorianNow() > (failed?.pvt_sync_retry_at ?? 0) ? true : undefined));
  const later = await l.scanOnce();
  expect(later.find((o) => o.account === bad)?.result).toBe('synced');
  const fixed = await couch.get<ServicesDoc>(servicesDb, bad);
  expect(fixed?.pvt_dirty).toBe(false);
  expect(fixed?.pvt_status_reason).toBeUndefined();
  expect(stub.subscriptionsOf(bad)[0].addOns).toEqual([{ id: 'did_us', quantity: 2, amount: '1.00' }]);
});

test('20 changes inside the buffer period give one sync, after the account has been quiet', async () => {
  await config.setDefault('services', 'sync_buffer_period', 2);
  await config.setDefault('services', 'scan_rate', 150);
  const id = await customer(1);
  const s = await store();
  await s.markDirty(id);
  const l = await loop('sync-d@test');
  l.start();
  /** Resolves once `n` more timed scans have finished: each had its chance to sync the account. */
  const scans = (n: number) => {
    const target = l.scansFinished + n;
    return waitFor(`${n} more scans`, async () => (l.scansFinished >= target ? true : undefined));
  };
  try {
    // Twenty changes 100 ms apart: the account is never quiet for the 2 s buffer period.
    for (let i = 0; i < 20; i++) {
      await s.markDirty(id);
      await new Promise((r) => setTimeout(r, 100));
    }
    await scans(1);
    expect(subscriptionCreates(id)).toBe(0);
    await waitFor('the sync once quiet', async () => ((await couch.get<ServicesDoc>(servicesDb, id))?.pvt_dirty === false ? true : undefined));
    await scans(2);
  } finally {
    await l.stop();
    await config.setDefault('services', 'sync_buffer_period', 0);
  }
  expect(subscriptionCreates(id)).toBe(1);
  expect(stub.subscriptionsOf(id).flatMap((sub) => stub.callsTo('PUT', `/subscriptions/${sub.id}`))).toHaveLength(0);
});

test("a deleted account's subscriptions are cancelled with its bookkeeper, once", async () => {
  await config.setDefault('services', 'sync_buffer_period', 0);
  const id = await customer(2);
  const l = await loop('sync-e@test');
  await l.scanOnce();
  expect(stub.subscriptionsOf(id).map((s) => s.status)).toEqual(['Active']);
  // What the accounts service does on DELETE: the services doc is marked deleted.
  await couch.update<ServicesDoc>(servicesDb, id, (cur) => (cur ? { ...cur, pvt_deleted: true } : undefined));
  const outcomes = await l.scanOnce();
  expect(outcomes.find((o) => o.account === id)).toMatchObject({ result: 'cancelled', bookkeeper: 'braintree' });
  expect(stub.subscriptionsOf(id).map((s) => s.status)).toEqual(['Canceled']);
  expect(await couch.get<ServicesDoc>(servicesDb, id)).toMatchObject({ pvt_billing_cancelled: true, pvt_dirty: false });
  expect((await l.scanOnce()).find((o) => o.account === id)).toBeUndefined();
});
