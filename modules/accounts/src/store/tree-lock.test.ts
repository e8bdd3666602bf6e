import { Couch } from '@tollgate/kazoo-db';
import { startEmbeddedCouchDB, type EmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { DocWriter } from '@tollgate/service-kit';
import { TREE_LOCK_DB, TREE_LOCK_ID, withTreeLock } from './tree-lock';

let server: EmbeddedCouchDB;
let couch: Couch;

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  couch = new Couch(server.url);
});
afterAll(async () => {
  await couch.destroyDb(TREE_LOCK_DB);
  await server.close();
});

/** A second copy of the module, as another crossbar process would have: its own in-process queue. */
function otherProcessLock(): typeof withTreeLock {
  let copy: typeof withTreeLock | undefined;
  jest.isolateModules(() => {
    copy = (require('./tree-lock') as { withTreeLock: typeof withTreeLock }).withTreeLock;
  });
  return copy!;
}

test('two processes never hold the tree at the same time', async () => {
  const other = otherProcessLock();
  const events: string[] = [];
  const work = (name: string) => async () => {
    events.push(`${name} in`);
    await new Promise((r) => setTimeout(r, 150));
    events.push(`${name} out`);
  };
  const here = new DocWriter({ couch });
  const there = new DocWriter({ couch: new Couch(server.url) });
  await Promise.all([withTreeLock(here, work('a')), other(there, work('b')), withTreeLock(here, work('c')), other(there, work('d'))]);
  expect(events).toHaveLength(8);
  for (let i = 0; i < events.length; i += 2) {
    expect(events[i].split(' ')[0]).toBe(events[i + 1].split(' ')[0]);
    expect(events[i]).toMatch(/ in$/);
    expect(events[i + 1]).toMatch(/ out$/);
  }
  expect((await couch.get<{ expires: number }>(TREE_LOCK_DB, TREE_LOCK_ID))?.expires).toBe(0);
});

test('a lease left by a holder that died is taken once it runs out, not before', async () => {
  const cur = await couch.get(TREE_LOCK_DB, TREE_LOCK_ID);
  const expires = Date.now() + 800;
  await couch.put(TREE_LOCK_DB, { ...cur, _id: TREE_LOCK_ID, pvt_type: 'lock', holder: 'dead/1/x', expires });
  let ranAt = 0;
  await withTreeLock(new DocWriter({ couch }), async () => {
    ranAt = Date.now();
  });
  expect(ranAt).toBeGreaterThanOrEqual(expires);
});
