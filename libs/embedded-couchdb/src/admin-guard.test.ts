// The embedded server is not open to everyone on the machine: as Apache CouchDB 3, it has an admin,
// refuses anonymous callers, and lets Fauxton log in with a session cookie.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Nano from 'nano';
import { ADMIN_FILE } from './admin-credentials';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from './index';

const hex = (n: number) => randomBytes(n).toString('hex');
const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

describe('an in-memory server', () => {
  let server: EmbeddedCouchDB;
  let tokenDb: string;
  const asAdmin = () => ({ authorization: basic(server.admin.name, server.admin.password) });

  beforeAll(async () => {
    server = await startEmbeddedCouchDB({ port: 0 });
    tokenDb = `token_auth${hex(3)}`;
    const nano = Nano(server.url);
    await nano.db.create(tokenDb);
    await nano.use<{ pvt_type: string }>(tokenDb).insert({ _id: 'tok1', pvt_type: 'token_auth' });
  });
  afterAll(async () => {
    await Nano(server.url).db.destroy(tokenDb);
    await server.close();
  });

  test('has a generated admin and hands clients a URL that carries it', () => {
    expect(server.admin.name).toBe('admin');
    expect(server.admin.password.length).toBeGreaterThanOrEqual(20);
    expect(server.adminSource).toBe('generated');
    const u = new URL(server.url);
    expect(`${u.protocol}//${u.host}`).toBe(server.origin);
    expect([decodeURIComponent(u.username), decodeURIComponent(u.password)]).toEqual([server.admin.name, server.admin.password]);
  });

  test.each([
    ['/_all_dbs', 'You are not a server admin.'],
    ['/_config', 'You are not a server admin.'],
    ['/_config/couch_httpd_auth/secret', 'You are not a server admin.'],
    ['/%5Fconfig', 'You are not a server admin.'],
    ['/_users/_all_docs', 'You are not authorized to access this db.'],
  ])('anonymous GET %s gets 401', async (path, reason) => {
    const res = await fetch(`${server.origin}${path}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized', reason });
  });

  test('anonymous callers can neither read a token doc nor write one', async () => {
    const read = await fetch(`${server.origin}/${tokenDb}/tok1`);
    expect(read.status).toBe(401);
    expect(await read.json()).toEqual({ error: 'unauthorized', reason: 'You are not authorized to access this db.' });
    const write = await fetch(`${server.origin}/${tokenDb}/forged`, { method: 'PUT', body: JSON.stringify({ pvt_type: 'token_auth' }), headers: { 'content-type': 'application/json' } });
    expect(write.status).toBe(401);
    const check = await fetch(`${server.origin}/${tokenDb}/forged`, { headers: asAdmin() });
    expect(check.status).toBe(404);
  });

  test('the admin reads and writes with Basic credentials', async () => {
    const read = await fetch(`${server.origin}/${tokenDb}/tok1`, { headers: asAdmin() });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ _id: 'tok1', pvt_type: 'token_auth' });
    expect(await Nano(server.url).db.list()).toContain(tokenDb);
  });

  test('a wrong password gets 401 everywhere, the welcome included', async () => {
    for (const path of ['/', '/_all_dbs', `/${tokenDb}/tok1`]) {
      const res = await fetch(`${server.origin}${path}`, { headers: { authorization: basic(server.admin.name, `${server.admin.password}x`) } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
    }
    await expect(Nano(server.url.replace(/:[^:@/]+@/, ':wrong@')).db.list()).rejects.toMatchObject({ statusCode: 401 });
  });

  test('what CouchDB 3 serves anonymously still answers: welcome, _up, _session, Fauxton', async () => {
    expect((await fetch(`${server.origin}/`)).status).toBe(200);
    expect(await (await fetch(`${server.origin}/_up`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.origin}/_session`)).json()).toMatchObject({ ok: true, userCtx: { name: null, roles: [] } });
    const fauxton = await fetch(`${server.origin}/_utils/`);
    expect(fauxton.status).toBe(200);
    expect(await fauxton.text()).toMatch(/<html/i);
    const bare = await fetch(`${server.origin}/_utils`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/_utils/');
    // nothing under /_utils reaches a database route
    expect((await fetch(`${server.origin}/_utils/_all_docs`)).status).toBe(404);
  });

  test('Fauxton logs in: POST /_session with its form gives a cookie that authorizes, logout ends it', async () => {
    const wrong = await fetch(`${server.origin}/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: server.admin.name, password: 'nope' }).toString(),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const login = await fetch(`${server.origin}/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: server.admin.name, password: server.admin.password }).toString(),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual({ ok: true, name: server.admin.name, roles: ['_admin'] });
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^AuthSession=[^;]+;.*HttpOnly/i);
    const cookie = setCookie.split(';')[0];

    const session = await fetch(`${server.origin}/_session`, { headers: { cookie } });
    expect(await session.json()).toMatchObject({ ok: true, userCtx: { name: server.admin.name, roles: ['_admin'] }, info: { authenticated: 'cookie' } });
    const dbs = await fetch(`${server.origin}/_all_dbs`, { headers: { cookie } });
    expect(dbs.status).toBe(200);
    expect(await dbs.json()).toContain(tokenDb);

    const forged = `AuthSession=${Buffer.from(`${server.admin.name}:${Math.floor(Date.now() / 1000).toString(16)}:AAAA`).toString('base64url')}`;
    expect((await fetch(`${server.origin}/_all_dbs`, { headers: { cookie: forged } })).status).toBe(401);

    // Fauxton's logout sends Basic "_:_" to make the browser forget credentials
    const logout = await fetch(`${server.origin}/_session`, { method: 'DELETE', headers: { cookie, authorization: basic('_', '_') } });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('set-cookie')).toMatch(/^AuthSession=;/);
  });

  test('nano logs in with JSON; a login `next` goes only to this server', async () => {
    const res = await fetch(`${server.origin}/_session?next=//evil.example/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: server.admin.name, password: server.admin.password }),
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    const local = await fetch(`${server.origin}/_session?next=/_utils/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: server.admin.name, password: server.admin.password }),
      redirect: 'manual',
    });
    expect(local.status).toBe(302);
    expect(local.headers.get('location')).toBe('/_utils/');
  });

  test('a malformed login body gets CouchDB 400 JSON, not an HTML stack trace', async () => {
    const res = await fetch(`${server.origin}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad_request', reason: 'invalid UTF-8 JSON' });
  });

  test("an admin added to express-pouchdb's config is refused (it would lock the real admin out)", async () => {
    const res = await fetch(`${server.origin}/_config/admins/intruder`, { method: 'PUT', headers: asAdmin(), body: JSON.stringify('pw') });
    expect(res.status).toBe(403);
    expect((await fetch(`${server.origin}/_all_dbs`, { headers: asAdmin() })).status).toBe(200);
  });

  test('servers of one memory namespace share the admin, so a restarted server takes the old URL', async () => {
    const memoryNamespace = `ns-${hex(4)}`;
    const first = await startEmbeddedCouchDB({ port: 0, memoryNamespace });
    const port = first.port;
    const url = first.url;
    await first.close();
    const again = await startEmbeddedCouchDB({ port, memoryNamespace });
    try {
      expect(again.url).toBe(url);
      expect(again.adminSource).toBe('stored');
    } finally {
      await again.close();
    }
  });
});

describe('a server on a data dir', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tollgate-couch-admin-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('generates the password on first start, keeps it (0600) and uses it after a restart', async () => {
    const first = await startEmbeddedCouchDB({ port: 0, dataDir });
    const { admin } = first;
    expect(first.adminSource).toBe('generated');
    await first.close();
    const file = join(dataDir, ADMIN_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(admin);

    const again = await startEmbeddedCouchDB({ port: 0, dataDir });
    try {
      expect(again.adminSource).toBe('stored');
      expect(again.admin).toEqual(admin);
      expect((await fetch(`${again.origin}/_all_dbs`, { headers: { authorization: basic(admin.name, admin.password) } })).status).toBe(200);
      expect((await fetch(`${again.origin}/_all_dbs`)).status).toBe(401);
    } finally {
      await again.close();
    }
  });

  test('a given name and password win over the kept ones', async () => {
    const given = { name: 'ops', password: `p@ss:${hex(4)}/%` };
    const server = await startEmbeddedCouchDB({ port: 0, dataDir, admin: given });
    try {
      expect(server.adminSource).toBe('given');
      expect(server.admin).toEqual(given);
      // a password with URL-special characters survives the client URL
      expect(await Nano(server.url).db.list()).toEqual(expect.any(Array));
      expect((await fetch(`${server.origin}/_all_dbs`, { headers: { authorization: basic('admin', JSON.parse(readFileSync(join(dataDir, ADMIN_FILE), 'utf8')).password) } })).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
