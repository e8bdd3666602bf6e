// Hostile input against a whole crossbar (every module, the real broker and database): each case
// that used to answer a 5xx, hang or write now answers a 4xx Kazoo envelope, and a seeded fuzz run
// of malformed requests across all routes — authenticated and not — gets no 5xx, no stack trace,
// and no write by a request that was refused.
import fc from 'fast-check';
import type { Loose } from '@tollgate/testing';
import { closeRawHttp, type RawRequest, type RawResponse, rawHttp } from './support/http-raw';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
const ids = { master: '', reseller: '', customer: '', customerUser: '' };
const tokens: Record<'master' | 'reseller' | 'customer' | 'customerUser' | 'apiKey', string> = { master: '', reseller: '', customer: '', customerUser: '', apiKey: '' };

async function api(method: string, path: string, opts: { token?: string; data?: unknown; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Loose; text: string; type: string }> {
  const headers: Record<string, string> = { ...(opts.token ? { 'X-Auth-Token': opts.token } : {}), ...opts.headers };
  const body = opts.body ?? (opts.data === undefined ? undefined : JSON.stringify({ data: opts.data }));
  const res = await fetch(`${platform.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: Loose;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed, text, type: res.headers.get('content-type') ?? '' };
}

async function ok<T = Loose>(p: Promise<{ status: number; body: Loose }>, what: string): Promise<T> {
  const res = await p;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as T;
}

async function account(name: string, parent: string): Promise<string> {
  return (await ok<{ id: string }>(api('PUT', `/v2/accounts/${parent}`, { token: tokens.master, data: { name } }), `create ${name}`)).id;
}

async function userOf(accountId: string, accountName: string, username: string, privLevel: 'admin' | 'user'): Promise<{ id: string; token: string }> {
  const user = await ok<{ id: string }>(
    api('PUT', `/v2/accounts/${accountId}/users`, { token: tokens.master, data: { username, password: `${username}-pw`, first_name: username, last_name: 'Fuzz', priv_level: privLevel } }),
    `create user ${username}`,
  );
  return { id: user.id, token: await platform.login(username, `${username}-pw`, accountName) };
}

beforeAll(async () => {
  // Crossbar and the two services it asks over the bus (rates/number, task help). Neither writes in
  // the background while no task runs, so any write seen is a request's.
  platform = await startTestPlatform({ services: ['crossbar-api', 'rating', 'tasks'] });
  ids.master = platform.master.accountId;
  tokens.master = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  ids.reseller = await account('Fuzz Reseller', ids.master);
  await ok(api('PUT', `/v2/accounts/${ids.reseller}/reseller`, { token: tokens.master }), 'promote');
  ids.customer = await account('Fuzz Customer', ids.reseller);
  tokens.reseller = (await userOf(ids.reseller, 'Fuzz Reseller', 'boss', 'admin')).token;
  tokens.customer = (await userOf(ids.customer, 'Fuzz Customer', 'client', 'admin')).token;
  const plain = await userOf(ids.customer, 'Fuzz Customer', 'plain', 'user');
  ids.customerUser = plain.id;
  tokens.customerUser = plain.token;
  const { api_key } = await ok<{ api_key: string }>(api('GET', `/v2/accounts/${ids.customer}/api_key`, { token: tokens.master }), 'api key');
  const apiLogin = await api('PUT', '/v2/api_auth', { data: { api_key } });
  tokens.apiKey = String(apiLogin.body.auth_token);
}, 90_000);

afterAll(async () => {
  closeRawHttp();
  await platform?.stop();
});

function deepArray(levels: number): string {
  return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
}

function expectKazooError(res: { status: number; body: Loose; type: string }, status: number): void {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/application\/json/);
  expect(res.body).toMatchObject({ status: 'error', error: String(status) });
}

describe('each input that answered a 5xx answers a 4xx', () => {
  test('a malformed %-escape in the path: 401 without a token, 400 with one', async () => {
    for (const path of ['/v2/accounts/%ZZ/users', `/v2/accounts/${'a'.repeat(32)}/users/%E0%A4%A`, '/v2/rates/%ZZ', '/v2/phone_numbers/classifiers/%']) {
      expectKazooError(await api('GET', path), 401);
      const authed = await api('GET', path, { token: tokens.master });
      expectKazooError(authed, 400);
      expect(authed.body.data).toEqual({ message: 'the path has a malformed %-escape' });
    }
  });

  test('JSON nested 10,000 deep is Kazoo\'s 400 invalid JSON envelope, never a stack overflow or an HTML page', async () => {
    for (const body of [`{"data":${deepArray(10_000)}}`, `{"data":{"name":"x","to":${deepArray(10_000)}}}`, `{"data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`]) {
      for (const [method, path] of [
        ['PUT', `/v2/accounts/${ids.reseller}`],
        ['POST', `/v2/accounts/${ids.customer}/move`],
        ['PATCH', `/v2/accounts/${ids.customer}/users/${ids.customerUser}`],
        ['PUT', '/v2/user_auth'],
      ]) {
        const res = await api(method, path, { token: tokens.master, body });
        expectKazooError(res, 400);
        expect(res.body).toMatchObject({ message: 'validation error', data: { json: { invalid: { message: 'All JSON must be valid' } } } });
        expect(res.text).not.toMatch(/node_modules|\/work\/|at .*:\d+:\d+/);
      }
    }
  });

  test('a start_key that is a 5,000-deep array is a 400', async () => {
    const key = Buffer.from(deepArray(5000)).toString('base64url');
    expectKazooError(await api('GET', `/v2/accounts/${ids.master}/children?page_size=1&start_key=${key}`, { token: tokens.master }), 400);
    expectKazooError(await api('GET', `/v2/accounts/${ids.master}/users?start_key=${key}`, { token: tokens.master }), 400);
  });

  test('a credit or debit of 9e11 dollars or more is a 400 with the limit', async () => {
    for (const amount of [9e11, 1e15, 1e300]) {
      const credit = await api('PUT', `/v2/accounts/${ids.customer}/transactions/credit`, { token: tokens.reseller, data: { amount } });
      expectKazooError(credit, 400);
      expect(credit.body.data).toMatchObject({ amount: { maximum: { target: 1_000_000_000 } } });
      expectKazooError(await api('DELETE', `/v2/accounts/${ids.customer}/transactions/debit`, { token: tokens.reseller, data: { amount } }), 400);
    }
  });

  test('rate_cost null is a 400', async () => {
    const res = await api('PUT', '/v2/rates?ratedeck_id=fuzz', { token: tokens.master, data: { prefix: 1415, rate_cost: null } });
    expectKazooError(res, 400);
    expect(res.body.data).toHaveProperty('rate_cost');
  });

  test('PUT /v2/tasks without category or action is a 400 naming what is missing', async () => {
    const none = await api('PUT', '/v2/tasks', { token: tokens.master, data: { records: [] } });
    expectKazooError(none, 400);
    expect(Object.keys(none.body.data).sort()).toEqual(['action', 'category']);
    const noAction = await api('PUT', '/v2/tasks?category=rates', { token: tokens.master, data: { records: [] } });
    expect(Object.keys(noAction.body.data)).toEqual(['action']);
  });

  test('a ~1 MiB account name is a 400, not a 503', async () => {
    const res = await api('PUT', `/v2/accounts/${ids.master}`, { token: tokens.master, data: { name: 'n'.repeat(1_000_000) } });
    expectKazooError(res, 400);
    expect(res.body.data).toMatchObject({ name: { maxLength: expect.any(Object) } });
  });

  test('a wrong method on an existing path is 401 without a token: DELETE /v2/phone_numbers', async () => {
    expectKazooError(await api('DELETE', '/v2/phone_numbers'), 401);
    expectKazooError(await api('DELETE', '/v2/phone_numbers', { token: tokens.master }), 405);
  });

  test('number collections of 2,000 numbers and service plan changes of 50,000 ids are refused at once', async () => {
    const numbers = Array.from({ length: 2000 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
    const collection = await api('PUT', `/v2/accounts/${ids.reseller}/phone_numbers/collection`, { token: tokens.master, data: { numbers } });
    expectKazooError(collection, 400);
    expect(collection.body.data).toMatchObject({ numbers: { maxItems: { target: 100 } } });
    const plans = await api('POST', `/v2/accounts/${ids.customer}/service_plans`, { token: tokens.master, data: { add: Array.from({ length: 50_000 }, (_, i) => `plan${i}`) } });
    expectKazooError(plans, 400);
    expect(plans.body.data).toMatchObject({ add: { maxItems: { target: 50 } } });
  });
});

// ---- the fuzz run ---------------------------------------------------------------------------

const ROUTES: string[] = (() => {
  const A = '/v2/accounts/{A}';
  const out = [
    'PUT /v2/accounts',
    ...['PUT', 'GET', 'POST', 'PATCH', 'DELETE'].map((m) => `${m} ${A}`),
    ...['children', 'descendants', 'siblings', 'parents', 'tree', 'api_key'].map((s) => `GET ${A}/${s}`),
    `PUT ${A}/api_key`,
    `PUT ${A}/reseller`,
    `DELETE ${A}/reseller`,
    `POST ${A}/move`,
    `GET ${A}/users`,
    `PUT ${A}/users`,
    ...['GET', 'POST', 'PATCH', 'DELETE'].map((m) => `${m} ${A}/users/{U}`),
    `GET ${A}/devices`,
    `PUT ${A}/devices`,
    ...['GET', 'POST', 'PATCH', 'DELETE'].map((m) => `${m} ${A}/devices/{U}`),
    'GET /v2/user_auth/{T}',
    'DELETE /v2/token_auth',
    'GET /v2/phone_numbers',
    'GET /v2/phone_numbers/classifiers',
    'GET /v2/phone_numbers/classifiers/{N}',
    `GET ${A}/phone_numbers`,
    ...['GET', 'PUT', 'POST', 'PATCH', 'DELETE'].map((m) => `${m} ${A}/phone_numbers/{N}`),
    `PUT ${A}/phone_numbers/{N}/activate`,
    `PUT ${A}/phone_numbers/{N}/reserve`,
    ...['PUT', 'POST', 'DELETE'].map((m) => `${m} ${A}/phone_numbers/collection`),
    `PUT ${A}/phone_numbers/collection/activate`,
    `PUT ${A}/phone_numbers/collection/reserve`,
    'GET /v2/tasks',
    `GET ${A}/tasks`,
    ...['/v2/tasks', `${A}/tasks`].flatMap((b) => [`PUT ${b}`, `GET ${b}/{K}`, `DELETE ${b}/{K}`, `PATCH ${b}/{K}/stop`, `GET ${b}/{K}/input`, `GET ${b}/{K}/output`]),
    ...['/v2/rates', `${A}/rates`].flatMap((b) => [`GET ${b}`, `PUT ${b}`, `GET ${b}/ratedecks`, ...['GET', 'POST', 'PATCH', 'DELETE'].map((m) => `${m} ${b}/{R}`)]),
    'GET /v2/rates/number/{N}',
    `GET ${A}/rates/number/{N}`,
    'GET /v2/ratedecks/{D}/versions',
    'GET /v2/ratedecks/{D}/versions/{V}/diff',
    'POST /v2/ratedecks/{D}/versions/{V}/activate',
    'POST /v2/ratedecks/{D}/rollback',
    ...['GET', 'PUT', 'POST'].map((m) => `${m} ${A}/service_plans`),
    `GET ${A}/service_plans/available`,
    `GET ${A}/service_plans/available/{P}`,
    `GET ${A}/service_plans/current`,
    `POST ${A}/service_plans/override`,
    ...['GET', 'POST', 'DELETE'].map((m) => `${m} ${A}/service_plans/{P}`),
    `GET ${A}/services`,
    `GET ${A}/services/summary`,
    ...['', '/current_balance', '/monthly_recurring'].map((s) => `GET ${A}/transactions${s}`),
    `PUT ${A}/transactions/credit`,
    `DELETE ${A}/transactions/debit`,
    ...['', '/total', '/available', '/summary/{K}', '/{K}', '/{K}/{R}'].map((s) => `GET ${A}/ledgers${s}`),
    `PUT ${A}/ledgers/credit`,
    `PUT ${A}/ledgers/debit`,
    `GET ${A}/cdrs`,
    `GET ${A}/cdrs/{K}`,
    `GET ${A}/users/{U}/cdrs`,
    `DELETE ${A}/ledgers/{K}/{R}`,
    ...['cdrs', 'financial', 'sub_accounts', 'dids'].map((r) => `GET ${A}/reports/${r}`),
    `GET ${A}/users/{U}/reports/cdrs`,
    `GET ${A}/notifications`,
    ...['GET', 'POST', 'DELETE'].map((m) => `${m} ${A}/notifications/{K}`),
    `POST ${A}/notifications/{K}/preview`,
    ...['GET', 'POST'].map((m) => `${m} ${A}/limits`),
    ...['GET', 'PATCH'].map((m) => `${m} ${A}/properties`),
    ...['GET', 'POST'].map((m) => `${m} ${A}/quotas`),
    `PUT ${A}/users/{U}/user_auth`,
    `GET ${A}/packages`,
    `PUT ${A}/packages`,
    ...['GET', 'POST', 'PATCH', 'DELETE'].map((m) => `${m} ${A}/packages/{P}`),
    ...['GET', 'POST'].map((m) => `${m} ${A}/allotments`),
    `GET ${A}/allotments/consumed`,
    ...['GET', 'POST'].map((m) => `${m} ${A}/did_fees`),
    ...['GET', 'PUT', 'POST', 'PATCH', 'DELETE'].map((m) => `${m} ${A}/whitelabel`),
    ...['GET', 'POST'].map((m) => `${m} ${A}/whitelabel/{K}`),
    'GET /v2/whitelabel/{K}',
    'GET /v2/whitelabel/{K}/{R}',
    'PUT /v2/signup',
    `GET ${A}/signups`,
    ...['PUT', 'POST'].map((m) => `${m} ${A}/signup/activate`),
    'PUT /v2/user_auth/recovery',
    'POST /v2/user_auth/recovery',
    // Logins: a few, since each failure is deliberately slow.
    'PUT /v2/user_auth',
    'PUT /v2/api_auth',
  ];
  return out;
})();

const BROKEN_SEGMENTS = ['%ZZ', '%', '%E0%A4%A', '%00', '..', '%2e%2e', '%2F', '_all_docs', '_design%2Faccounts', 'x'.repeat(600), '%F0%9F%92%A9', "'%20OR%201=1", '{}', '%25', ''];
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  9e11,
  9.1e15,
  1e-320,
  '',
  ' ',
  '%ZZ',
  '=1+2',
  '../../etc',
  '\u0000',
  'x'.repeat(70_000),
  [],
  {},
  [null],
  { $gt: '' },
  { _id: 'x', _rev: '1-x' },
];
const FIELDS = [
  'name', 'realm', 'username', 'password', 'priv_level', 'first_name', 'amount', 'reason', 'description', 'id', 'to', 'numbers', 'state', 'add', 'delete',
  'prefix', 'rate_cost', 'rate_name', 'rate_surcharge', 'ratedeck_id', 'records', 'file_name', 'credentials', 'account_name', 'api_key', 'method', 'enabled',
  'plan', 'carrier', 'e911', 'features', 'direction', 'weight', 'rate_increment', 'pvt_tree', 'pvt_superduper_admin', 'pvt_reseller', '_id', '_rev', 'data',
  'subject', 'from', 'plain', 'html', 'threshold', 'cc', 'bcc',
];
const QUERY_VALUES = ['', '-1', '0', '1e9', 'abc', '%ZZ', 'true', 'false', '5', '99999999999999999999', 'x'.repeat(3000)];
const QUERY_KEYS = ['page_size', 'start_key', 'paginate', 'prefix', 'quantity', 'offset', 'ratedeck_id', 'created_from', 'created_to', 'category', 'action', 'accept', 'explain', 'duration', 'filter_state', 'hard', 'reason', 'csv_name', 'verb', 'descending', 'auth_token', 'include_api_key', 'month', 'account_id', 'include_reversed', 'sample', 'against'];

type Who = keyof typeof tokens | 'none' | 'bogus';

interface FuzzCase {
  template: string;
  method: string;
  segments: Record<string, number>;
  query: [string, string][];
  body: number;
  data: [string, unknown][];
  who: Who;
  csv: boolean;
}

/** Values for a path placeholder: real ids first, then broken ones. */
function pathValues(name: string): string[] {
  const real: Record<string, string[]> = {
    A: [ids.master, ids.reseller, ids.customer, 'f'.repeat(32)],
    U: [ids.customerUser, 'f'.repeat(32)],
    N: ['%2B14155551234', '4155551234', 'abc', '%2B'.concat('9'.repeat(40))],
    T: [tokens.customer, 'f'.repeat(64)],
    K: ['f'.repeat(30), 'nope', 'low_balance'],
    R: ['US-1415', 'nope'],
    P: ['plan_x', 'nope'],
    D: ['ratedeck', 'nope'],
    V: ['1', '0', '-1', '99999999999'],
  };
  return [...(real[name] ?? []), ...BROKEN_SEGMENTS];
}

const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  template: fc.constantFrom(...ROUTES),
  method: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'POST', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'FOO', 'COPY') }),
  segments: fc.record({ A: fc.nat(), U: fc.nat(), N: fc.nat(), T: fc.nat(), K: fc.nat(), R: fc.nat(), P: fc.nat(), D: fc.nat(), V: fc.nat() }),
  query: fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.constantFrom(...QUERY_VALUES)), { maxLength: 3 }),
  body: fc.nat({ max: 11 }),
  data: fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.jsonValue({ maxDepth: 3 }))), { maxLength: 4 }),
  who: fc.constantFrom<Who>('none', 'none', 'bogus', 'master', 'reseller', 'customer', 'customerUser', 'apiKey'),
  csv: fc.boolean(),
});

function bodyOf(c: FuzzCase): string | undefined {
  const data = Object.fromEntries(c.data);
  switch (c.body) {
    case 0:
      return undefined;
    case 1:
      return '{"data":';
    case 2:
      return ['[]', 'null', '1', '"x"', '{"data":1', '\u0000', '{"data":{"a":1}}}'][c.data.length % 7];
    case 3:
      return `{"data":${deepArray(10_000)}}`;
    case 4:
      return `{"data":{"${c.data[0]?.[0] ?? 'name'}":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}}`;
    case 5:
      return JSON.stringify({ data: { ...data, numbers: Array.from({ length: 2000 }, (_, i) => `+1415556${String(i).padStart(4, '0')}`) } });
    case 6:
      return c.csv ? `prefix,rate_cost\n=1+2,${'9'.repeat(400)}\n"unbalanced,\n` : JSON.stringify({ data: { ...data, add: Array.from({ length: 5000 }, (_, i) => `p${i}`) } });
    default:
      return JSON.stringify({ data });
  }
}

function requestOf(c: FuzzCase): RawRequest {
  const [templateMethod, template] = c.template.split(' ');
  const path = template.replace(/\{([A-Z])\}/g, (_m, name: string) => {
    const values = pathValues(name);
    return values[c.segments[name as keyof FuzzCase['segments']] % values.length];
  });
  const query = c.query.map(([k, v]) => `${k}=${k === 'start_key' && v === '5' ? Buffer.from(deepArray(5000)).toString('base64url') : v}`).join('&');
  const headers: Record<string, string> = {};
  if (c.who === 'bogus') headers['X-Auth-Token'] = 'f'.repeat(64);
  else if (c.who !== 'none') headers['X-Auth-Token'] = tokens[c.who];
  if (c.csv) headers['Content-Type'] = 'text/csv';
  const method = c.method || templateMethod;
  return { method, path: query ? `${path}?${query}` : path, headers, body: method === 'HEAD' ? undefined : bodyOf(c) };
}

/** update_seq of every database: a write anywhere changes one. */
async function updateSeqs(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const db of await platform.couch.listDbs()) {
    out.set(db, JSON.stringify((await platform.couch.info(db)).update_seq));
  }
  return out;
}

function changedDbs(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((db) => before.get(db) !== after.get(db));
}

const describeRequest = (r: RawRequest, res?: RawResponse) => `${r.method} ${r.path.slice(0, 160)} (${r.headers?.['X-Auth-Token'] ? 'token' : 'anonymous'}) → ${res ? `${res.status} ${res.body.slice(0, 200)}` : 'no answer'}`;

/** Failed logins are counted by design (login throttling), so they are the one refusal that may write. */
const isLogin = (r: RawRequest) => /^\/v2\/(user_auth|api_auth)(\?|$)/.test(r.path) && r.method === 'PUT';

/**
 * Kazoo's cb_rates answers a number no rate matches with a 500 "No rate found for this number"
 * (kazoo-wire-formats §rates), and crossbar's rates-number module keeps that contract; it is an answer about the
 * ratedeck, not a failure caused by the input, so it is the one 5xx allowed here.
 */
const isKazooNoRate = (r: RawRequest, res: RawResponse) => res.status === 500 && /\/rates\/number\//.test(r.path) && res.body.includes('"message":"No rate found for this number"');

/**
 * Listing the rates of a ratedeck that does not exist is Kazoo's 503 `datastore_missing` (cb_rates on a
 * missing db; modules/rates/list.ts keeps it on purpose): an answer about the database, like the no-rate one.
 */
const isKazooMissingDeck = (r: RawRequest, res: RawResponse) => res.status === 503 && /\/rates(\?|$)/.test(r.path) && res.body.includes('"message":"datastore_missing"');

const isRead = (r: RawRequest) => ['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !/\?(.*&)?verb=/.test(r.path);

const FUZZ_CASES = 1000;
const BATCH = 10;

test(`fuzz: ${FUZZ_CASES} malformed requests across every route, twice — no 5xx, no stack trace, no write by a refused request`, async () => {
  const requests = fc.sample(fuzzCase, { seed: 20261201, numRuns: FUZZ_CASES }).map(requestOf);
  const serverErrors: string[] = [];
  const leaks: string[] = [];
  const check = (r: RawRequest, res: RawResponse) => {
    if ((res.status >= 500 && !isKazooNoRate(r, res) && !isKazooMissingDeck(r, res)) || res.status < 100) serverErrors.push(describeRequest(r, res));
    if (/node_modules|\/work\/|<html|at [^\s]+ \(.*:\d+:\d+\)/i.test(res.body)) leaks.push(describeRequest(r, res));
    const type = String(res.headers['content-type'] ?? '');
    const isCsvDownload = type.startsWith('text/csv');
    if (r.method !== 'OPTIONS' && r.method !== 'HEAD' && !isCsvDownload && !type.startsWith('application/json')) leaks.push(`not JSON (${type}): ${describeRequest(r, res)}`);
  };

  // Pass 1: everything once. Some requests succeed and change state (that is fine); any default a
  // code path writes back on its first read is written here.
  for (const r of requests) check(r, await rawHttp(platform.url, r));

  // Pass 2: the same requests again, in batches; a batch of refusals and reads only must leave
  // every database's update_seq where it was.
  const writers: string[] = [];
  let checkedBatches = 0;
  for (let i = 0; i < requests.length; i += BATCH) {
    const batch = requests.slice(i, i + BATCH);
    const before = await updateSeqs();
    const answers: RawResponse[] = [];
    for (const r of batch) {
      const res = await rawHttp(platform.url, r);
      check(r, res);
      answers.push(res);
    }
    // Reads write nothing either (their defaults were written back in pass 1).
    const mayNotWrite = batch.every((r, j) => (answers[j].status >= 400 && !isLogin(r)) || (isRead(r) && answers[j].status < 400));
    if (!mayNotWrite) continue;
    checkedBatches++;
    const changed = changedDbs(before, await updateSeqs());
    if (changed.length > 0) writers.push(`batch ${i / BATCH} wrote ${changed.join(', ')}:\n  ${batch.map((r, j) => describeRequest(r, answers[j])).join('\n  ')}`);
  }
  expect(serverErrors).toEqual([]);
  expect(leaks).toEqual([]);
  expect(writers).toEqual([]);
  // Most batches are refusals only, so the write check is not vacuous.
  expect(checkedBatches).toBeGreaterThan(requests.length / BATCH / 2);
}, 240_000);
