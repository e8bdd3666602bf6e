import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import Nano from 'nano';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from './index';
import { bodyRule } from './request-bodies';

let server: EmbeddedCouchDB;
let nano: Nano.ServerScope;
const created: string[] = [];

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  nano = Nano(server.url);
});

afterAll(async () => {
  for (const name of created) await nano.db.destroy(name).catch(() => undefined);
  await server.close();
});

/** A raw request as curl sends it: the Content-Type is only what is given (curl -d: form-encoded). */
function send(method: string, path: string, body?: string | Buffer, contentType?: string): Promise<{ status: number; text: string; json: () => { id?: string; rev?: string; error?: string; reason?: string } }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` };
    if (contentType) headers['content-type'] = contentType;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = request(`${server.origin}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CURL_D = 'application/x-www-form-urlencoded';

async function newDb(): Promise<string> {
  const name = `bodies${randomBytes(4).toString('hex')}`;
  await nano.db.create(name);
  created.push(name);
  return name;
}

test('a document PUT is read as JSON whatever its Content-Type (curl -d, none, text/plain)', async () => {
  const db = await newDb();
  for (const [id, type] of [
    ['form', CURL_D],
    ['none', undefined],
    ['text', 'text/plain'],
    ['json', 'application/json; charset=utf-8'],
  ] as const) {
    const put = await send('PUT', `/${db}/${id}`, JSON.stringify({ who: id }), type);
    expect(put.status).toBe(201);
    expect(await nano.use(db).get(id)).toMatchObject({ _id: id, who: id });
  }
});

test("an admin's curl -d edit of a system_config document keeps its content (rev in the body or in ?rev=)", async () => {
  const db = await newDb();
  const first = await nano.use<{ default: object }>(db).insert({ _id: 'crossbar', default: { port: 8000, level: 'info' } });
  const edit = await send('PUT', `/${db}/crossbar`, JSON.stringify({ _rev: first.rev, default: { port: 8000, level: 'debug' } }), CURL_D);
  expect(edit.status).toBe(201);
  expect(await nano.use(db).get('crossbar')).toMatchObject({ default: { port: 8000, level: 'debug' } });
  const again = await send('PUT', `/${db}/crossbar?rev=${edit.json().rev}`, JSON.stringify({ default: { port: 8001, level: 'debug' } }), CURL_D);
  expect(again.status).toBe(201);
  expect(await nano.use(db).get('crossbar')).toMatchObject({ default: { port: 8001, level: 'debug' } });
});

test('a document PUT whose body is not a JSON object gets CouchDB 400 and leaves the document as it was', async () => {
  const db = await newDb();
  const doc = await nano.use<{ keep: string }>(db).insert({ _id: 'kept', keep: 'me' });
  for (const [body, reason] of [
    ['who=x', 'invalid UTF-8 JSON'],
    ['', 'invalid UTF-8 JSON'],
    ['[1,2]', 'Document must be a JSON object'],
    ['"x"', 'Document must be a JSON object'],
    ['null', 'Document must be a JSON object'],
  ]) {
    const res = await send('PUT', `/${db}/kept?rev=${doc.rev}`, body, CURL_D);
    expect({ body, status: res.status, answer: res.json() }).toEqual({ body, status: 400, answer: { error: 'bad_request', reason } });
  }
  expect(await nano.use(db).get('kept')).toMatchObject({ _rev: doc.rev, keep: 'me' });
});

test('a POST that is not labelled JSON gets CouchDB 415 bad_content_type and writes nothing', async () => {
  const db = await newDb();
  for (const path of [`/${db}`, `/${db}/_bulk_docs`]) {
    const body = path.endsWith('_bulk_docs') ? JSON.stringify({ docs: [{ who: 'y' }] }) : JSON.stringify({ who: 'y' });
    for (const type of [CURL_D, undefined]) {
      const res = await send('POST', path, body, type);
      expect({ path, type, status: res.status, answer: res.json() }).toEqual({
        path,
        type,
        status: 415,
        answer: { error: 'bad_content_type', reason: 'Content-Type must be application/json' },
      });
    }
  }
  expect((await nano.db.get(db)).doc_count).toBe(0);
  const ok = await send('POST', `/${db}`, JSON.stringify({ who: 'y' }), 'application/json');
  expect(ok.status).toBe(201);
  expect(await nano.use(db).get(String(ok.json().id))).toMatchObject({ who: 'y' });
});

test('attachments keep any Content-Type and their exact bytes, for documents and design documents', async () => {
  const db = await newDb();
  const csv = 'prefix,rate_cost\n1415,0.01\n';
  const att = await send('PUT', `/${db}/upload/rates.csv`, csv, 'text/csv');
  expect(att.status).toBe(201);
  const got = await send('GET', `/${db}/upload/rates.csv`);
  expect(got.text).toBe(csv);
  const bytes = randomBytes(64);
  const ddoc = await send('PUT', `/${db}/_design/app/logo.bin`, bytes, CURL_D);
  expect(ddoc.status).toBe(201);
  const back = await nano.use(db).attachment.get('_design/app', 'logo.bin');
  expect(Buffer.compare(back, bytes)).toBe(0);
  // a design document itself is a document: JSON whatever the type
  const put = await send('PUT', `/${db}/_design/views`, JSON.stringify({ views: {} }), CURL_D);
  expect(put.status).toBe(201);
  expect(await nano.use(db).get('_design/views')).toMatchObject({ views: {} });
});

test('GET / answers like CouchDB 3, to anyone, keeping express-pouchdb\'s uuid', async () => {
  const anonymous = (await (await fetch(`${server.origin}/`)).json()) as Record<string, unknown>;
  expect(anonymous).toMatchObject({ couchdb: 'Welcome', vendor: { name: expect.stringMatching(/Tollgate/) }, features: expect.any(Array) });
  expect(Number(String(anonymous.version).split('.')[0])).toBeGreaterThanOrEqual(3);
  expect(anonymous.uuid).toMatch(/^[0-9a-f-]{32,36}$/);
  expect(await nano.info()).toMatchObject({ couchdb: 'Welcome', version: anonymous.version, uuid: anonymous.uuid });
});

test('bodyRule: which requests are read as JSON, which must be labelled, which pass as they are', () => {
  expect(bodyRule('PUT', '/db/doc', CURL_D)).toMatchObject({ kind: 'json' });
  expect(bodyRule('PUT', '/account%2Fab%2Fcd%2Fx/doc', undefined)).toMatchObject({ kind: 'json' });
  expect(bodyRule('PUT', '/db/_design%2Fx', undefined)).toMatchObject({ kind: 'json' });
  expect(bodyRule('PUT', '/db/_local/checkpoint', undefined)).toMatchObject({ kind: 'json' });
  expect(bodyRule('PUT', '/db/_security', undefined)).toMatchObject({ kind: 'json' });
  expect(bodyRule('PUT', '/_users/org.couchdb.user:a', undefined)).toMatchObject({ kind: 'json' });
  expect(bodyRule('PUT', '/db/doc/att.csv', 'text/csv')).toEqual({ kind: 'as-is' });
  expect(bodyRule('PUT', '/db/_design/x/att', 'image/png')).toEqual({ kind: 'as-is' });
  expect(bodyRule('PUT', '/db/doc', 'multipart/related; boundary=x')).toEqual({ kind: 'as-is' });
  expect(bodyRule('PUT', '/db', undefined)).toEqual({ kind: 'as-is' });
  expect(bodyRule('PUT', '/_config/couchdb/x', undefined)).toEqual({ kind: 'as-is' });
  expect(bodyRule('POST', '/db', CURL_D)).toEqual({ kind: 'content-type', type: 'application/json' });
  expect(bodyRule('POST', '/db/_all_docs', undefined)).toEqual({ kind: 'content-type', type: 'application/json' });
  expect(bodyRule('POST', '/db/_design/d/_view/v', undefined)).toEqual({ kind: 'content-type', type: 'application/json' });
  expect(bodyRule('POST', '/_replicate', undefined)).toEqual({ kind: 'content-type', type: 'application/json' });
  expect(bodyRule('POST', '/db/doc', undefined)).toEqual({ kind: 'content-type', type: 'multipart/form-data' });
  expect(bodyRule('POST', '/_session', CURL_D)).toEqual({ kind: 'as-is' });
  expect(bodyRule('POST', '/db/_design/d/_update/u', 'text/plain')).toEqual({ kind: 'as-is' });
});
