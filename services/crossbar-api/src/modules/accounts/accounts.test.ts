import { fetchAccount } from '@tollgate/accounts';
import { refreshAccountsSettings } from '@tollgate/accounts/testing';
import { accountDbName } from '@tollgate/kazoo-db';
import { fetchServices } from '@tollgate/services';
import { usNumber } from '@tollgate/testing';
import { type CrossbarHarness, startCrossbarHarness } from '@tollgate/crossbar-api/testing';

let h: CrossbarHarness;
beforeAll(async () => {
  h = await startCrossbarHarness();
});
afterAll(async () => h.close());

const ACCOUNT_FIELDS = [
  'billing_mode',
  'call_restriction',
  'caller_id',
  'created',
  'dial_plan',
  'enabled',
  'id',
  'is_reseller',
  'language',
  'music_on_hold',
  'name',
  'preflow',
  'realm',
  'reseller_id',
  'ringtones',
  'superduper_admin',
  'timezone',
  'wnm_allow_additions',
];

async function create(name: string, parent?: string, token = h.masterToken): Promise<string> {
  const res = await h.call('PUT', parent ? `/v2/accounts/${parent}` : '/v2/accounts', { token, data: { name } });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

async function adminOf(accountId: string, username: string, priv: 'admin' | 'user' = 'admin'): Promise<string> {
  const res = await h.call('PUT', `/v2/accounts/${accountId}/users`, {
    token: h.masterToken,
    data: { username, password: `${username}-pw`, first_name: username, last_name: 'Test', priv_level: priv },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const name = (await h.call('GET', `/v2/accounts/${accountId}`, { token: h.masterToken })).body.data.name;
  return h.login(username, `${username}-pw`, name);
}

test('create, read, patch, post and delete answer with exactly the documented account fields', async () => {
  const put = await h.call('PUT', '/v2/accounts', { token: h.masterToken, data: { name: 'child account' } });
  expect(put.status).toBe(201);
  expect(Object.keys(put.body.data).sort()).toEqual(ACCOUNT_FIELDS);
  expect(put.body).toMatchObject({ status: 'success', auth_token: h.masterToken, revision: expect.stringMatching(/^1-/) });
  const id = put.body.data.id;
  expect(put.body.data).toMatchObject({ billing_mode: 'limits_only', enabled: true, is_reseller: false, reseller_id: h.masterId, superduper_admin: false });

  const got = await h.call('GET', `/v2/accounts/${id}`, { token: h.masterToken });
  expect(got.body.data).toEqual(put.body.data);

  const patched = await h.call('PATCH', `/v2/accounts/${id}`, { token: h.masterToken, data: { some_key: 'some_value' } });
  expect(patched.status).toBe(200);
  expect(patched.body.data).toEqual({ ...put.body.data, some_key: 'some_value' });

  const posted = await h.call('POST', `/v2/accounts/${id}`, { token: h.masterToken, data: { ...patched.body.data, name: 'renamed child' } });
  expect(posted.body.data).toMatchObject({ name: 'renamed child', some_key: 'some_value', created: put.body.data.created, realm: put.body.data.realm });

  const deleted = await h.call('DELETE', `/v2/accounts/${id}`, { token: h.masterToken });
  expect(deleted.status).toBe(200);
  expect(deleted.body.data.id).toBe(id);
  expect((await h.call('GET', `/v2/accounts/${id}`, { token: h.masterToken })).status).toBe(404);
});

test('bad input gets Kazoo envelopes and writes nothing', async () => {
  const id = await create('Guarded Co');
  const before = (await fetchAccount(h.deps.couch, id))?._rev;
  const badJson = await h.call('POST', `/v2/accounts/${id}`, { token: h.masterToken, raw: '{"data": {"name": ' });
  expect(badJson).toMatchObject({ status: 400, body: { error: '400', message: 'validation error', data: { json: { invalid: { message: 'All JSON must be valid' } } }, auth_token: h.masterToken } });
  const wrongType = await h.call('PATCH', `/v2/accounts/${id}`, { token: h.masterToken, data: { name: 42, timezone: 'X' } });
  expect(wrongType.status).toBe(400);
  expect(wrongType.body).toMatchObject({ message: 'validation error', data: { name: { type: {} }, timezone: { minLength: { target: 5 } } } });
  const long = await h.call('PUT', '/v2/accounts', { token: h.masterToken, data: { name: 'n'.repeat(129) } });
  expect(long.body.data.name.maxLength).toMatchObject({ message: 'String must not be more than 128 characters', target: 128 });
  expect((await fetchAccount(h.deps.couch, id))?._rev).toBe(before);

  for (const bad of ['not-an-id', 'A'.repeat(32), 'f'.repeat(32)]) {
    const res = await h.call('GET', `/v2/accounts/${bad}`, { token: h.masterToken });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: '404', message: 'bad_identifier', data: { message: 'bad identifier' } });
  }
  const dup = await h.call('PUT', '/v2/accounts', { token: h.masterToken, data: { name: 'GUARDED co' } });
  expect(dup.body.data).toEqual({ name: { unique: { message: 'Account name already in use', cause: 'GUARDED co' } } });
});

test('the master account cannot be deleted; an account with sub-accounts cannot either', async () => {
  const master = await h.call('DELETE', `/v2/accounts/${h.masterId}`, { token: h.masterToken });
  expect(master.status).toBe(405);
  const parent = await create('Parent Co');
  await create('Kid Co', parent);
  const res = await h.call('DELETE', `/v2/accounts/${parent}`, { token: h.masterToken });
  expect(res.status).toBe(500);
  expect(res.body).toMatchObject({ message: 'account_has_descendants', data: { message: expect.stringMatching(/sub-account/) } });
});

test('children, descendants, siblings, parents and tree', async () => {
  const top = await create('Top Co');
  const a = await create('A Co', top);
  const b = await create('B Co', top);
  const a1 = await create('A1 Co', a);
  const kids = await h.call('GET', `/v2/accounts/${top}/children`, { token: h.masterToken });
  expect(kids.body).toMatchObject({ page_size: 2, start_key: '' });
  expect(kids.body.data.map((r: { name: string }) => r.name)).toEqual(['A Co', 'B Co']);
  expect(kids.body.data[0]).toEqual({ descendants_count: 1, flags: [], id: a, name: 'A Co', realm: expect.any(String), tree: [h.masterId, top] });
  const desc = await h.call('GET', `/v2/accounts/${top}/descendants`, { token: h.masterToken });
  expect(desc.body.data.map((r: { id: string }) => r.id).sort()).toEqual([a, a1, b].sort());
  const paged = await h.call('GET', `/v2/accounts/${top}/descendants?page_size=2`, { token: h.masterToken });
  expect(paged.body).toMatchObject({ page_size: 2, next_start_key: expect.any(String) });
  const sib = await h.call('GET', `/v2/accounts/${a}/siblings`, { token: h.masterToken });
  expect(sib.body.data.map((r: { id: string }) => r.id)).toEqual([a, b]);
  expect(sib.body.data[0]).toMatchObject({ descendants_count: 1, id: a, name: 'A Co', realm: expect.any(String) });
  const parents = await h.call('GET', `/v2/accounts/${a1}/parents`, { token: h.masterToken });
  expect(parents.body).toMatchObject({ page_size: 3, data: [{ id: h.masterId }, { id: top, name: 'Top Co' }, { id: a, name: 'A Co' }] });
  const topToken = await adminOf(top, 'topadmin');
  const tree = await h.call('GET', `/v2/accounts/${a1}/tree`, { token: topToken });
  expect(tree.body).toMatchObject({ page_size: 2, data: [{ id: top, name: 'Top Co' }, { id: a, name: 'A Co' }] });
});

test('reseller promote/demote is superduper-only and cascades; move rewrites the subtree', async () => {
  const r = await create('Res Co');
  const c = await create('Cust Co', r);
  const rToken = await adminOf(r, 'resadmin');
  expect((await h.call('PUT', `/v2/accounts/${r}/reseller`, { token: rToken })).status).toBe(403);
  const promoted = await h.call('PUT', `/v2/accounts/${r}/reseller`, { token: h.masterToken });
  expect(promoted.body.data).toMatchObject({ id: r, is_reseller: true });
  expect((await h.call('GET', `/v2/accounts/${c}`, { token: h.masterToken })).body.data).toMatchObject({ reseller_id: r, billing_mode: 'manual' });
  expect((await h.call('GET', `/v2/accounts/${c}`, { token: rToken })).body.data.billing_mode).toBe('limits_only');
  const demoted = await h.call('DELETE', `/v2/accounts/${r}/reseller`, { token: h.masterToken });
  expect(demoted.body.data).toMatchObject({ is_reseller: false });
  expect((await fetchServices(h.deps.couch, c))?.pvt_reseller_id).toBe(h.masterId);

  const other = await create('Other Parent');
  const noTo = await h.call('POST', `/v2/accounts/${c}/move`, { token: h.masterToken, data: {} });
  expect(noTo.body).toMatchObject({ error: '400', data: { to: { required: { message: "Field 'to' is required" } } } });
  const intoSelf = await h.call('POST', `/v2/accounts/${r}/move`, { token: h.masterToken, data: { to: c } });
  expect(intoSelf.status).toBe(403);
  expect((await h.call('POST', `/v2/accounts/${c}/move`, { token: rToken, data: { to: other } })).status).toBe(403);
  const moved = await h.call('POST', `/v2/accounts/${c}/move`, { token: h.masterToken, data: { to: other } });
  expect(moved.status).toBe(200);
  expect(Object.keys(moved.body.data).sort()).toEqual(ACCOUNT_FIELDS);
  expect((await fetchAccount(h.deps.couch, c))?.pvt_tree).toEqual([h.masterId, other]);
});

test('allow_move "tree" lets an ancestor of both places move accounts', async () => {
  const top = await create('Mover Top');
  const x = await create('Mover X', top);
  const y = await create('Mover Y', top);
  const token = await adminOf(top, 'moveradmin');
  expect((await h.call('POST', `/v2/accounts/${x}/move`, { token, data: { to: y } })).status).toBe(403);
  await h.deps.config.setDefault('crossbar.accounts', 'allow_move', 'tree');
  await refreshAccountsSettings(h.deps.config);
  try {
    expect((await h.call('POST', `/v2/accounts/${x}/move`, { token, data: { to: y } })).status).toBe(200);
    expect((await h.call('POST', `/v2/accounts/${x}/move`, { token, data: { to: h.masterId } })).status).toBe(403);
  } finally {
    await h.deps.config.setDefault('crossbar.accounts', 'allow_move', 'superduper_admin');
    await refreshAccountsSettings(h.deps.config);
  }
});

test('users: created by admins, passwords never shown, a user-level login edits only itself', async () => {
  const acct = await create('Staff Co');
  const adminToken = await adminOf(acct, 'boss');
  const made = await h.call('PUT', `/v2/accounts/${acct}/users`, {
    token: adminToken,
    data: { username: 'worker', password: 'w-pass', first_name: 'W', last_name: 'K', email: 'w@example.com' },
  });
  expect(made.status).toBe(201);
  expect(made.body.data).toMatchObject({ username: 'worker', priv_level: 'user', enabled: true, id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  expect(JSON.stringify(made.body)).not.toMatch(/w-pass|pvt_/);
  const workerId = made.body.data.id;
  const list = await h.call('GET', `/v2/accounts/${acct}/users`, { token: adminToken });
  expect(list.body.data.map((u: { username: string }) => u.username).sort()).toEqual(['boss', 'worker']);

  const worker = await h.login('worker', 'w-pass', 'Staff Co');
  const raise = await h.call('PATCH', `/v2/accounts/${acct}/users/${workerId}`, { token: worker, data: { first_name: 'Walter', priv_level: 'admin' } });
  expect(raise.status).toBe(403);
  expect((await h.call('GET', `/v2/accounts/${acct}/users/${workerId}`, { token: adminToken })).body.data).toMatchObject({ first_name: 'W', priv_level: 'user' });
  const self = await h.call('PATCH', `/v2/accounts/${acct}/users/${workerId}`, { token: worker, data: { first_name: 'Walter', priv_level: 'user' } });
  expect(self.body.data).toMatchObject({ first_name: 'Walter', priv_level: 'user' });
  const bossId = list.body.data.find((u: { username: string }) => u.username === 'boss').id;
  expect((await h.call('PATCH', `/v2/accounts/${acct}/users/${bossId}`, { token: worker, data: { first_name: 'x' } })).status).toBe(403);
  expect((await h.call('PATCH', `/v2/accounts/${acct}`, { token: worker, data: { name: 'Hijacked' } })).status).toBe(403);
  expect((await h.call('PUT', `/v2/accounts/${acct}`, { token: worker, data: { name: 'Worker Sub' } })).status).toBe(403);
  expect((await h.call('GET', `/v2/accounts/${acct}`, { token: worker })).status).toBe(200);
  expect((await h.call('DELETE', `/v2/accounts/${acct}/users/${workerId}`, { token: adminToken })).status).toBe(200);
  expect((await h.call('GET', `/v2/accounts/${acct}/users/${workerId}`, { token: adminToken })).status).toBe(404);
});

describe('safe delete (NGNPro: delete a customer only when no records belong to it)', () => {
  test('an account holding numbers, devices or plain users is 409 with the counts; a superduper_admin forces it', async () => {
    const parent = await create('Safe Parent');
    const parentToken = await adminOf(parent, 'safe-parent-admin');
    const acct = await create('Safe Child', parent);
    await adminOf(acct, 'safe-child-admin');
    await adminOf(acct, 'safe-child-user', 'user');
    await h.deps.couch.put(accountDbName(acct), { _id: 'device1', pvt_type: 'device', name: 'desk phone', pvt_account_id: acct });
    const number = usNumber();
    expect((await h.call('PUT', `/v2/accounts/${acct}/phone_numbers/${encodeURIComponent(number)}`, { token: h.masterToken, data: {} })).status).toBe(201);

    const before = await fetchAccount(h.deps.couch, acct);
    const refused = await h.call('DELETE', `/v2/accounts/${acct}`, { token: parentToken });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: '409',
      message: 'account_not_empty',
      data: { numbers: 1, devices: 1, users: 1, descendants: 0, cause: acct, message: expect.stringContaining('1 numbers, 1 devices, 1 users besides its admins') },
    });
    expect((await fetchAccount(h.deps.couch, acct))?._rev).toBe(before?._rev);
    // force is the superduper_admin's
    expect((await h.call('DELETE', `/v2/accounts/${acct}?force=true`, { token: parentToken })).status).toBe(403);
    const forced = await h.call('DELETE', `/v2/accounts/${acct}?force=true`, { token: h.masterToken });
    expect(forced.status).toBe(200);
    expect((await h.call('GET', `/v2/accounts/${acct}`, { token: h.masterToken })).status).toBe(404);
  });

  test('crossbar.accounts safe_delete false turns the rule off; sub-accounts still refuse as Kazoo', async () => {
    const parent = await create('Unsafe Parent');
    const kid = await create('Unsafe Kid', parent);
    await adminOf(kid, 'unsafe-kid-user', 'user');
    const grandkid = await create('Unsafe Grandkid', kid);
    expect((await h.call('DELETE', `/v2/accounts/${kid}?force=true`, { token: h.masterToken })).body.message).toBe('account_has_descendants');
    expect((await h.call('DELETE', `/v2/accounts/${grandkid}`, { token: h.masterToken })).status).toBe(200);
    expect((await h.call('DELETE', `/v2/accounts/${kid}`, { token: h.masterToken })).status).toBe(409);
    expect(await h.deps.config.get('crossbar.accounts', 'safe_delete')).toBe(true);
    await h.deps.config.setDefault('crossbar.accounts', 'safe_delete', false);
    await refreshAccountsSettings(h.deps.config);
    try {
      expect((await h.call('DELETE', `/v2/accounts/${kid}`, { token: h.masterToken })).status).toBe(200);
    } finally {
      await h.deps.config.setDefault('crossbar.accounts', 'safe_delete', true);
      await refreshAccountsSettings(h.deps.config);
    }
  });
});
