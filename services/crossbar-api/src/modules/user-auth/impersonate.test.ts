import { accountDbName } from '@tollgate/kazoo-db';
import { type CrossbarHarness, createAccount, startCrossbarHarness } from '@tollgate/crossbar-api/testing';

//   master → reseller R → customer C → sub S;   master → reseller R2 → customer C2
let h: CrossbarHarness;
const id = { R: '', C: '', S: '', R2: '', C2: '' };
const NAMES = { R: 'Imp Reseller', C: 'Imp Customer', S: 'Imp Sub', R2: 'Imp Reseller Two', C2: 'Imp Customer Two' };
const users = { rAdmin: '', rUser: '', cAdmin: '', cUser: '', sUser: '', c2User: '' };
const tok = { rAdmin: '', rUser: '', cAdmin: '' };

async function newUser(accountId: string, username: string, priv: 'admin' | 'user'): Promise<string> {
  const res = await h.call('PUT', `/v2/accounts/${accountId}/users`, {
    token: h.masterToken,
    data: { username, password: `${username}-pw`, first_name: username, last_name: 'Imp', priv_level: priv },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.data.id;
}

const impersonate = (token: string, accountId: string, userId: string, data: unknown = { action: 'impersonate_user' }) =>
  h.call('PUT', `/v2/accounts/${accountId}/users/${userId}/user_auth`, { token, data });

beforeAll(async () => {
  h = await startCrossbarHarness();
  id.R = await createAccount(h, h.masterToken, NAMES.R, h.masterId);
  id.R2 = await createAccount(h, h.masterToken, NAMES.R2, h.masterId);
  for (const r of [id.R, id.R2]) expect((await h.call('PUT', `/v2/accounts/${r}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  id.C = await createAccount(h, h.masterToken, NAMES.C, id.R);
  id.S = await createAccount(h, h.masterToken, NAMES.S, id.C);
  id.C2 = await createAccount(h, h.masterToken, NAMES.C2, id.R2);
  users.rAdmin = await newUser(id.R, 'imp-r-admin', 'admin');
  users.rUser = await newUser(id.R, 'imp-r-user', 'user');
  users.cAdmin = await newUser(id.C, 'imp-c-admin', 'admin');
  users.cUser = await newUser(id.C, 'imp-c-user', 'user');
  users.sUser = await newUser(id.S, 'imp-s-user', 'user');
  users.c2User = await newUser(id.C2, 'imp-c2-user', 'user');
  tok.rAdmin = await h.login('imp-r-admin', 'imp-r-admin-pw', NAMES.R);
  tok.rUser = await h.login('imp-r-user', 'imp-r-user-pw', NAMES.R);
  tok.cAdmin = await h.login('imp-c-admin', 'imp-c-admin-pw', NAMES.C);
}, 60_000);

afterAll(async () => h?.close());

test("a reseller's admin impersonates a customer's user: cb_user_auth's answer, the impersonator on the token", async () => {
  const res = await impersonate(tok.rAdmin, id.C, users.cUser);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'success', auth_token: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(res.body.data).toEqual({ account_id: id.C, account_name: NAMES.C, apps: [], is_reseller: false, language: 'en-us', owner_id: users.cUser, reseller_id: id.R });
  const token = res.body.auth_token;
  const facts = await h.call('GET', `/v2/user_auth/${token}`, { token });
  expect(facts.body.data).toMatchObject({ account_id: id.C, owner_id: users.cUser, original_account_id: id.R, original_owner_id: users.rAdmin, method: 'cb_user_auth' });
  const stored = await h.deps.couch.get('token_auth', token);
  expect(stored).toMatchObject({ account_id: id.C, owner_id: users.cUser, original_account_id: id.R, original_owner_id: users.rAdmin });
});

test("the token reaches the customer's account and below only, with the user's own privileges", async () => {
  const token = (await impersonate(tok.rAdmin, id.C, users.cUser)).body.auth_token;
  expect((await h.call('GET', `/v2/accounts/${id.C}`, { token })).status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${id.S}`, { token })).status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${id.R}`, { token })).status).toBe(403);
  expect((await h.call('GET', `/v2/accounts/${h.masterId}`, { token })).status).toBe(403);
  // a plain user: no admin writes
  expect((await h.call('PUT', `/v2/accounts/${id.C}/users`, { token, data: { first_name: 'x', last_name: 'y' } })).status).toBe(403);
});

test('a write made with it records the impersonator; a later write by someone else does not keep it', async () => {
  const token = (await impersonate(tok.rAdmin, id.C, users.cUser)).body.auth_token;
  const res = await h.call('PATCH', `/v2/accounts/${id.C}/users/${users.cUser}`, { token, data: { first_name: 'Changed' } });
  expect(res.status).toBe(200);
  const doc = await h.deps.couch.get(accountDbName(id.C), users.cUser);
  expect(doc).toMatchObject({
    first_name: 'Changed',
    pvt_auth_account_id: id.C,
    pvt_auth_user_id: users.cUser,
    pvt_original_auth_account_id: id.R,
    pvt_original_auth_owner_id: users.rAdmin,
  });
  expect(res.body.data).not.toHaveProperty('pvt_original_auth_account_id');
  await h.call('PATCH', `/v2/accounts/${id.C}/users/${users.cUser}`, { token: tok.cAdmin, data: { first_name: 'Again' } });
  const after = await h.deps.couch.get(accountDbName(id.C), users.cUser);
  expect(after).toMatchObject({ pvt_auth_account_id: id.C, pvt_auth_user_id: users.cAdmin });
  expect(after).not.toHaveProperty('pvt_original_auth_account_id');
});

test('an impersonation from an impersonation still names the first impersonator', async () => {
  const asAdmin = (await impersonate(tok.rAdmin, id.C, users.cAdmin)).body.auth_token;
  const res = await impersonate(asAdmin, id.S, users.sUser);
  expect(res.status).toBe(201);
  const facts = await h.call('GET', `/v2/user_auth/${res.body.auth_token}`, { token: res.body.auth_token });
  expect(facts.body.data).toMatchObject({ account_id: id.S, original_account_id: id.R, original_owner_id: users.rAdmin });
});

test('refused: own account, plain users, api keys, other branches, unknown or disabled users, a bad action', async () => {
  expect((await impersonate(tok.cAdmin, id.C, users.cUser)).status).toBe(403);
  expect((await impersonate(tok.rUser, id.C, users.cUser)).status).toBe(403);
  const key = (await h.call('GET', `/v2/accounts/${id.R}/api_key`, { token: h.masterToken })).body.data.api_key;
  const apiToken = (await h.call('PUT', '/v2/api_auth', { data: { api_key: key } })).body.auth_token;
  expect((await impersonate(apiToken, id.C, users.cUser)).body.data.message).toMatch(/api key/);
  expect((await impersonate(tok.rAdmin, id.C2, users.c2User)).status).toBe(403);
  expect((await impersonate(tok.cAdmin, id.R, users.rAdmin)).status).toBe(403);
  expect((await impersonate(tok.rAdmin, id.C, 'f'.repeat(32))).status).toBe(404);
  const bad = await impersonate(tok.rAdmin, id.C, users.cUser, { action: 'become_god' });
  expect(bad.status).toBe(400);
  expect(bad.body.data).toMatchObject({ action: { enum: expect.any(Object) } });
  const off = await newUser(id.C, 'imp-off', 'user');
  await h.call('PATCH', `/v2/accounts/${id.C}/users/${off}`, { token: h.masterToken, data: { enabled: false } });
  expect((await impersonate(tok.rAdmin, id.C, off)).status).toBe(403);
});

test('a superduper_admin impersonates anyone below the master', async () => {
  const res = await impersonate(h.masterToken, id.C2, users.c2User);
  expect(res.status).toBe(201);
  expect((await h.call('GET', `/v2/accounts/${id.C2}`, { token: res.body.auth_token })).status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${id.R2}`, { token: res.body.auth_token })).status).toBe(403);
});

test("the impersonation ends with the impersonator's user", async () => {
  const boss = await newUser(id.R, 'imp-r-boss', 'admin');
  const bossToken = await h.login('imp-r-boss', 'imp-r-boss-pw', NAMES.R);
  const token = (await impersonate(bossToken, id.C, users.cUser)).body.auth_token;
  expect((await h.call('GET', `/v2/accounts/${id.C}`, { token })).status).toBe(200);
  await h.call('PATCH', `/v2/accounts/${id.R}/users/${boss}`, { token: h.masterToken, data: { enabled: false } });
  expect((await h.call('GET', `/v2/accounts/${id.C}`, { token })).status).toBe(401);
});
