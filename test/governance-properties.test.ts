// Issue 16 (seed 002, NGNPro) acceptance, items 3–6: permissioned properties, pstn_access and
// prepaid_changes gating, impersonation, safe delete — over crossbar's REST API, as a portal does.
// NGNPro's defaults are switched on (system_config `accounts` default_pstn_access and
// default_prepaid_changes false): an account has neither property until it is given.
//   master → reseller R → customer C;   master → reseller R2 → customer C2
import { callRestrictionOf, pstnAccessOf } from '@tollgate/accounts';
import { refreshAccountsSettings } from '@tollgate/accounts/testing';
import { type CrossbarHarness, createAccount, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { accountDbName } from '@tollgate/kazoo-db';
import { numbersSettings } from '@tollgate/numbers';
import { usNumber } from '@tollgate/testing';

let h: CrossbarHarness;
const NAMES = { R: 'Gov Reseller', C: 'Gov Customer', R2: 'Gov Reseller Two', C2: 'Gov Customer Two' };
const id = { R: '', C: '', R2: '', C2: '' };
const tok = { R: '', C: '', R2: '' };
const users = { rAdmin: '', cUser: '' };

async function newUser(accountId: string, username: string, priv: 'admin' | 'user'): Promise<string> {
  const res = await h.call('PUT', `/v2/accounts/${accountId}/users`, {
    token: h.masterToken,
    data: { username, password: `${username}-pw`, first_name: username, last_name: 'Gov', priv_level: priv },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.data.id;
}

const properties = (accountId: string, token: string, data: unknown) => h.call('PATCH', `/v2/accounts/${accountId}/properties`, { token, data });

beforeAll(async () => {
  h = await startCrossbarHarness({ everyModule: true });
  await h.deps.config.setDefault('accounts', 'default_pstn_access', false);
  await h.deps.config.setDefault('accounts', 'default_prepaid_changes', false);
  await refreshAccountsSettings(h.deps.config);
  id.R = await createAccount(h, h.masterToken, NAMES.R, h.masterId);
  id.R2 = await createAccount(h, h.masterToken, NAMES.R2, h.masterId);
  for (const r of [id.R, id.R2]) expect((await h.call('PUT', `/v2/accounts/${r}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  id.C = await createAccount(h, h.masterToken, NAMES.C, id.R);
  id.C2 = await createAccount(h, h.masterToken, NAMES.C2, id.R2);
  users.rAdmin = await newUser(id.R, 'gov-r-admin', 'admin');
  await newUser(id.R2, 'gov-r2-admin', 'admin');
  await newUser(id.C, 'gov-c-admin', 'admin');
  users.cUser = await newUser(id.C, 'gov-c-user', 'user');
  tok.R = await h.login('gov-r-admin', 'gov-r-admin-pw', NAMES.R);
  tok.R2 = await h.login('gov-r2-admin', 'gov-r2-admin-pw', NAMES.R2);
  tok.C = await h.login('gov-c-admin', 'gov-c-admin-pw', NAMES.C);
}, 60_000);

afterAll(async () => h?.close());

test("a customer's PATCH of a reseller property is 403; its reseller's succeeds; its own customer-level property is its to change", async () => {
  expect((await properties(id.C, tok.R, { support_tier: { value: 'gold', permission: 'reseller' } })).status).toBe(200);
  const refused = await properties(id.C, tok.C, { support_tier: { value: 'platinum' } });
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ error: '403', data: { cause: 'support_tier', message: expect.stringContaining('permission reseller') } });
  const byReseller = await properties(id.C, tok.R, { support_tier: { value: 'platinum' } });
  expect(byReseller.status).toBe(200);
  expect(byReseller.body.data.support_tier).toEqual({ value: 'platinum', permission: 'reseller' });
  const own = await properties(id.C, tok.C, { invoice_footer: { value: 'Thank you', permission: 'customer' } });
  expect(own.status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${id.C}/properties`, { token: tok.C })).body.data).toEqual({
    support_tier: { value: 'platinum', permission: 'reseller' },
    invoice_footer: { value: 'Thank you', permission: 'customer' },
  });
});

test('a reseller without pstn_access cannot give it to a customer (403); with it, it can', async () => {
  // what call authorization applies: without pstn_access, every PSTN classification is denied
  const classifiers = (await numbersSettings(h.deps.config)).current.classifiers;
  const before = await callRestrictionOf(h.deps, id.C, classifiers);
  expect(await pstnAccessOf(h.deps, id.C)).toBe(false);
  expect(before).toMatchObject({ did_us: { action: 'deny' }, international: { action: 'deny' }, tollfree_us: { action: 'deny' } });
  expect(before).not.toHaveProperty('emergency');
  const refused = await properties(id.C, tok.R, { pstn_access: { value: true } });
  expect(refused.status).toBe(403);
  expect(refused.body.data).toMatchObject({ cause: 'pstn_access', message: expect.stringContaining(`reseller (${id.R}) has it`) });
  // a reseller cannot give it to itself: a superduper_admin does
  expect((await properties(id.R, tok.R, { pstn_access: { value: true } })).status).toBe(403);
  expect((await properties(id.R, h.masterToken, { pstn_access: { value: true } })).status).toBe(200);
  const given = await properties(id.C, tok.R, { pstn_access: { value: true } });
  expect(given.status).toBe(200);
  expect(given.body.data.pstn_access).toEqual({ value: true, permission: 'reseller' });
  expect(await pstnAccessOf(h.deps, id.C)).toBe(true);
  expect(await callRestrictionOf(h.deps, id.C, classifiers)).not.toHaveProperty('did_us');
});

test('a customer without prepaid_changes cannot change its balance management', async () => {
  const limits = `/v2/accounts/${id.C}/limits`;
  const refused = await h.call('POST', limits, { token: tok.R, data: { balance_management: 'soft' } });
  expect(refused.status).toBe(403);
  expect(refused.body.data).toMatchObject({ cause: 'prepaid_changes' });
  expect((await h.call('GET', limits, { token: tok.C })).body.data.balance_management).toBe('hard');
  // the customer itself is no limits writer at all (Kazoo's rule)
  expect((await h.call('POST', limits, { token: tok.C, data: { balance_management: 'soft' } })).status).toBe(403);
  // given prepaid_changes (its reseller got it from the superduper_admin first), the switch goes through
  expect((await properties(id.C, tok.R, { prepaid_changes: { value: true } })).status).toBe(403);
  expect((await properties(id.R, h.masterToken, { prepaid_changes: { value: true } })).status).toBe(200);
  expect((await properties(id.C, tok.R, { prepaid_changes: { value: true } })).status).toBe(200);
  expect((await h.call('POST', limits, { token: tok.R, data: { balance_management: 'soft' } })).body.data.balance_management).toBe('soft');
});

test("a reseller's admin impersonates a customer's user: the token works in the customer's account only, and a write records the impersonator", async () => {
  const res = await h.call('PUT', `/v2/accounts/${id.C}/users/${users.cUser}/user_auth`, { token: tok.R, data: { action: 'impersonate_user' } });
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ account_id: id.C, owner_id: users.cUser, reseller_id: id.R });
  const token = res.body.auth_token;
  expect((await h.call('GET', `/v2/accounts/${id.C}`, { token })).status).toBe(200);
  for (const other of [id.R, h.masterId, id.R2, id.C2]) expect((await h.call('GET', `/v2/accounts/${other}`, { token })).status).toBe(403);
  const write = await h.call('PATCH', `/v2/accounts/${id.C}/users/${users.cUser}`, { token, data: { first_name: 'Edited Via Support' } });
  expect(write.status).toBe(200);
  expect(await h.deps.couch.get(accountDbName(id.C), users.cUser)).toMatchObject({
    first_name: 'Edited Via Support',
    pvt_auth_user_id: users.cUser,
    pvt_original_auth_account_id: id.R,
    pvt_original_auth_owner_id: users.rAdmin,
  });
  // another reseller's admin cannot
  expect((await h.call('PUT', `/v2/accounts/${id.C}/users/${users.cUser}/user_auth`, { token: tok.R2, data: { action: 'impersonate_user' } })).status).toBe(403);
});

test('deleting an account that holds a number in service is 409 with the count; after releasing it, 200', async () => {
  const number = encodeURIComponent(usNumber());
  expect((await h.call('PUT', `/v2/accounts/${id.C2}/phone_numbers/${number}`, { token: h.masterToken, data: {} })).body.data).toMatchObject({ state: 'in_service' });
  const refused = await h.call('DELETE', `/v2/accounts/${id.C2}`, { token: tok.R2 });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ error: '409', message: 'account_not_empty', data: { numbers: 1, devices: 0, users: 0, descendants: 0 } });
  expect((await h.call('GET', `/v2/accounts/${id.C2}`, { token: tok.R2 })).status).toBe(200);
  expect((await h.call('DELETE', `/v2/accounts/${id.C2}/phone_numbers/${number}`, { token: tok.R2 })).status).toBe(200);
  const deleted = await h.call('DELETE', `/v2/accounts/${id.C2}`, { token: tok.R2 });
  expect(deleted.status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${id.C2}`, { token: tok.R2 })).status).toBe(404);
});
