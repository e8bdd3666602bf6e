// A package's derived deck against the real CouchDB API: built from its base deck, then kept
// current one change at a time (an edit, a removal, an import of new rates), rebuilt when the
// package changes (the rates an older version wrote retired), and resumed from its checkpoint
// after a restart instead of being rebuilt. Every wait is on a positive signal (the derived rate
// as expected), never on a fixed time.
import { SystemConfig } from '@tollgate/config';
import { createLocalBus, LocalBroker } from '@tollgate/kazoo-bus';
import { accountDbName, stampPvt } from '@tollgate/kazoo-db';
import { activateRatedeckVersion, finishStagedVersion, ratedeckDb, ratedeckOwnerOf, rollbackRatedeck, stageRatedeckVersion } from '@tollgate/ratedecks';
import { randomHex, TestCouch, waitFor } from '@tollgate/testing';
import { packageRatedeckId, ServicesStore } from '@tollgate/services';
import { PackageDecks } from './package-decks';

const couch = new TestCouch();
let config: SystemConfig;
let store: ServicesStore;
const reseller = randomHex(16);
const baseDeck = `base-${randomHex(6)}`;
const baseDb = ratedeckDb(baseDeck);
const deckId = packageRatedeckId(reseller, 'basic');
const derivedDb = ratedeckDb(deckId);
let decks: PackageDecks;

const rate = (prefix: number, cost: number, extra: Record<string, unknown> = {}) => ({
  _id: `XX-${prefix}`,
  pvt_type: 'rate',
  prefix,
  rate_cost: cost,
  rate_increment: 60,
  rate_minimum: 60,
  rate_name: String(prefix),
  routes: [`^\\+${prefix}(\\d*)$`],
  weight: 50,
  ...extra,
});

async function derived(id: string): Promise<Record<string, unknown> | undefined> {
  return (await couch.get(derivedDb, id)) as Record<string, unknown> | undefined;
}

/** Waits until the derived rate satisfies `ok`. */
function derivedWhen(id: string, ok: (d: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return waitFor(`derived ${id}`, async () => {
    const d = await derived(id);
    return d && ok(d) ? d : undefined;
  });
}

async function putPackage(pkg: Record<string, unknown>): Promise<void> {
  await couch.update(accountDbName(reseller), 'basic', (cur) => stampPvt({ ...(cur ?? {}), _id: 'basic', pvt_type: 'service_plan', name: 'Basic', package: pkg }, { account: reseller }));
}

beforeAll(async () => {
  config = new SystemConfig({ couch, node: 'tollgate@pkg-decks-test', db: await couch.freshDb('sysconf') });
  await config.start();
  await config.setDefault('packages', 'scan_interval_ms', 200);
  const servicesDb = await couch.freshDb('services');
  // The reseller buys from the base deck (as a master plan naming it gives it).
  await couch.put(servicesDb, { _id: reseller, pvt_type: 'service', pvt_reseller: true, plans: {}, ratedeck: { id: baseDeck, name: baseDeck } });
  const numbers = { listAccountNumbers: async () => [], classifier: async () => () => 'unknown', isBillable: async () => true };
  store = await ServicesStore.open({ couch, config, numbers, masterId: async () => undefined, db: servicesDb });
  await couch.ensureDb(accountDbName(reseller));
  couch.track(accountDbName(reseller), baseDb, derivedDb);
  await couch.ensureDb(baseDb);
  await couch.bulk(baseDb, [rate(1503, 0.009), rate(44, 0.012, { iso_country_code: 'GB' }), rate(1416, 0.004, { iso_country_code: 'CA' })]);
  await putPackage({ base_ratedeck: baseDeck, markup: { fixed: 0.0025, percentage: 20 }, pulse: 6, route: 'premium', free_zones: [{ iso_country_code: 'CA' }] });
  decks = new PackageDecks({ couch, bus: createLocalBus({ appName: 't', appVersion: '1', broker: new LocalBroker() }), config, store, masterId: async () => undefined });
  await decks.start();
}, 60_000);

afterAll(async () => {
  await decks?.stop();
  store?.close();
  await config?.stop();
  await couch.cleanup();
});

test('the derived deck is built from the base deck, owned by the reseller, with the buy price kept private', async () => {
  await decks.follower(deckId)?.caughtUp();
  expect(await derived('XX-1503')).toMatchObject({
    rate_cost: 0.0138,
    rate_increment: 6,
    rate_minimum: 6,
    pvt_internal_rate_cost: 0.009,
    options: ['premium'],
    ratedeck_id: deckId,
    account_id: reseller,
    pvt_package: { plan: 'basic', rule: 'markup' },
  });
  expect(await derived('XX-1416')).toMatchObject({ rate_cost: 0, pvt_internal_rate_cost: 0.004, pvt_package: { rule: 'free_zone' } });
  expect(ratedeckOwnerOf(await couch.get(derivedDb, 'ratedeck_owner'))).toBe(reseller);
});

test('an edit, a new rate and a removal in the base deck each reach the derived deck', async () => {
  await couch.update(baseDb, 'XX-1503', (cur) => ({ ...(cur as object), rate_cost: 0.01 }));
  await derivedWhen('XX-1503', (d) => d.rate_cost === 0.015 && d.pvt_internal_rate_cost === 0.01);
  await couch.put(baseDb, rate(1212, 0.0075));
  expect(await derivedWhen('XX-1212', () => true)).toMatchObject({ rate_cost: 0.012 });
  await couch.removeCurrent(baseDb, 'XX-44');
  await derivedWhen('XX-44', (d) => d.pvt_deleted === true);
  // A soft delete (pvt_deleted) in the base deck too.
  await couch.update(baseDb, 'XX-1212', (cur) => ({ ...(cur as object), pvt_deleted: true }));
  await derivedWhen('XX-1212', (d) => d.pvt_deleted === true);
});

test('a changed package rebuilds the deck; rates of the older version are retired', async () => {
  await couch.update(accountDbName(reseller), 'basic', (cur) => ({ ...(cur as object), package: { base_ratedeck: baseDeck, markup: { percentage: 50 }, free_zones: [{ prefix: '1503' }] } }));
  await decks.rescan();
  await derivedWhen('XX-1503', (d) => d.rate_cost === 0 && (d.pvt_package as { rule: string }).rule === 'free_zone');
  // Rebuilt whole: what the older version set (the route's options, the free zone's surcharge) is gone.
  const rebuilt = await derivedWhen('XX-1416', (d) => d.rate_cost === 0.006 && d.rate_increment === 60);
  expect(rebuilt).not.toHaveProperty('options');
  expect(rebuilt).not.toHaveProperty('rate_surcharge');
  await decks.follower(deckId)?.caughtUp();
  // XX-44 was removed from the base deck: it stays retired; nothing live is left of the old version.
  const rows = await couch.allDocs(derivedDb, { include_docs: true });
  const live = rows.map((r) => r.doc as Record<string, unknown>).filter((d) => d?.pvt_type === 'rate' && d.pvt_deleted !== true);
  expect(live.map((d) => d._id).sort()).toEqual(['XX-1416', 'XX-1503']);
  expect(live.every((d) => String(d.pvt_task_id).endsWith(decks.follower(deckId)?.source.fingerprint ?? '?'))).toBe(true);
});

test('a restart resumes from the checkpoint: a change made while stopped is applied, nothing else is rewritten', async () => {
  await decks.stop();
  await couch.update(baseDb, 'XX-1416', (cur) => ({ ...(cur as object), rate_cost: 0.008 }));
  decks = new PackageDecks({ couch, config, store, masterId: async () => undefined });
  await decks.start();
  await derivedWhen('XX-1416', (d) => d.rate_cost === 0.012);
  await decks.follower(deckId)?.caughtUp();
  expect(decks.follower(deckId)?.applied).toBe(1);
});

test('an override more specific than the base deck gets a rate of its own, kept current, and gives way to a base rate at its prefix', async () => {
  await putPackage({ base_ratedeck: baseDeck, markup: { percentage: 50 }, overrides: [{ prefix: '150355', rate_cost: 0.05 }] });
  await decks.rescan();
  const extra = await derivedWhen('XX-150355-package', (d) => d.pvt_deleted !== true && d.rate_cost === 0.05);
  expect(extra).toMatchObject({ prefix: 150355, routes: ['^\\+150355(\\d*)$'], pvt_internal_rate_cost: 0.01, pvt_package: { rule: 'override', covering_rate: 'XX-1503' } });
  // The covering base rate's buy price moves: the extra rate follows.
  await couch.update(baseDb, 'XX-1503', (cur) => ({ ...(cur as object), rate_cost: 0.011 }));
  await derivedWhen('XX-150355-package', (d) => d.pvt_internal_rate_cost === 0.011 && d.rate_cost === 0.05);
  // A base rate at exactly 150355: derived as usual (overridden), the extra rate retired.
  await couch.put(baseDb, rate(150355, 0.02));
  await derivedWhen('XX-150355', (d) => d.rate_cost === 0.05 && d.pvt_internal_rate_cost === 0.02);
  await derivedWhen('XX-150355-package', (d) => d.pvt_deleted === true);
});

test('a switch of the base deck to another version rebuilds the derived deck from that version; a rollback back from the old one', async () => {
  await decks.follower(deckId)?.caughtUp();
  const before = await derived('XX-1503');
  expect((await derived('XX-1416'))?.pvt_deleted).not.toBe(true);
  const v = await stageRatedeckVersion({ couch }, baseDeck, 'stage-test');
  couch.track(v.db);
  await couch.bulk(v.db, [rate(1503, 0.5), rate(49, 0.02, { iso_country_code: 'DE' })]);
  await finishStagedVersion({ couch }, baseDeck, v.version);
  await activateRatedeckVersion({ couch }, baseDeck, v.version);
  // Derived from the version's rates (the buy price is the version's) ...
  await derivedWhen('XX-1503', (d) => d.pvt_internal_rate_cost === 0.5);
  await derivedWhen('XX-49', (d) => d.pvt_deleted !== true && d.pvt_internal_rate_cost === 0.02);
  // ... and the rates only the old version had are retired once the rebuild has caught up.
  await derivedWhen('XX-1416', (d) => d.pvt_deleted === true);

  await rollbackRatedeck({ couch }, baseDeck);
  await derivedWhen('XX-1503', (d) => d.pvt_internal_rate_cost === before?.pvt_internal_rate_cost && d.rate_cost === before?.rate_cost);
  await derivedWhen('XX-1416', (d) => d.pvt_deleted !== true);
  await derivedWhen('XX-49', (d) => d.pvt_deleted === true);
}, 60_000);
