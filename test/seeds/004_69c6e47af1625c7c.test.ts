// Seed 004 (Kazoo accounts API), every call replayed over HTTP against a whole platform, in the
// seed's order. {AUTH_TOKEN} is the admin login of a customer S of a reseller R, which is what
// makes the documented `"billing_mode": "manual"` come out (the reseller is neither the caller
// nor the master). Ids, tokens, realms and timestamps are checked as shapes.
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from '../support/platform';

let platform: TestPlatform;
let masterToken: string;
let token: string;
let resellerId: string;
let authAccountId: string;
const AUTH_ACCOUNT_NAME = 'Seed Customer S';

const HEX32 = /^[0-9a-f]{32}$/;
const REALM = /^[0-9a-f]{6}\.sip\.2600hz\.com$/;

async function api(method: string, path: string, opts: { token?: string; body?: string } = {}): Promise<{ status: number; body: Loose }> {
  const headers: Record<string, string> = { 'X-Auth-Token': opts.token ?? token };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${platform.url}${path}`, { method, headers, body: opts.body });
  return { status: res.status, body: await jsonOf(res) };
}

/** The seed's account response, field for field. */
function documentedAccount(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    billing_mode: 'manual',
    call_restriction: {},
    caller_id: {},
    created: expect.any(Number),
    dial_plan: {},
    enabled: true,
    id: expect.stringMatching(HEX32),
    is_reseller: false,
    language: 'en-us',
    music_on_hold: {},
    name: 'child account',
    preflow: {},
    realm: expect.stringMatching(REALM),
    reseller_id: resellerId,
    ringtones: {},
    superduper_admin: false,
    timezone: 'America/Los_Angeles',
    wnm_allow_additions: false,
    ...extra,
  };
}

function successEnvelope(body: Loose, withRevision = true): void {
  expect(body).toMatchObject({ auth_token: token, request_id: expect.any(String), status: 'success' });
  if (withRevision) expect(body.revision).toEqual(expect.any(String));
}

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  masterToken = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  const r = await api('PUT', '/v2/accounts', { token: masterToken, body: JSON.stringify({ data: { name: 'Seed Reseller R' } }) });
  resellerId = r.body.data.id;
  expect((await api('PUT', `/v2/accounts/${resellerId}/reseller`, { token: masterToken })).body.data.is_reseller).toBe(true);
  const s = await api('PUT', `/v2/accounts/${resellerId}`, { token: masterToken, body: JSON.stringify({ data: { name: AUTH_ACCOUNT_NAME } }) });
  authAccountId = s.body.data.id;
  const user = await api('PUT', `/v2/accounts/${authAccountId}/users`, {
    token: masterToken,
    body: JSON.stringify({ data: { username: 'seed-admin', password: 'seed-pass', first_name: 'Seed', last_name: 'Admin', priv_level: 'admin' } }),
  });
  expect(user.status).toBe(201);
  token = await platform.login('seed-admin', 'seed-pass', AUTH_ACCOUNT_NAME);
}, 60000);

afterAll(async () => {
  await platform?.stop();
});

/** {ACCOUNT_ID} of the seed's calls on one account, and {CHILD_ACCOUNT_ID} below it. */
let accountId: string;
let childId: string;
let created: Loose;

describe('seed 004, call for call', () => {
  test('Create a new child account: PUT /v2/accounts puts it under the auth token\'s account', async () => {
    const res = await api('PUT', '/v2/accounts', { body: '{"data":{"name":"child account"}}' });
    expect(res.status).toBe(201);
    successEnvelope(res.body);
    expect(res.body.data).toEqual(documentedAccount());
    expect(res.body.data.created).toBeGreaterThan(63_000_000_000);
    created = res.body.data;
    const parents = await api('GET', `/v2/accounts/${created.id}/parents`);
    expect(parents.body.data).toEqual([{ id: authAccountId, name: AUTH_ACCOUNT_NAME }]);
  });

  test('Remove an account: DELETE /v2/accounts/{ACCOUNT_ID} answers with the account', async () => {
    const res = await api('DELETE', `/v2/accounts/${created.id}`);
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body.data).toEqual({ ...documentedAccount(), id: created.id, realm: created.realm, created: created.created });
    expect((await api('GET', `/v2/accounts/${created.id}`)).status).toBe(404);
  });

  test('Fetch the account doc: GET /v2/accounts/{ACCOUNT_ID}', async () => {
    // The deleted account freed its name: "child account" can be created again.
    const put = await api('PUT', '/v2/accounts', { body: '{"data":{"name":"child account"}}' });
    expect(put.status).toBe(201);
    accountId = put.body.data.id;
    const res = await api('GET', `/v2/accounts/${accountId}`);
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body.data).toEqual(documentedAccount({ id: accountId }));
  });

  test('Patch the account doc: PATCH /v2/accounts/{ACCOUNT_ID} {"some_key":"some_value"}', async () => {
    const before = (await api('GET', `/v2/accounts/${accountId}`)).body.data;
    const res = await api('PATCH', `/v2/accounts/${accountId}`, { body: '{"data":{"some_key":"some_value"}}' });
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body.data).toEqual({ ...before, some_key: 'some_value' });
  });

  test('Change the account doc: POST /v2/accounts/{ACCOUNT_ID} with the whole document', async () => {
    const before = (await api('GET', `/v2/accounts/${accountId}`)).body.data;
    const body =
      '{"data": {"billing_mode": "manual","call_restriction": {},"caller_id": {},"created": 63621662701,"dial_plan": {},"enabled": true,"is_reseller": false,"language": "en-us","music_on_hold": {},"name": "child account","preflow": {},"realm": "aeac33.sip.2600hz.com","reseller_id": "undefined","ringtones": {},"some_key":"some_value","superduper_admin": false,"timezone": "America/Los_Angeles","wnm_allow_additions": false}}';
    const res = await api('POST', `/v2/accounts/${accountId}`, { body });
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    // The realm is the one posted; created, reseller_id and the other computed fields are the server's.
    expect(res.body.data).toEqual(
      documentedAccount({ id: accountId, realm: 'aeac33.sip.2600hz.com', some_key: 'some_value', created: before.created }),
    );
  });

  test('Create a new child account: PUT /v2/accounts/{ACCOUNT_ID} puts it under {ACCOUNT_ID}', async () => {
    // Names are unique system-wide (user_auth finds accounts by name), so the seed's second
    // "child account" is refused with Kazoo's validation error while the first one lives…
    const dup = await api('PUT', `/v2/accounts/${accountId}`, { body: '{"data":{"name":"child account"}}' });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({
      status: 'error',
      error: '400',
      message: 'validation error',
      data: { name: { unique: { message: 'Account name already in use', cause: 'child account' } } },
    });
    // …and created under its own name.
    const res = await api('PUT', `/v2/accounts/${accountId}`, { body: '{"data":{"name":"grandchild account"}}' });
    expect(res.status).toBe(201);
    successEnvelope(res.body);
    expect(res.body.data).toEqual(documentedAccount({ name: 'grandchild account' }));
    childId = res.body.data.id;
    expect(childId).not.toBe(accountId);
  });

  test('Fetch the parent account IDs: GET /v2/accounts/{ACCOUNT_ID}/parents', async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/parents`);
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body).toMatchObject({ page_size: 1, data: [{ id: authAccountId, name: AUTH_ACCOUNT_NAME }] });
  });

  test("Fetch an account's ancestor tree: GET /v2/accounts/{ACCOUNT_ID}/tree", async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/tree`);
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body).toMatchObject({ page_size: 1, data: [{ id: authAccountId, name: AUTH_ACCOUNT_NAME }] });
  });

  test("Fetch the account's API key: GET /v2/accounts/{ACCOUNT_ID}/api_key, usable with api_auth", async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/api_key`);
    expect(res.status).toBe(200);
    successEnvelope(res.body, false);
    expect(res.body.data).toEqual({ api_key: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const login = await fetch(`${platform.url}/v2/api_auth`, { method: 'PUT', body: JSON.stringify({ data: { api_key: res.body.data.api_key } }) });
    expect(login.status).toBe(201);
    expect((await jsonOf(login)).data).toMatchObject({ account_id: accountId });
  });

  test('Fetch sibling accounts: GET /v2/accounts/{ACCOUNT_ID}/siblings', async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/siblings`);
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body).toMatchObject({ page_size: 1, start_key: '' });
    expect(res.body.data).toEqual([
      expect.objectContaining({ descendants_count: 1, id: accountId, name: 'child account', realm: 'aeac33.sip.2600hz.com' }),
    ]);
  });

  test('Fetch all descendants of an account: GET /v2/accounts/{ACCOUNT_ID}/descendants', async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/descendants`);
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body).toMatchObject({ page_size: 1, start_key: '' });
    expect(res.body.data).toEqual([expect.objectContaining({ id: childId, name: 'grandchild account', realm: expect.stringMatching(REALM), tree: expect.any(Array) })]);
    expect(res.body.data[0].tree.at(-1)).toBe(accountId);
  });

  test('Fetch immediate children of an account: GET /v2/accounts/{ACCOUNT_ID}/children', async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/children`);
    expect(res.status).toBe(200);
    successEnvelope(res.body);
    expect(res.body).toMatchObject({ page_size: 1, start_key: '' });
    expect(res.body.data).toEqual([expect.objectContaining({ id: childId, name: 'grandchild account', realm: expect.stringMatching(REALM) })]);
    expect(res.body.data[0].tree.at(-1)).toBe(accountId);
  });

  test('Demote a reseller: DELETE /v2/accounts/{ACCOUNT_ID}/reseller requires a superduper admin token', async () => {
    const forbidden = await api('DELETE', `/v2/accounts/${accountId}/reseller`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ status: 'error', error: '403', message: 'forbidden' });
    const res = await api('DELETE', `/v2/accounts/${accountId}/reseller`, { token: masterToken });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: accountId, is_reseller: false });
  });

  test('Promote a reseller: PUT /v2/accounts/{ACCOUNT_ID}/reseller requires a superduper admin token', async () => {
    expect((await api('PUT', `/v2/accounts/${accountId}/reseller`)).status).toBe(403);
    const res = await api('PUT', `/v2/accounts/${accountId}/reseller`, { token: masterToken });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ id: accountId, is_reseller: true });
    expect((await api('GET', `/v2/accounts/${childId}`)).body.data).toMatchObject({ reseller_id: accountId });
  });

  test('Move an account: POST /v2/accounts/{ACCOUNT_ID}/move {"to": …} (superduper_admin by default)', async () => {
    const body = JSON.stringify({ data: { to: authAccountId } });
    const refused = await api('POST', `/v2/accounts/${childId}/move`, { body });
    expect(refused.status).toBe(403);
    const res = await api('POST', `/v2/accounts/${childId}/move`, { token: masterToken, body });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ auth_token: masterToken, status: 'success', revision: expect.any(String) });
    // The master's token sees the same account; R is again its nearest reseller after the move.
    expect(res.body.data).toEqual({ ...documentedAccount({ id: childId, name: 'grandchild account' }), billing_mode: 'manual' });
    const parents = await api('GET', `/v2/accounts/${childId}/parents`);
    expect(parents.body.data).toEqual([{ id: authAccountId, name: AUTH_ACCOUNT_NAME }]);
  });

  test('the schema table: realm 4..253, timezone 5..32, caller id names up to 35, bad input writes nothing', async () => {
    const res = await api('PUT', '/v2/accounts', {
      body: JSON.stringify({ data: { name: 'schema check', realm: 'a.b', timezone: 'UTC', caller_id: { external: { name: 'x'.repeat(36) } }, music_on_hold: { media_id: 'm'.repeat(129) } } }),
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.data).sort()).toEqual(['caller_id.external.name', 'music_on_hold.media_id', 'realm', 'timezone']);
    expect(res.body.data.realm).toEqual({ minLength: { message: 'String must be at least 4 characters', target: 4, cause: 'a.b', value: 'a.b' } });
    const children = await api('GET', `/v2/accounts/${authAccountId}/children`);
    expect(children.body.data.map((c: { name: string }) => c.name)).not.toContain('schema check');
  });
});
