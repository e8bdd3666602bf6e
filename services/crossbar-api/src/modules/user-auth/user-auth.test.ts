import { md5Credentials, sha1Credentials } from '@tollgate/accounts';
import { usNumber } from '@tollgate/testing';
import { liveAuthSettings } from '../../auth/auth-config';
import { type CrossbarHarness, MASTER, startCrossbarHarness } from '@tollgate/crossbar-api/testing';

let h: CrossbarHarness;
let accountId: string;
let userToken: string;

beforeAll(async () => {
  h = await startCrossbarHarness();
  const acct = await h.call('PUT', '/v2/accounts', { token: h.masterToken, data: { name: 'Login Co', realm: 'login.example.com' } });
  accountId = acct.body.data.id;
  await h.call('PUT', `/v2/accounts/${accountId}/users`, {
    token: h.masterToken,
    data: { username: 'bob', password: 'bob-pass', first_name: 'Bob', last_name: 'B', priv_level: 'user' },
  });
  userToken = await h.login('bob', 'bob-pass', 'Login Co');
});
afterAll(async () => h.close());

/** Writes a `crossbar` auth key and returns once the crossbar's live settings hold it. */
async function setCrossbar(key: string, value: number): Promise<void> {
  await h.deps.config.setDefault('crossbar', key, value);
  await (await liveAuthSettings(h.deps.config)).refresh();
}

test('user_auth answers 201 with the token in the envelope and the login facts in data', async () => {
  const res = await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', 'bob-pass'), account_name: 'login co' } });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'success', auth_token: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(res.body.data).toEqual({
    account_id: accountId,
    account_name: 'Login Co',
    apps: [],
    is_reseller: false,
    language: 'en-us',
    owner_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    reseller_id: h.masterId,
  });
});

test('accounts are found by realm too, and the sha method works', async () => {
  const byRealm = await h.call('PUT', '/v2/user_auth', { data: { credentials: sha1Credentials('bob', 'bob-pass'), method: 'sha', account_realm: 'LOGIN.example.com' } });
  expect(byRealm.status).toBe(201);
  const byRealmKey = await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', 'bob-pass'), realm: 'login.example.com' } });
  expect(byRealmKey.status).toBe(201);
});

test("wrong credentials, unknown accounts and another account's user get Kazoo's 401", async () => {
  for (const data of [
    { credentials: md5Credentials('bob', 'nope'), account_name: 'Login Co' },
    { credentials: md5Credentials('bob', 'bob-pass'), account_name: 'No Such Co' },
    { credentials: md5Credentials(MASTER.username, MASTER.password), account_name: 'Login Co' },
  ]) {
    const res = await h.call('PUT', '/v2/user_auth', { data });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 'error', error: '401', message: 'invalid_credentials', data: { message: 'invalid credentials' } });
  }
  const missing = await h.call('PUT', '/v2/user_auth', { data: { account_name: 'Login Co' } });
  expect(missing.status).toBe(400);
  expect(missing.body.data).toEqual({ credentials: { required: { message: 'Field is required but missing' } } });
});

test('repeated failures from one source are refused even with the right password, until the limit is raised', async () => {
  await setCrossbar('max_failed_logins', 2);
  try {
    for (let i = 0; i < 2; i++) {
      expect((await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', 'bad'), account_name: 'Login Co' } })).status).toBe(401);
    }
    const right = await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', 'bob-pass'), account_name: 'Login Co' } });
    expect(right.status).toBe(401);
    expect(right.body.message).toBe('invalid_credentials');
  } finally {
    await setCrossbar('max_failed_logins', 100);
  }
  expect((await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', 'bob-pass'), account_name: 'Login Co' } })).status).toBe(201);
});

test('GET /v2/user_auth/{token} describes the token of the request only', async () => {
  const res = await h.call('GET', `/v2/user_auth/${userToken}`, { token: userToken });
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({ account_id: accountId, method: 'cb_user_auth', id: userToken, account_name: 'Login Co', is_reseller: false, reseller_id: h.masterId });
  expect((await h.call('GET', `/v2/user_auth/${h.masterToken}`, { token: userToken })).status).toBe(401);
});

test('tokens are read from the header, the query, the body or a Bearer header', async () => {
  const path = `/v2/accounts/${accountId}`;
  expect((await fetch(`${h.url}${path}?auth_token=${userToken}`)).status).toBe(200);
  expect((await fetch(`${h.url}${path}`, { headers: { Authorization: `Bearer ${userToken}` } })).status).toBe(200);
  const viaBody = await fetch(`${h.url}/v2/accounts/${accountId}/users/nobody`, { method: 'PATCH', body: JSON.stringify({ auth_token: userToken, data: {} }) });
  expect(viaBody.status).not.toBe(401);
});

test('a revoked token stops working; token_auth_expiry is written back and applies to every token', async () => {
  const token = await h.login('bob', 'bob-pass', 'Login Co');
  expect(await h.deps.config.get('crossbar', 'token_auth_expiry')).toBe(3600);
  expect((await h.call('DELETE', '/v2/token_auth', { token })).status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${accountId}`, { token })).status).toBe(401);

  const short = await h.login('bob', 'bob-pass', 'Login Co');
  await setCrossbar('token_auth_expiry', 0);
  try {
    expect((await h.call('GET', `/v2/accounts/${accountId}`, { token: short })).status).toBe(401);
  } finally {
    await setCrossbar('token_auth_expiry', 3600);
  }
  expect((await h.call('GET', `/v2/accounts/${accountId}`, { token: short })).status).toBe(401);
});

test('api_auth: the account key gives an admin token; a new key revokes it; bad keys get Kazoo errors', async () => {
  const key = (await h.call('GET', `/v2/accounts/${accountId}/api_key`, { token: h.masterToken })).body.data.api_key;
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  const res = await h.call('PUT', '/v2/api_auth', { data: { api_key: key } });
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ account_id: accountId, apps: [], is_reseller: false, language: 'en-us', reseller_id: h.masterId });
  expect(res.body.data.owner_id).toBeUndefined();
  const apiToken = res.body.auth_token;
  // Acting as an admin: may create a user in its account.
  const created = await h.call('PUT', `/v2/accounts/${accountId}/users`, { token: apiToken, data: { first_name: 'Api', last_name: 'Made' } });
  expect(created.status).toBe(201);

  const renewed = await h.call('PUT', `/v2/accounts/${accountId}/api_key`, { token: apiToken });
  expect(renewed.body.data.api_key).not.toBe(key);
  expect((await h.call('GET', `/v2/accounts/${accountId}`, { token: apiToken })).status).toBe(401);

  const unknown = await h.call('PUT', '/v2/api_auth', { data: { api_key: key } });
  expect(unknown.status).toBe(404);
  expect(unknown.body).toMatchObject({ error: '404', message: 'bad identifier', data: [key] });
  expect((await h.call('PUT', '/v2/api_auth', { data: { api_key: 'short' } })).status).toBe(400);
  expect((await h.call('PUT', '/v2/api_auth', { data: { api_key: '' } })).status).toBe(401);
});

test('a disabled user, or a disabled or deleted account, loses its tokens at once', async () => {
  const acct = (await h.call('PUT', '/v2/accounts', { token: h.masterToken, data: { name: 'Fragile Co' } })).body.data.id;
  const user = (
    await h.call('PUT', `/v2/accounts/${acct}/users`, {
      token: h.masterToken,
      data: { username: 'eve', password: 'eve-pass', first_name: 'Eve', last_name: 'E', priv_level: 'admin' },
    })
  ).body.data.id;
  const token = await h.login('eve', 'eve-pass', 'Fragile Co');
  expect((await h.call('GET', `/v2/accounts/${acct}`, { token })).status).toBe(200);

  await h.call('PATCH', `/v2/accounts/${acct}/users/${user}`, { token: h.masterToken, data: { enabled: false } });
  expect((await h.call('GET', `/v2/accounts/${acct}`, { token })).status).toBe(401);
  await h.call('PATCH', `/v2/accounts/${acct}/users/${user}`, { token: h.masterToken, data: { enabled: true } });
  const again = await h.login('eve', 'eve-pass', 'Fragile Co');

  await h.call('PATCH', `/v2/accounts/${acct}`, { token: h.masterToken, data: { enabled: false } });
  expect((await h.call('GET', `/v2/accounts/${acct}`, { token: again })).status).toBe(401);
  const locked = await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('eve', 'eve-pass'), account_name: 'Fragile Co' } });
  expect(locked.status).toBe(423);
  expect(locked.body).toMatchObject({ error: '423', message: 'locked', data: { account: { disabled: { message: 'account disabled' } } } });

  await h.call('PATCH', `/v2/accounts/${acct}`, { token: h.masterToken, data: { enabled: true } });
  const third = await h.login('eve', 'eve-pass', 'Fragile Co');
  expect((await h.call('DELETE', `/v2/accounts/${acct}`, { token: h.masterToken })).status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${acct}`, { token: third })).status).toBe(401);
});

test("disabling an account ends the tokens of its sub-accounts' logins too, for good", async () => {
  const parent = (await h.call('PUT', '/v2/accounts', { token: h.masterToken, data: { name: 'Upper Co' } })).body.data.id;
  const kid = (await h.call('PUT', `/v2/accounts/${parent}`, { token: h.masterToken, data: { name: 'Lower Co' } })).body.data.id;
  await h.call('PUT', `/v2/accounts/${kid}/users`, {
    token: h.masterToken,
    data: { username: 'low', password: 'low-pass', first_name: 'L', last_name: 'O', priv_level: 'admin' },
  });
  const token = await h.login('low', 'low-pass', 'Lower Co');
  await h.call('PATCH', `/v2/accounts/${parent}`, { token: h.masterToken, data: { enabled: false } });
  expect((await h.call('GET', `/v2/accounts/${kid}`, { token })).status).toBe(401);
  await h.call('PATCH', `/v2/accounts/${parent}`, { token: h.masterToken, data: { enabled: true } });
  // Re-enabling the parent lets its tree log in again; the tokens the disable ended stay ended.
  expect((await h.call('GET', `/v2/accounts/${kid}`, { token })).status).toBe(401);
  const fresh = await h.login('low', 'low-pass', 'Lower Co');
  expect((await h.call('GET', `/v2/accounts/${kid}`, { token: fresh })).status).toBe(200);
});

test('a login names its account by a phone number the account holds', async () => {
  const number = usNumber();
  const enc = encodeURIComponent(number);
  const created = await h.call('PUT', `/v2/accounts/${accountId}/phone_numbers/${enc}`, { token: h.masterToken, data: {} });
  expect(created.status).toBe(201);
  expect(created.body.data).toMatchObject({ state: 'in_service', assigned_to: accountId });
  const byNumber = await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', 'bob-pass'), phone_number: number.slice(2) } });
  expect(byNumber.status).toBe(201);
  expect(byNumber.body.data.account_id).toBe(accountId);
  const unknown = await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', 'bob-pass'), phone_number: '+14155550000' } });
  expect(unknown.status).toBe(401);
});
