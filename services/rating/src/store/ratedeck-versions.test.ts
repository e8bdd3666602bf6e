// A deck's versions in rating: each version db is indexed before it is activated; the deck's
// `ratedeck_versions` pointer switches which index answers for the deck id, in one step (the
// version's index object, already built, is what `current` returns); rollback returns to the
// previous index; a version db retention deletes is dropped by the next scan.
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { activateRatedeckVersion, finishStagedVersion, RATEDECK_OWNER_DOC_ID, rollbackRatedeck, stageRatedeckVersion } from '@tollgate/ratedecks';
import { seedDeck } from '../testing';
import { Ratedecks } from './ratedecks';

let server: EmbeddedCouchDB;
let couch: Couch;
let decks: Ratedecks;
const DECK = 'vd';
const OWNER = 'a'.repeat(32);
const NEVER_MS = 15_000;

/** Checks on every turn until `done` holds (the follower applied the change); fails if it never does. */
async function eventually(done: () => boolean): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > NEVER_MS) throw new Error(`not seen after ${NEVER_MS} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  couch = new Couch(server.url);
  await couch.ensureDb('ratedeck');
  await couch.ensureDb(`ratedeck/${DECK}`);
  await couch.bulk(`ratedeck/${DECK}`, [...seedDeck(), { _id: RATEDECK_OWNER_DOC_ID, pvt_type: 'ratedeck_owner', pvt_account_id: OWNER }]);
  decks = new Ratedecks({ couch, scanIntervalMs: () => 50, pageSize: () => 100 });
  await decks.start();
  await decks.allServed();
}, 30_000);

afterAll(async () => {
  await decks?.stop();
  await server?.close();
});

const costOf = (prefix: string) => decks.current(DECK)?.get(`XX-${prefix}`)?.rateCost;

test('versions are indexed before activation; activate and rollback switch the whole index at once', async () => {
  const own = decks.current(DECK);
  expect(costOf('1503')).toBe('0.1');
  const v1 = await stageRatedeckVersion({ couch }, DECK, 'task-1');
  await couch.bulk(v1.db, seedDeck(2));
  await finishStagedVersion({ couch }, DECK, v1.version);
  await decks.nextScan();
  const listed = () => decks.list().find((d) => d.db === v1.db);
  await eventually(() => listed()?.rates === seedDeck(2).length);
  expect(listed()).toMatchObject({ ratedeckId: `${DECK}/v/1`, version: 1 });
  expect(decks.current(DECK)).toBe(own); // staged, not active

  await activateRatedeckVersion({ couch }, DECK, v1.version);
  await eventually(() => decks.current(DECK) !== own);
  const active = decks.current(DECK);
  expect(costOf('1503')).toBe('0.2');
  expect(active?.ratedeckId).toBe(DECK); // answers as the deck: Ratedeck-ID stays `vd`
  expect(active?.owner).toBe(OWNER); // with the deck's owner, whose doc is in the deck's own db
  expect(decks.list().find((d) => d.db === `ratedeck/${DECK}`)?.activeVersion).toBe(1);

  await rollbackRatedeck({ couch }, DECK);
  await eventually(() => decks.current(DECK) === own);
  expect(costOf('1503')).toBe('0.1');
});

test('a version activated right after it is written answers through indexFor, and retention drops old version dbs', async () => {
  const made: { version: number; db: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const v = await stageRatedeckVersion({ couch }, DECK, `task-r${i}`);
    await couch.bulk(v.db, seedDeck(3 + i));
    await finishStagedVersion({ couch }, DECK, v.version);
    made.push(v);
  }
  // Activated at once (a scan may or may not have seen it yet: indexFor finds and indexes it if not).
  const last = made[made.length - 1];
  const own = decks.current(DECK);
  await activateRatedeckVersion({ couch }, DECK, last.version);
  await eventually(() => decks.list().find((d) => d.db === `ratedeck/${DECK}`)?.activeVersion === last.version);
  const index = await decks.indexFor(DECK, 10_000);
  expect(index).not.toBe(own);
  expect(index?.get('XX-1503')?.rateCost).toBe(String(Number((0.1 * (3 + 3)).toPrecision(12))));

  // With kept_versions 2 (active + previous), every other version db goes, and rating lets them go.
  const config = { getInteger: async () => 2, getNumber: async () => 10 } as never;
  const v = await stageRatedeckVersion({ couch, config }, DECK, 'task-keep');
  await finishStagedVersion({ couch }, DECK, v.version);
  await decks.nextScan();
  await decks.nextScan();
  const versionDbs = decks
    .list()
    .filter((d) => d.version !== undefined)
    .map((d) => d.db)
    .sort();
  expect(versionDbs).toEqual([last.db, v.db].sort());
  expect(await couch.dbExists(made[0].db)).toBe(false);
});
