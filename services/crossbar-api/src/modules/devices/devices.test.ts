import { accountDbName } from '@tollgate/kazoo-db';
import { type CrossbarHarness, createAccount, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { devicesModule } from '.';
import { whitelabelModule } from '../whitelabel';

//   master → reseller R (whitelabel hides SIP passwords) → client C;   master → client O (no reseller whitelabel)
let h: CrossbarHarness;
const id = { R: '', C: '', O: '' };
const users = { cAdmin: '', cUser: '', cOther: '' };
const tok = { rAdmin: '', cAdmin: '', cUser: '', oAdmin: '' };

async function newUser(accountId: string, username: string, priv: 'admin' | 'user'): Promise<string> {
  const res = await h.call('PUT', `/v2/accounts/${accountId}/users`, {
    token: h.masterToken,
    data: { username, password: `${username}-pw`, first_name: username, last_name: 'Dev', priv_level: priv },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.data.id;
}

const devices = (accountId: string) => `/v2/accounts/${accountId}/devices`;

async function docsOfType(accountId: string): Promise<number> {
  const all = await h.deps.couch.allDocs(accountDbName(accountId), { include_docs: true });
  return all.filter((r) => (r.doc as { pvt_type?: string } | undefined)?.pvt_type === 'device').length;
}

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [devicesModule, whitelabelModule] });
  id.R = await createAccount(h, h.masterToken, 'Dev Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${id.R}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  id.C = await createAccount(h, h.masterToken, 'Dev Client', id.R);
  id.O = await createAccount(h, h.masterToken, 'Dev Other', h.masterId);
  await newUser(id.R, 'dev-r-admin', 'admin');
  users.cAdmin = await newUser(id.C, 'dev-c-admin', 'admin');
  users.cUser = await newUser(id.C, 'dev-c-user', 'user');
  users.cOther = await newUser(id.C, 'dev-c-other', 'user');
  await newUser(id.O, 'dev-o-admin', 'admin');
  tok.rAdmin = await h.login('dev-r-admin', 'dev-r-admin-pw', 'Dev Reseller');
  tok.cAdmin = await h.login('dev-c-admin', 'dev-c-admin-pw', 'Dev Client');
  tok.cUser = await h.login('dev-c-user', 'dev-c-user-pw', 'Dev Client');
  tok.oAdmin = await h.login('dev-o-admin', 'dev-o-admin-pw', 'Dev Other');
}, 60_000);

afterAll(async () => h?.close());

test('CRUD: create, list (Kazoo listing fields), get, patch (enable/disable), replace, soft delete', async () => {
  const put = await h.call('PUT', devices(id.C), {
    token: tok.rAdmin,
    data: { name: 'Desk phone', device_type: 'sip_device', owner_id: users.cUser, mac_address: '00:11:22:33:44:55', sip: { username: 'desk100', password: 'secret-100' } },
  });
  expect(put.status).toBe(201);
  const deviceId = put.body.data.id;
  expect(put.body.data).toMatchObject({ name: 'Desk phone', enabled: true, sip: { username: 'desk100', password: 'secret-100', method: 'password' } });
  expect(put.body.data).not.toHaveProperty('pvt_type');
  const stored = await h.deps.couch.get(accountDbName(id.C), deviceId);
  expect(stored).toMatchObject({ pvt_type: 'device', pvt_account_id: id.C });

  const list = await h.call('GET', devices(id.C), { token: tok.cAdmin });
  expect(list.status).toBe(200);
  expect(list.body.data).toEqual([
    { id: deviceId, name: 'Desk phone', device_type: 'sip_device', enabled: true, owner_id: users.cUser, username: 'desk100', mac_address: '00:11:22:33:44:55' },
  ]);

  const patched = await h.call('PATCH', `${devices(id.C)}/${deviceId}`, { token: tok.cAdmin, data: { enabled: false } });
  expect(patched.status).toBe(200);
  expect(patched.body.data).toMatchObject({ enabled: false, name: 'Desk phone', owner_id: users.cUser });

  const replaced = await h.call('POST', `${devices(id.C)}/${deviceId}`, { token: tok.rAdmin, data: { name: 'Renamed', sip: { username: 'desk100', password: 'secret-100' } } });
  expect(replaced.status).toBe(200);
  expect(replaced.body.data).toMatchObject({ name: 'Renamed', enabled: true });
  expect(replaced.body.data).not.toHaveProperty('owner_id');

  const del = await h.call('DELETE', `${devices(id.C)}/${deviceId}`, { token: tok.cAdmin });
  expect(del.status).toBe(200);
  expect(await h.deps.couch.get(accountDbName(id.C), deviceId)).toMatchObject({ pvt_deleted: true });
  expect((await h.call('GET', `${devices(id.C)}/${deviceId}`, { token: tok.cAdmin })).status).toBe(404);
  expect((await h.call('GET', devices(id.C), { token: tok.cAdmin })).body.data).toEqual([]);
});

test('validation: 400 with the field paths, nothing written', async () => {
  const before = await docsOfType(id.C);
  const res = await h.call('PUT', devices(id.C), {
    token: tok.cAdmin,
    data: { device_type: 5, enabled: 'yes', owner_id: 'f'.repeat(32), sip: { username: 'x', password: 'abc' }, call_restriction: { tollfree_us: { action: 'allow' } } },
  });
  expect(res.status).toBe(400);
  const fields = Object.keys(res.body.data);
  for (const f of ['name', 'device_type', 'enabled', 'owner_id', 'sip.username', 'sip.password', 'call_restriction.tollfree_us.action']) expect(fields).toContain(f);
  expect(await docsOfType(id.C)).toBe(before);
});

test('sip.username is unique within the account (realm); another account may reuse it', async () => {
  const first = await h.call('PUT', devices(id.C), { token: tok.cAdmin, data: { name: 'One', sip: { username: 'shared1', password: 'pass-one' } } });
  expect(first.status).toBe(201);
  const dup = await h.call('PUT', devices(id.C), { token: tok.cAdmin, data: { name: 'Two', sip: { username: 'SHARED1', password: 'pass-two' } } });
  expect(dup.status).toBe(400);
  expect(dup.body.data['sip.username']).toHaveProperty('unique');
  // the device itself keeps its username on an update
  expect((await h.call('PATCH', `${devices(id.C)}/${first.body.data.id}`, { token: tok.cAdmin, data: { name: 'One again' } })).status).toBe(200);
  expect((await h.call('PUT', devices(id.O), { token: tok.oAdmin, data: { name: 'Elsewhere', sip: { username: 'shared1', password: 'pass-three' } } })).status).toBe(201);
});

test('another tenant gets 403; a plain user reads only its own devices and writes none', async () => {
  const mine = await h.call('PUT', devices(id.C), { token: tok.cAdmin, data: { name: 'User phone', owner_id: users.cUser } });
  const theirs = await h.call('PUT', devices(id.C), { token: tok.cAdmin, data: { name: 'Other phone', owner_id: users.cOther } });
  expect((await h.call('GET', devices(id.C), { token: tok.oAdmin })).status).toBe(403);
  expect((await h.call('GET', `${devices(id.C)}/${mine.body.data.id}`, { token: tok.oAdmin })).status).toBe(403);
  expect((await h.call('PATCH', `${devices(id.C)}/${mine.body.data.id}`, { token: tok.oAdmin, data: { enabled: false } })).status).toBe(403);
  expect((await h.call('PUT', devices(id.C), { token: tok.oAdmin, data: { name: 'Intruder' } })).status).toBe(403);
  // a device id of another account is unknown here
  expect((await h.call('GET', `${devices(id.O)}/${mine.body.data.id}`, { token: tok.oAdmin })).status).toBe(404);

  const listed = await h.call('GET', devices(id.C), { token: tok.cUser });
  expect(listed.status).toBe(200);
  expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([mine.body.data.id]);
  expect((await h.call('GET', `${devices(id.C)}/${mine.body.data.id}`, { token: tok.cUser })).status).toBe(200);
  expect((await h.call('GET', `${devices(id.C)}/${theirs.body.data.id}`, { token: tok.cUser })).status).toBe(403);
  expect((await h.call('PATCH', `${devices(id.C)}/${mine.body.data.id}`, { token: tok.cUser, data: { enabled: false } })).status).toBe(403);
  expect((await h.call('PUT', devices(id.C), { token: tok.cUser, data: { name: 'Mine too' } })).status).toBe(403);
});

test("a client's GET has no sip.password when its reseller's whitelabel hides SIP passwords; the reseller still sees it", async () => {
  const put = await h.call('PUT', devices(id.C), { token: tok.rAdmin, data: { name: 'Secret phone', owner_id: users.cUser, sip: { username: 'secret1', password: 'hidden-pw' } } });
  const one = `${devices(id.C)}/${put.body.data.id}`;
  // no whitelabel yet: shown as Kazoo shows it
  expect((await h.call('GET', one, { token: tok.cAdmin })).body.data.sip.password).toBe('hidden-pw');

  expect((await h.call('PUT', `/v2/accounts/${id.R}/whitelabel`, { token: tok.rAdmin, data: { company_name: 'Dev Reseller', display: { show_sip_password: false } } })).status).toBe(201);
  for (const token of [tok.cAdmin, tok.cUser]) {
    const res = await h.call('GET', one, { token });
    expect(res.status).toBe(200);
    expect(res.body.data.sip).toEqual(expect.objectContaining({ username: 'secret1' }));
    expect(res.body.data.sip).not.toHaveProperty('password');
  }
  expect((await h.call('PATCH', one, { token: tok.cAdmin, data: { name: 'Secret phone 2' } })).body.data.sip).not.toHaveProperty('password');
  expect((await h.call('GET', one, { token: tok.rAdmin })).body.data.sip.password).toBe('hidden-pw');
  expect((await h.call('GET', one, { token: h.masterToken })).body.data.sip.password).toBe('hidden-pw');
  // the stored password is untouched by the client's PATCH
  expect(await h.deps.couch.get(accountDbName(id.C), put.body.data.id)).toMatchObject({ name: 'Secret phone 2', sip: { password: 'hidden-pw' } });

  expect((await h.call('PATCH', `/v2/accounts/${id.R}/whitelabel`, { token: tok.rAdmin, data: { display: { show_sip_password: true } } })).status).toBe(200);
  expect((await h.call('GET', one, { token: tok.cAdmin })).body.data.sip.password).toBe('hidden-pw');
});
