import { randomBytes } from 'node:crypto';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { recordLogs } from '@tollgate/log';
import { type Change, ChangesFollower } from './changes-follower';
import { Couch } from './couch';
import { storageTargets } from './storage-targets';

function collector() {
  const seen: string[] = [];
  let wake: (() => void) | undefined;
  return {
    seen,
    onChanges: (changes: Change[]) => {
      for (const c of changes) seen.push(c.id);
      wake?.();
    },
    async until(n: number) {
      const deadline = Date.now() + 10000;
      while (seen.length < n && Date.now() < deadline) await new Promise<void>((r) => { wake = r; setTimeout(r, 50); });
      return seen;
    },
  };
}

const docs = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ _id: `doc${String(from + i).padStart(3, '0')}` }));

describe.each(storageTargets())('on %s', (_name, url) => {
  const couch = new Couch(url);
  const made: string[] = [];
  async function freshDb() {
    const name = `changes-${randomBytes(4).toString('hex')}`;
    await couch.ensureDb(name);
    made.push(name);
    return name;
  }
  afterAll(async () => {
    for (const n of made) await couch.destroyDb(n);
  });

  test('a follower stopped and restarted misses and repeats nothing', async () => {
    const db = await freshDb();
    await couch.bulk(db, docs(0, 5));
    const first = collector();
    const f1 = new ChangesFollower({ couchUrl: couch.url, db, checkpoint: 't', since: '0', limit: 3, onChanges: first.onChanges }).start();
    await f1.waitCaughtUp();
    await couch.bulk(db, docs(5, 8));
    await first.until(8);
    await f1.stop();
    expect(first.seen).toEqual(docs(0, 8).map((d) => d._id));

    await couch.bulk(db, docs(8, 20)); // while nobody follows
    const second = collector();
    const f2 = new ChangesFollower({ couchUrl: couch.url, db, checkpoint: 't', since: '0', limit: 5, onChanges: second.onChanges }).start();
    await second.until(12);
    await f2.waitCaughtUp();
    await f2.stop();
    expect(second.seen).toEqual(docs(8, 20).map((d) => d._id));
  });

  test("a batch whose handler fails is delivered again, not skipped", async () => {
    const db = await freshDb();
    await couch.bulk(db, docs(0, 2));
    const seen: string[] = [];
    let failures = 1;
    const f = new ChangesFollower({
      couchUrl: couch.url,
      db,
      since: '0',
      onChanges: (changes) => {
        if (failures-- > 0) throw new Error('handler down');
        for (const c of changes) seen.push(c.id);
      },
    }).start();
    await f.waitCaughtUp();
    await f.stop();
    expect(seen).toEqual(['doc000', 'doc001']);
  });
});

describe('when the database server goes away', () => {
  let server: EmbeddedCouchDB;
  afterEach(async () => server?.close());

  test('the follower keeps retrying and picks up changes made after it comes back', async () => {
    const memoryNamespace = `gone-${randomBytes(4).toString('hex')}`; // the restarted server keeps the data
    server = await startEmbeddedCouchDB({ port: 0, memoryNamespace });
    const port = server.port;
    const local = new Couch(server.url);
    const db = `gone-${randomBytes(4).toString('hex')}`;
    await local.ensureDb(db);
    const c = collector();
    const f = new ChangesFollower({ couchUrl: server.url, db, checkpoint: 'g', since: '0', onChanges: c.onChanges, pollTimeoutMs: 1000 }).start();
    await local.put(db, { _id: 'before' });
    await c.until(1);
    const logs = recordLogs();
    try {
      await server.close();
      // The follower has failed twice (its poll cut, then a refused connection) before the server comes back.
      const failures = () => logs.entries.filter((e) => e.component === 'changes-follower' && e.message.startsWith(`following ${db} failed`)).length;
      while (failures() < 2) await new Promise((r) => setTimeout(r, 20));
    } finally {
      logs.stop();
    }
    server = await startEmbeddedCouchDB({ port, memoryNamespace });
    await local.put(db, { _id: 'after' });
    expect(await c.until(2)).toEqual(['before', 'after']);
    // The restarted in-memory server re-registers the db in its _all_dbs list asynchronously (and
    // logs a harmless conflict doing so); a listing waits for that queue before the test ends.
    await local.listDbs();
    await f.stop();
    await local.destroyDb(db);
  });
});
