import { connect } from 'node:net';
import { SystemConfig } from '@tollgate/config';
import { errors } from '@tollgate/errors';
import { type Bus, createLocalBus } from '@tollgate/kazoo-bus';
import { recordLogs } from '@tollgate/log';
import { jsonOf, TestCouch } from '@tollgate/testing';
import { type CrossbarService, startCrossbar } from '../service';
import { pageOf } from './pagination';
import type { AuthContext, CrossbarModule } from './types';

const couch = new TestCouch();
let config: SystemConfig;
let bus: Bus;
let crossbar: CrossbarService;
let url: string;

const auth: AuthContext = {
  token: 'good-token',
  accountId: 'a'.repeat(32),
  isSuperduperAdmin: true,
  privLevel: 'admin',
  method: 'cb_user_auth',
  tree: [],
  isReseller: false,
};

let handlerStarted: () => void = () => undefined;
let handlerAborted: () => void = () => undefined;

const letters = 'abcdefghij'.split('').map((c) => ({ id: c }));
const testModule: CrossbarModule = {
  name: 'test',
  routes: () => [
    { method: 'GET', path: '/v2/echo/:thing', handler: (ctx) => ({ data: { thing: ctx.params.thing, account: ctx.auth?.accountId } }) },
    { method: 'PUT', path: '/v2/echo', handler: (ctx) => ({ data: ctx.data, revision: '1-abc' }) },
    { method: 'POST', path: '/v2/echo', handler: (ctx) => ({ data: ctx.data }) },
    { method: 'GET', path: '/v2/public', auth: 'none', handler: () => ({ data: { open: true } }) },
    { method: 'GET', path: '/v2/letters', handler: (ctx) => { const p = pageOf(letters, (r) => r.id, ctx.page); return { data: p.rows, page: p.info }; } },
    { method: 'GET', path: '/v2/fails/:kind', handler: (ctx) => { if (ctx.params.kind === 'kazoo') throw errors.field('name', 'required', 'Field is required but missing'); throw new Error('boom'); } },
    {
      method: 'GET',
      path: '/v2/slow',
      handler: (ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            handlerAborted();
            resolve({ data: {} });
          });
          handlerStarted();
        }),
    },
    {
      method: 'PUT',
      path: '/v2/upload',
      body: 'json-or-csv',
      handler: async (ctx) => {
        if (!ctx.csv) return { data: { json: ctx.data } };
        let bytes = 0;
        for await (const chunk of ctx.csv) bytes += (chunk as Buffer).length;
        return { data: { bytes } };
      },
    },
  ],
};

beforeAll(async () => {
  const db = await couch.freshDb('sysconf');
  config = new SystemConfig({ couch, node: 'tollgate@test', db });
  await config.start();
  await config.setDefault('crossbar', 'max_json_body_bytes', 200);
  await config.setDefault('crossbar', 'max_upload_size', 5000);
  await config.setDefault('crossbar', 'max_json_depth', 20);
  await config.setDefault('crossbar', 'request_body_timeout_ms', 300);
  bus = createLocalBus({ appName: 'crossbar', appVersion: '4.3.0' });
  crossbar = await startCrossbar({
    deps: { couch, bus, config, node: 'tollgate@test' },
    port: 0,
    host: '127.0.0.1',
    modules: [testModule],
    authenticator: { authenticate: async (t) => (t === 'good-token' ? auth : undefined) },
  });
  url = crossbar.url;
});

afterAll(async () => {
  await crossbar.stop();
  await bus.close();
  await config.stop();
  await couch.cleanup();
});

const H = { 'X-Auth-Token': 'good-token' };

test('a success carries the Kazoo 4.3 envelope', async () => {
  const res = await fetch(`${url}/v2/echo/x1`, { headers: { ...H, 'X-Request-ID': 'req-1' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-request-id')).toBe('req-1');
  const body = await jsonOf(res);
  expect(body).toEqual({
    auth_token: 'good-token',
    data: { thing: 'x1', account: auth.accountId },
    node: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    request_id: 'req-1',
    revision: 'undefined',
    status: 'success',
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    version: '4.3.0',
  });
});

test('tokens are taken from X-Auth-Token, the query, the body or a Bearer header', async () => {
  expect((await fetch(`${url}/v2/echo/a?auth_token=good-token`)).status).toBe(200);
  expect((await fetch(`${url}/v2/echo/a`, { headers: { Authorization: 'Bearer good-token' } })).status).toBe(200);
  const viaBody = await fetch(`${url}/v2/echo`, { method: 'POST', body: JSON.stringify({ auth_token: 'good-token', data: { a: 1 } }) });
  expect(viaBody.status).toBe(200);
});

test('no token or a bad one gets 401 invalid_credentials, even on unknown paths', async () => {
  for (const path of ['/v2/echo/a', `/v2/accounts/${'b'.repeat(32)}`]) {
    for (const headers of [{}, { "X-Auth-Token": "nope" }] as Record<string, string>[]) {
      const res = await fetch(`${url}${path}`, { headers });
      expect(res.status).toBe(401);
      expect(await jsonOf(res)).toMatchObject({ status: 'error', error: '401', message: 'invalid_credentials', data: { message: 'invalid credentials' }, auth_token: expect.any(String) });
    }
  }
  expect((await fetch(`${url}/v2/public`)).status).toBe(200);
});

test('PUT answers 201 with the revision; bodies are {"data":…}', async () => {
  const res = await fetch(`${url}/v2/echo`, { method: 'PUT', headers: H, body: JSON.stringify({ data: { name: 'n' } }) });
  expect(res.status).toBe(201);
  expect(await jsonOf(res)).toMatchObject({ data: { name: 'n' }, revision: '1-abc', status: 'success' });
});

test('malformed JSON, oversized bodies, unknown paths and wrong methods get envelopes', async () => {
  const bad = await fetch(`${url}/v2/echo`, { method: 'PUT', headers: H, body: '{"data":' });
  expect(bad.status).toBe(400);
  // Kazoo's api_util: a validation error on `json`, the caller's token echoed as in every envelope.
  expect(await jsonOf(bad)).toMatchObject({
    status: 'error',
    error: '400',
    message: 'validation error',
    data: { json: { invalid: { message: 'All JSON must be valid' } } },
    auth_token: H['X-Auth-Token'],
  });

  const big = await fetch(`${url}/v2/echo`, { method: 'PUT', headers: H, body: JSON.stringify({ data: { x: 'y'.repeat(500) } }) });
  expect(big.status).toBe(413);
  expect(await jsonOf(big)).toMatchObject({ status: 'error', error: '413' });

  const unknown = await fetch(`${url}/v2/nothing-here`, { headers: H });
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toMatch(/application\/json/);

  const wrong = await fetch(`${url}/v2/echo`, { method: 'DELETE', headers: H });
  expect(wrong.status).toBe(405);
  expect(wrong.headers.get('allow')).toBe('PUT, POST, OPTIONS');
  expect(await jsonOf(wrong)).toMatchObject({ error: '405', data: { message: 'method not allowed' } });
});

test('validation errors keep Kazoo per-field detail; unexpected errors give a 500 envelope without a stack, and the stack is logged', async () => {
  const v = await fetch(`${url}/v2/fails/kazoo`, { headers: H });
  expect(v.status).toBe(400);
  expect(await jsonOf(v)).toMatchObject({ error: '400', message: 'validation error', data: { name: { required: { message: 'Field is required but missing' } } } });
  const logs = recordLogs();
  const e = await fetch(`${url}/v2/fails/other`, { headers: H }).finally(() => logs.stop());
  expect(logs.entries.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ component: 'crossbar', message: 'unhandled error in crossbar', error: expect.stringContaining('Error: boom') })]);
  expect(e.status).toBe(500);
  const text = await e.text();
  expect(text).not.toMatch(/boom|at .*\.ts/);
  expect(JSON.parse(text)).toMatchObject({ status: 'error', error: '500' });
});

test('CSV uploads stream under their own larger limit', async () => {
  const csv = 'prefix,rate_cost\n' + '1,0.1\n'.repeat(100);
  const ok = await fetch(`${url}/v2/upload`, { method: 'PUT', headers: { ...H, 'Content-Type': 'text/csv' }, body: csv });
  expect(ok.status).toBe(201);
  expect((await jsonOf(ok)).data).toEqual({ bytes: Buffer.byteLength(csv) });
  const tooBig = await fetch(`${url}/v2/upload`, { method: 'PUT', headers: { ...H, 'Content-Type': 'text/csv' }, body: 'x'.repeat(6000) });
  expect(tooBig.status).toBe(413);
  const json = await fetch(`${url}/v2/upload`, { method: 'PUT', headers: H, body: JSON.stringify({ data: { records: [] } }) });
  expect((await jsonOf(json)).data).toEqual({ json: { records: [] } });
});

test('CORS preflight is answered and every response carries CORS headers', async () => {
  const res = await fetch(`${url}/v2/echo`, { method: 'OPTIONS' });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Auth-Token/);
});

test('pagination: page_size, next_start_key, start_key and paginate=false', async () => {
  const first = await jsonOf(await fetch(`${url}/v2/letters?page_size=4`, { headers: H }));
  expect(first.data.map((r: { id: string }) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  expect(first).toMatchObject({ page_size: 4, start_key: '' });
  const second = await jsonOf(await fetch(`${url}/v2/letters?page_size=4&start_key=${first.next_start_key}`, { headers: H }));
  expect(second.data.map((r: { id: string }) => r.id)).toEqual(['e', 'f', 'g', 'h']);
  const last = await jsonOf(await fetch(`${url}/v2/letters?page_size=4&start_key=${second.next_start_key}`, { headers: H }));
  expect(last.data.map((r: { id: string }) => r.id)).toEqual(['i', 'j']);
  expect(last.next_start_key).toBeUndefined();
  expect(first.revision).toMatch(/^[0-9a-f]{32}$/);
  expect(second.revision).not.toBe(first.revision);
  const all = await jsonOf(await fetch(`${url}/v2/letters?paginate=false`, { headers: H }));
  expect(all.data).toHaveLength(10);
  expect(all.page_size).toBeUndefined();
});

/** Sends raw bytes and resolves with everything the server answers before it closes the socket. */
function rawRequest(bytes: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.on('data', (d) => {
      out += d.toString();
    });
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

function deep(levels: number): string {
  return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
}

test('a malformed %-escape in the path is 401 without a token and 400 with one, never a 500', async () => {
  for (const path of ['/v2/echo/%ZZ', '/v2/accounts/%ZZ/users', '/v2/echo/%E0%A4%A', '/v2/%']) {
    const anon = await fetch(`${url}${path}`);
    expect(anon.status).toBe(401);
    const authed = await fetch(`${url}${path}`, { headers: H });
    expect([400, 404]).toContain(authed.status);
    expect(await jsonOf(authed)).toMatchObject({ status: 'error' });
  }
  const known = await fetch(`${url}/v2/echo/%ZZ`, { headers: H });
  expect(known.status).toBe(400);
  expect(await jsonOf(known)).toMatchObject({ error: '400', data: { message: 'the path has a malformed %-escape' } });
});

test('JSON nested deeper than max_json_depth is Kazoo\'s 400 invalid JSON envelope, whatever echoes it', async () => {
  for (const body of [`{"data":${deep(80)}}`, `{"data":{"a":${deep(19)}}}`, `{"data":${'{"a":'.repeat(25)}1${'}'.repeat(25)}}`]) {
    const res = await fetch(`${url}/v2/echo`, { method: 'PUT', headers: H, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await jsonOf(res)).toMatchObject({ error: '400', message: 'validation error', data: { json: { invalid: { message: 'All JSON must be valid', cause: 'JSON nested deeper than 20 levels' } } } });
  }
  // Brackets inside strings are text, not nesting.
  const ok = await fetch(`${url}/v2/echo`, { method: 'PUT', headers: H, body: JSON.stringify({ data: { s: '['.repeat(100) } }) });
  expect(ok.status).toBe(201);
});

test('a start_key nested thousands deep is a 400, not a stack overflow', async () => {
  const key = Buffer.from(deep(5000)).toString('base64url');
  const res = await fetch(`${url}/v2/letters?page_size=2&start_key=${key}`, { headers: H });
  expect(res.status).toBe(400);
  expect(await jsonOf(res)).toMatchObject({ error: '400', data: { start_key: { maxDepth: expect.any(Object) } } });
});

test('a wrong method on an existing path answers 401 without a token (the path is not revealed), 405 with one', async () => {
  const anon = await fetch(`${url}/v2/echo`, { method: 'DELETE' });
  expect(anon.status).toBe(401);
  expect(anon.headers.get('allow')).toBeNull();
  const tunnelled = await fetch(`${url}/v2/echo?verb=DELETE`, { method: 'POST' });
  expect(tunnelled.status).toBe(401);
  expect((await fetch(`${url}/v2/echo`, { method: 'DELETE', headers: H })).status).toBe(405);
  // A preflight (no token) gets every method, for a path that exists or not.
  const pre = await fetch(`${url}/v2/echo`, { method: 'OPTIONS' });
  const none = await fetch(`${url}/v2/nothing`, { method: 'OPTIONS' });
  expect(pre.headers.get('allow')).toBe(none.headers.get('allow'));
  const authedPre = await fetch(`${url}/v2/echo`, { method: 'OPTIONS', headers: H });
  expect(authedPre.headers.get('allow')).toBe('PUT, POST, OPTIONS');
});

test('a body shorter than its Content-Length is answered 408 once it stalls, not after Node\'s 5 minutes', async () => {
  const answer = await rawRequest(`PUT /v2/echo HTTP/1.1\r\nHost: x\r\nX-Auth-Token: good-token\r\nContent-Length: 100\r\n\r\n{"data":`);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 'error', error: '408', message: 'request_timeout' });
  const csv = await rawRequest(`PUT /v2/upload HTTP/1.1\r\nHost: x\r\nX-Auth-Token: good-token\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\nprefix,rate_cost\n`);
  expect(csv).toMatch(/^HTTP\/1\.1 408/);
});

test('requests the HTTP parser refuses (oversized URL, broken chunking) get a JSON envelope', async () => {
  const long = await fetch(`${url}/v2/echo/${'x'.repeat(20_000)}`, { headers: H });
  expect(long.status).toBe(431);
  expect(await jsonOf(long)).toMatchObject({ status: 'error', error: '431' });
  const chunked = await rawRequest(`PUT /v2/echo HTTP/1.1\r\nHost: x\r\nX-Auth-Token: good-token\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n`);
  expect(chunked).toMatch(/^HTTP\/1\.1 400/);
  expect(JSON.parse(chunked.slice(chunked.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 'error', error: '400', data: { message: 'malformed HTTP request' } });
});

test('a handler sees the client leave (ctx.signal aborts), so long work can stop', async () => {
  const started = new Promise<void>((r) => {
    handlerStarted = r;
  });
  const aborted = new Promise<void>((r) => {
    handlerAborted = r;
  });
  const controller = new AbortController();
  const pending = fetch(`${url}/v2/slow`, { headers: H, signal: controller.signal }).catch(() => undefined);
  await started;
  controller.abort();
  await aborted;
  await pending;
});
