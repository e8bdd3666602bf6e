// The list of ratedeck dbs against the decks rating holds: a scan whose list is older than a deck a
// request just found keeps that deck; a scan after a db is gone drops it.
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { type LaggingProxy, startLaggingProxy } from '@tollgate/testing';
import { seedDeck } from '../testing';
import { Ratedecks } from './ratedecks';

let server: EmbeddedCouchDB;
let proxy: LaggingProxy;
let decks: Ratedecks;
/** While set, the next `_all_dbs` answer is held until the test releases it. */
let holdList: { entered: () => void; release: Promise<void> } | undefined;

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  proxy = await startLaggingProxy(server.url, (path) => {
    if (!path.startsWith('/_all_dbs') || !holdList) return 0;
    const held = holdList;
    holdList = undefined;
    held.entered();
    return held.release;
  });
  const couch = new Couch(server.url);
  await couch.ensureDb('ratedeck');
  await couch.bulk('ratedeck', seedDeck());
  decks = new Ratedecks({ couch: new Couch(proxy.url), scanIntervalMs: () => 50, pageSize: () => 100 });
  await decks.start();
  await decks.allServed();
}, 30_000);

afterAll(async () => {
  await decks?.stop();
  await proxy?.close();
  await server?.close();
});

test('a deck a request found while a scan was listing the dbs stays: that list is older than the deck', async () => {
  let release!: () => void;
  const entered = new Promise<void>((resolve) => {
    holdList = { entered: resolve, release: new Promise<void>((r) => (release = r)) };
  });
  await entered; // a scan holds a list of dbs made before the deck below exists
  const couch = new Couch(server.url);
  await couch.ensureDb('ratedeck/late');
  await couch.bulk('ratedeck/late', seedDeck(3));
  const index = await decks.indexFor('late', 10_000);
  expect(index?.size).toBe(4);

  const scanAfter = decks.nextScan();
  release();
  await scanAfter;
  expect(decks.current('late')).toBe(index);
});

test('after a scan that began once the db was gone, the deck is no longer used', async () => {
  const couch = new Couch(server.url);
  await couch.ensureDb('ratedeck/brief');
  await couch.bulk('ratedeck/brief', seedDeck(2));
  await decks.nextScan();
  await decks.ready(10_000);
  expect(decks.current('brief')?.size).toBe(4);
  await couch.destroyDb('ratedeck/brief');
  await decks.nextScan();
  expect(decks.current('brief')).toBeUndefined();
});
