import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { accountDbName, Couch, modbName } from '@tollgate/kazoo-db';
import { captureStdout, randomHex } from '@tollgate/testing';
import { Command } from 'commander';
import { db as dbCommand, dbClassOf, refreshDesignDocs } from './db';

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

test('`tollgate db refresh` also rewrites the `accounts` replica of an account edited by hand, and says which', async () => {
  const server = await startEmbeddedCouchDB({ port: 0 });
  const couch = new Couch(server.url);
  const saved = process.env.COUCHDB_URL;
  process.env.COUCHDB_URL = server.url;
  const refresh = () => {
    const program = new Command().exitOverride();
    dbCommand.register(program);
    return captureStdout(() => program.parseAsync(['node', 'tollgate', 'db', 'refresh']), { quietStderr: true });
  };
  try {
    const id = randomHex(16);
    await couch.ensureDb(accountDbName(id));
    await couch.ensureDb('accounts');
    await couch.put(accountDbName(id), { _id: id, pvt_type: 'account', name: 'Edited In Fauxton', pvt_tree: [] });
    expect(await refresh()).toContain(`1 accounts checked, 1 replicas in \`accounts\` rewritten: ${id}`);
    expect(await couch.get('accounts', id)).toMatchObject({ name: 'Edited In Fauxton', pvt_type: 'account' });
    expect(await refresh()).toContain('1 accounts checked, 0 replicas in `accounts` rewritten\n');
  } finally {
    if (saved === undefined) delete process.env.COUCHDB_URL;
    else process.env.COUCHDB_URL = saved;
    for (const name of await couch.listDbs()) if (!name.startsWith('_')) await couch.destroyDb(name);
    await server.close();
  }
});
