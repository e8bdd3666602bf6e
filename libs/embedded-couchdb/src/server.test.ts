import { randomBytes } from 'node:crypto';
import Nano from 'nano';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from './index';

let server: EmbeddedCouchDB;
let nano: Nano.ServerScope;
const created: string[] = [];
/** fetch refuses URLs with credentials: plain requests go to the origin with the admin's Basic header. */
const couch = (path: string, init: RequestInit = {}) =>
  fetch(`${server.origin}${path}`, {
    ...init,
    headers: { authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}`, ...init.headers },
  });

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  nano = Nano(server.url);
});

afterAll(async () => {
  for (const name of created) await nano.db.destroy(name).catch(() => undefined);
  await server.close();
});

const hex = (n: number) => randomBytes(n).toString('hex');

test("Kazoo account and ratedeck names keep their '/' in _all_dbs and db_name", async () => {
  const id = hex(16);
  const accountDb = `account/${id.slice(0, 2)}/${id.slice(2, 4)}/${id.slice(4)}`;
  const deck = `ratedeck/t${hex(4)}`;
  for (const name of [accountDb, deck]) {
    await nano.db.create(name);
    created.push(name);
    const info = await nano.db.get(name);
    expect(info.db_name).toBe(name);
  }
  const all = await nano.db.list();
  expect(all).toEqual(expect.arrayContaining([accountDb, deck]));
  // the stripped form must not alias the real db
  expect(all).not.toContain(accountDb.replace(/\//g, ''));
  await expect(nano.db.get(accountDb.replace(/\//g, ''))).rejects.toMatchObject({ statusCode: 404 });
});

test('an illegal database name gets CouchDB 400 illegal_database_name and creates nothing', async () => {
  const illegal = ['Bad Name', 'UPPER', '1starts-with-digit', 'has.dot'];
  for (const bad of illegal) {
    await expect(nano.db.create(bad)).rejects.toMatchObject({ statusCode: 400, error: 'illegal_database_name' });
  }
  // nothing under the name, nor under a cleaned-up form of it (other tests' dbs share this server)
  const all = await nano.db.list();
  const forms = illegal.flatMap((n) => [n, n.toLowerCase(), n.toLowerCase().replace(/[^a-z0-9_$()+\-/]/g, '')]);
  expect(all.filter((n) => forms.includes(n))).toEqual([]);
});

test('filter=_selector is refused and the server keeps serving', async () => {
  const name = `sel${hex(4)}`;
  await nano.db.create(name);
  created.push(name);
  const res = await couch(`/${name}/_changes?filter=_selector`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ selector: { a: 1 } }),
  });
  expect(res.status).toBe(400);
  // Later work on the same db's feed is served: a write, then the changes listing it.
  await nano.use(name).insert({ _id: 'after' });
  const changes = (await (await couch(`/${name}/_changes`)).json()) as { results: { id: string }[] };
  expect(changes.results.map((r) => r.id)).toContain('after');
  const info = await nano.db.get(name);
  expect(info.db_name).toBe(name);
});

test('old Futon document links redirect to the same document in Fauxton', async () => {
  const id = hex(16);
  const res = await fetch(`${server.origin}/_utils/document.html?services/${id}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe(`/_utils/#database/services/${id}`);
  const fauxton = await fetch(`${server.origin}/_utils/`);
  expect(fauxton.status).toBe(200);
  expect(await fauxton.text()).toMatch(/<html/i);
});

test('a longpoll honours timeout like CouchDB and still wakes on a change', async () => {
  const name = `lp${hex(4)}`;
  await nano.db.create(name);
  created.push(name);
  const idle = await couch(`/${name}/_changes?feed=longpoll&since=now&timeout=200`);
  const body = (await idle.json()) as { results: unknown[]; last_seq: unknown };
  expect(body.results).toEqual([]);
  expect(body.last_seq).toBeDefined();
  setTimeout(() => void nano.use(name).insert({ _id: 'woke' }), 100);
  const woke = await couch(`/${name}/_changes?feed=longpoll&since=${body.last_seq}&timeout=10000`);
  expect(((await woke.json()) as { results: { id: string }[] }).results.map((r) => r.id)).toEqual(['woke']);
});

test('a longpoll waiting on a db that is then destroyed is answered, and the next poll gets 404', async () => {
  const name = `lpgone${hex(4)}`;
  await nano.db.create(name);
  // The answer's first bytes (`{"results":[`) come once the feed waits for a change (uncompressed,
  // so that they are not held back in a gzip buffer).
  const answer = await couch(`/${name}/_changes?feed=longpoll&since=now&timeout=60000`, { headers: { 'accept-encoding': 'identity' } });
  const body = answer.body!.getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await body.read()).value, { stream: true });
  await nano.db.destroy(name);
  // stock express-pouchdb never finished the answer: the client hung until it gave up
  for (let part = await body.read(); !part.done; part = await body.read()) text += decoder.decode(part.value, { stream: true });
  expect(answer.status).toBe(200);
  expect(JSON.parse(text)).toMatchObject({ results: [] });
  const next = await couch(`/${name}/_changes?feed=longpoll&since=0&timeout=100`);
  expect(next.status).toBe(404);
});

test('requests racing a DELETE of their db never bring it back (no empty zombie db in _all_dbs)', async () => {
  // Stock express-pouchdb checks that a db exists, then opens it after the DELETE queued before it
  // ran: the open created the db again (a follower re-polling a destroyed ratedeck did, 17 of 20).
  const names = Array.from({ length: 10 }, () => `racing${hex(4)}`);
  for (const name of names) {
    await nano.db.create(name);
    const readers = Array.from({ length: 5 }, () => couch(`/${name}`).then((r) => r.arrayBuffer()));
    await Promise.all([nano.db.destroy(name), ...readers]);
  }
  const dbs = (await (await couch('/_all_dbs')).json()) as string[];
  expect(names.filter((n) => dbs.includes(n))).toEqual([]);
  for (const name of names) expect((await couch(`/${name}`)).status).toBe(404);
});
