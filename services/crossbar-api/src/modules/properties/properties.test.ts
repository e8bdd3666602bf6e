import { callRestrictionOf, fetchAccount, pstnAccessOf } from '@tollgate/accounts';
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { propertiesModule } from '.';

//   master → reseller R → customer C → sub S;   master → reseller R2 (pstn_access false)
let h: CrossbarHarness;
const id = { R: '', C: '', S: '', R2: '', C2: '' };
const tok = { R: '', C: '', Cuser: '', R2: '' };

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);
const path = (accountId: string) => `/v2/accounts/${accountId}/properties`;
const patch = (accountId: string, token: string, data: unknown) => h.call('PATCH', path(accountId), { token, data });

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [propertiesModule] });
  id.R = await create('Props Reseller', h.masterId);
  id.R2 = await create('Props Reseller Two', h.masterId);
  for (const r of [id.R, id.R2]) expect((await h.call('PUT', `/v2/accounts/${r}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  id.C = await create('Props Customer', id.R);
  id.S = await create('Props Sub', id.C);
  id.C2 = await create('Props Customer Two', id.R2);
  tok.R = await loginOfNewUser(h, h.masterToken, { id: id.R, name: 'Props Reseller' }, 'propsboss');
  tok.R2 = await loginOfNewUser(h, h.masterToken, { id: id.R2, name: 'Props Reseller Two' }, 'propsboss2');
  tok.C = await loginOfNewUser(h, h.masterToken, { id: id.C, name: 'Props Customer' }, 'propsclient');
  tok.Cuser = await loginOfNewUser(h, h.masterToken, { id: id.C, name: 'Props Customer' }, 'propsplain', 'user');
}, 60_000);

afterAll(async () => h?.close());

test("an account's own admin sets customer properties; plain users only read", async () => {
  expect((await h.call('GET', path(id.C), { token: tok.Cuser })).body.data).toEqual({});
  const res = await patch(id.C, tok.C, { crm_id: { value: { ref: 'A-17', tags: ['vip'] }, permission: 'customer' } });
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({ crm_id: { value: { ref: 'A-17', tags: ['vip'] }, permission: 'customer' } });
  expect((await h.call('GET', path(id.C), { token: tok.Cuser })).body.data).toMatchObject({ crm_id: { permission: 'customer' } });
  expect((await patch(id.C, tok.Cuser, { crm_id: { value: 'x' } })).status).toBe(403);
  // stored on the account doc as a private field, stamped with who wrote it
  const doc = await fetchAccount(h.deps.couch, id.C);
  expect(doc).toMatchObject({ pvt_properties: { crm_id: { value: { ref: 'A-17' } } }, pvt_auth_account_id: id.C });
  expect(doc).not.toHaveProperty('properties');
  // null removes it
  expect((await patch(id.C, tok.C, { crm_id: null })).body.data).toEqual({});
});

test("a reseller property: the customer's PATCH is 403 naming it, the reseller's succeeds, nothing else changes", async () => {
  expect((await patch(id.C, tok.R, { plan_tier: { value: 'gold', permission: 'reseller' } })).status).toBe(200);
  const before = await fetchAccount(h.deps.couch, id.C);
  for (const data of [{ plan_tier: { value: 'platinum' } }, { plan_tier: { permission: 'customer' } }, { plan_tier: null }]) {
    const res = await patch(id.C, tok.C, data);
    expect(res.status).toBe(403);
    expect(res.body.data).toMatchObject({ cause: 'plan_tier', message: expect.stringContaining('permission reseller') });
  }
  expect((await fetchAccount(h.deps.couch, id.C))?._rev).toBe(before?._rev);
  const ok = await patch(id.C, tok.R, { plan_tier: { value: 'platinum' } });
  expect(ok.body.data.plan_tier).toEqual({ value: 'platinum', permission: 'reseller' });
  // the customer's admin is a customer of the sub-account too: reseller properties there are not its to change
  expect((await patch(id.S, tok.R, { plan_tier: { value: 'basic', permission: 'reseller' } })).status).toBe(200);
  expect((await patch(id.S, tok.C, { plan_tier: { value: 'gold' } })).status).toBe(403);
});

test("an admin property is the superduper_admin's; changing a permission needs the stricter of old and new", async () => {
  expect((await patch(id.C, tok.R, { audit_flag: { value: 1, permission: 'admin' } })).status).toBe(403);
  expect((await patch(id.C, h.masterToken, { audit_flag: { value: 1, permission: 'admin' } })).status).toBe(200);
  expect((await patch(id.C, tok.R, { audit_flag: { value: 2 } })).status).toBe(403);
  expect((await patch(id.C, tok.R, { audit_flag: null })).status).toBe(403);
  expect((await patch(id.C, h.masterToken, { audit_flag: { permission: 'reseller' } })).status).toBe(200);
  expect((await patch(id.C, tok.R, { audit_flag: null })).status).toBe(200);
});

test('a reseller changes only customer-level properties of its own account', async () => {
  expect((await patch(id.R, tok.R, { logo: { value: 'x.png' } })).status).toBe(200);
  expect((await patch(id.R, tok.R, { secret_sauce: { value: 1, permission: 'reseller' } })).status).toBe(403);
  expect((await patch(id.R, h.masterToken, { secret_sauce: { value: 1, permission: 'reseller' } })).status).toBe(200);
});

test('bad input is 400 with the field named, and nothing is written', async () => {
  const before = await fetchAccount(h.deps.couch, id.C);
  for (const data of [{ 'no spaces': { value: 1 } }, { a: { value: 1, permission: 'root' } }, { a: { value: 'x'.repeat(5000) } }, { pstn_access: { value: 'yes' } }, 'flat']) {
    expect((await patch(id.C, tok.C, data)).status).toBe(400);
  }
  expect((await fetchAccount(h.deps.couch, id.C))?._rev).toBe(before?._rev);
});

test('pstn_access: a customer gets it only from a reseller that has it; a reseller only from a superduper_admin', async () => {
  // R2 loses it (superduper_admin); then it cannot give it
  expect((await patch(id.R2, h.masterToken, { pstn_access: { value: false } })).status).toBe(200);
  const refused = await patch(id.C2, tok.R2, { pstn_access: { value: true } });
  expect(refused.status).toBe(403);
  expect(refused.body.data).toMatchObject({ cause: 'pstn_access', message: expect.stringContaining(`reseller (${id.R2}) has it`) });
  // R has it (the default): it gives and takes it from C
  expect((await patch(id.C, tok.R, { pstn_access: { value: false } })).status).toBe(200);
  expect(await pstnAccessOf(h.deps, id.C)).toBe(false);
  expect(await callRestrictionOf(h.deps, id.C, [{ name: 'did_us' }, { name: 'emergency', emergency: true }])).toMatchObject({ did_us: { action: 'deny' } });
  expect((await patch(id.C, tok.R, { pstn_access: { value: true } })).status).toBe(200);
  expect(await pstnAccessOf(h.deps, id.C)).toBe(true);
  // the customer cannot give it to itself (reseller permission), nor the reseller to itself
  expect((await patch(id.C, tok.C, { pstn_access: { value: true, permission: 'customer' } })).status).toBe(403);
  expect((await patch(id.R, tok.R, { pstn_access: { value: true } })).status).toBe(403);
  // a reseller without it takes it from its customers at call time
  expect(await pstnAccessOf(h.deps, id.C2)).toBe(false);
  expect((await patch(id.R2, h.masterToken, { pstn_access: { value: true } })).status).toBe(200);
  expect((await patch(id.C2, tok.R2, { pstn_access: { value: true } })).status).toBe(200);
  expect(await pstnAccessOf(h.deps, id.C2)).toBe(true);
});

test('a reseller cannot give a gated property to a sub-reseller: only a superduper_admin can', async () => {
  const sub = await create('Props Sub Reseller', id.R);
  expect((await h.call('PUT', `/v2/accounts/${sub}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  const res = await patch(sub, tok.R, { prepaid_changes: { value: true } });
  expect(res.status).toBe(403);
  expect(res.body.data.message).toMatch(/reseller by a superduper_admin only/);
  expect((await patch(sub, h.masterToken, { prepaid_changes: { value: true } })).status).toBe(200);
});

test('nobody reads or writes properties outside their tree', async () => {
  expect((await h.call('GET', path(id.R), { token: tok.C })).status).toBe(403);
  expect((await patch(id.C2, tok.R, { x: { value: 1 } })).status).toBe(403);
});
