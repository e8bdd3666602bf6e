import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { accountDbName, Couch, modbName } from '@tollgate/kazoo-db';
import { randomHex } from '@tollgate/testing';
import { dbClassOf, refreshDesignDocs } from './db';

test('every Kazoo database name maps to its design-doc class', () => {
  const id = randomHex(16);
  expect(dbClassOf('accounts')).toBe('accounts');
  expect(dbClassOf('services')).toBe('services');
  expect(dbClassOf(accountDbName(id))).toBe('account');
  expect(dbClassOf(modbName(id, { year: 2026, month: 11 }))).toBe('modb');
  expect(dbClassOf('ratedeck/bulk')).toBe('ratedeck');
  expect(dbClassOf('numbers/+1415')).toBe('numbers');
  expect(dbClassOf('tollgate_nodes')).toBeUndefined();
});

test('refresh puts the views into account dbs that lack them, and rewrites nothing the second time', async () => {
  const server = await startEmbeddedCouchDB({ port: 0 });
  const couch = new Couch(server.url);
  try {
    const db = accountDbName(randomHex(16));
    await couch.ensureDb(db);
    await couch.ensureDb('accounts');
    const first = await refreshDesignDocs(couch);
    expect(first.dbs).toBe(2);
    expect(first.written).toBeGreaterThan(0);
    expect(await couch.get(db, '_design/users')).toMatchObject({ views: expect.any(Object) });
    expect(await refreshDesignDocs(couch)).toEqual({ dbs: 2, written: 0 });
  } finally {
    for (const name of await couch.listDbs()) if (!name.startsWith('_')) await couch.destroyDb(name);
    await server.close();
  }
});
