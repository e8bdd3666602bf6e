import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Nano from 'nano';
import { Couch } from './couch';
import { accountDbName } from './db-names';
import { storageTargets } from './storage-targets';
import { deployDesignDocs } from './views';

describe.each(storageTargets())('on %s', (_name, url) => {
  const couch = new Couch(url);
  const made: string[] = [];
  async function freshDb(prefix: string) {
    const name = `${prefix}-${randomBytes(4).toString('hex')}`;
    await couch.ensureDb(name);
    made.push(name);
    return name;
  }
  afterAll(async () => {
    for (const n of made) await couch.destroyDb(n);
  });

  test('an account db keeps its Kazoo name through create, info and listing', async () => {
    const name = accountDbName(randomBytes(16).toString('hex'));
    expect(await couch.ensureDb(name)).toBe(true);
    made.push(name);
    expect(await couch.ensureDb(name)).toBe(false);
    // What the server itself reports (nano straight, not through Couch): the name with its slashes.
    expect((await Nano(url).db.get(name)).db_name).toBe(name);
    expect(await couch.listDbs('account/')).toContain(name);
  });

  test('bulk writes report each document, conflicts included', async () => {
    const db = await freshDb('bulk');
    await couch.put(db, { _id: 'taken', v: 1 });
    const docs = Array.from({ length: 25 }, (_, i) => ({ _id: `d${i}`, v: i }));
    docs.splice(10, 0, { _id: 'taken', v: 2 });
    const batches: number[] = [];
    const res = await couch.bulk(db, docs, { batchSize: 7, onBatch: (n) => void batches.push(n) });
    expect(res).toHaveLength(26);
    expect(res[10]).toMatchObject({ id: 'taken', ok: false, error: 'conflict' });
    expect(res.filter((r) => r.ok)).toHaveLength(25);
    expect(batches).toEqual([7, 14, 21, 26]);
    expect((await couch.get(db, 'taken'))?.v).toBe(1);
  });

  test('update retries a read-modify-write that lost a race', async () => {
    const db = await freshDb('upd');
    await couch.put(db, { _id: 'c', n: 0 });
    await Promise.all(Array.from({ length: 8 }, () => couch.update<{ _id: string; n: number }>(db, 'c', (cur) => ({ ...cur!, n: cur!.n + 1 }))));
    expect((await couch.get<{ _id: string; n: number }>(db, 'c'))?.n).toBe(8);
  });

  test('design docs deploy once and are not rewritten when unchanged', async () => {
    const db = await freshDb('views');
    const dir = mkdtempSync(join(tmpdir(), 'views-'));
    mkdirSync(join(dir, 'tasks'));
    const ddoc = { _id: '_design/t', language: 'javascript', views: { all: { map: 'function(doc){emit(doc._id,null)}' } } };
    writeFileSync(join(dir, 'tasks', 't.json'), JSON.stringify(ddoc));
    const first = await deployDesignDocs(couch, db, 'tasks', dir);
    expect(first).toEqual({ written: ['_design/t'], unchanged: [] });
    const rev = (await couch.get(db, '_design/t'))?._rev;
    const second = await deployDesignDocs(couch, db, 'tasks', dir);
    expect(second).toEqual({ written: [], unchanged: ['_design/t'] });
    expect((await couch.get(db, '_design/t'))?._rev).toBe(rev);
  });

  test('docs are read page by page in id order, design docs left out, resumable from any page', async () => {
    const db = await freshDb('pages');
    await couch.bulk(db, [{ _id: '_design/x', views: {} }, ...Array.from({ length: 7 }, (_, i) => ({ _id: `r${i}` }))]);
    const pages: string[][] = [];
    for await (const docs of couch.docPages(db, { pageSize: 3 })) pages.push(docs.map((d) => String(d._id)));
    expect(pages.flat()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(pages.every((p) => p.length <= 3)).toBe(true);
    const first = await couch.docPage(db, { pageSize: 4 });
    const second = await couch.docPage(db, { pageSize: 4, from: first.next });
    expect([...first.docs, ...second.docs].map((d) => d._id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(second.next).toBeUndefined();
  });
});
