// Isolation in the account tree, promote/demote, move, and tokens of disabled
// or deleted accounts, over HTTP against a whole platform.
//   master → reseller R → customers C1, C2;  C1 → C1a
import { jsonOf, type Loose } from '@tollgate/testing';
import { md5Credentials, startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let M: string; // master token
const id: Record<'R' | 'C1' | 'C2' | 'C1a', string> = { R: '', C1: '', C2: '', C1a: '' };
const tok: Record<'R' | 'C1' | 'C2' | 'C1user', string> = { R: '', C1: '', C2: '', C1user: '' };
const NAMES = { R: 'Iso Reseller R', C1: 'Iso Customer C1', C2: 'Iso Customer C2', C1a: 'Iso Customer C1a' };

/**
 * Changes a crossbar.accounts key and returns once the platform has heard of the change through
 * `_changes` (its settings reload on that signal), so the next request sees the new value.
 */
async function setAccountsKey(key: string, value: unknown): Promise<void> {
  const heard = new Promise<void>((resolve) => {
    const off = platform.config.onChange((category) => {
      if (category !== 'crossbar.accounts') return;
      off();
      resolve();
    });
  });
  await platform.config.setDefault('crossbar.accounts', key, value);
  await heard;
}

async function api(method: string, path: string, token: string, data?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function account(name: string, parent: string): Promise<string> {
  const res = await api('PUT', `/v2/accounts/${parent}`, M, { name });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.data.id;
}

async function user(accountId: string, username: string, priv: 'admin' | 'user' = 'admin'): Promise<void> {
  const res = await api('PUT', `/v2/accounts/${accountId}/users`, M, { username, password: `${username}-pw`, first_name: username, last_name: 'Iso', priv_level: priv });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
}

function expectForbidden(res: { status: number; body: Loose }): void {
  expect(res.status).toBe(403);
  expect(res.body).toMatchObject({ status: 'error', error: '403', message: 'forbidden', data: { message: expect.any(String) } });
}

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  const { master } = platform;
  M = await platform.login(master.username, master.password, master.accountName);
  id.R = await account(NAMES.R, master.accountId);
  expect((await api('PUT', `/v2/accounts/${id.R}/reseller`, M)).status).toBe(201);
  id.C1 = await account(NAMES.C1, id.R);
  id.C2 = await account(NAMES.C2, id.R);
  id.C1a = await account(NAMES.C1a, id.C1);
  await user(id.R, 'r-admin');
  await user(id.C1, 'c1-admin');
  await user(id.C1, 'c1-user', 'user');
  await user(id.C2, 'c2-admin');
  tok.R = await platform.login('r-admin', 'r-admin-pw', NAMES.R);
  tok.C1 = await platform.login('c1-admin', 'c1-admin-pw', NAMES.C1);
  tok.C1user = await platform.login('c1-user', 'c1-user-pw', NAMES.C1);
  tok.C2 = await platform.login('c2-admin', 'c2-admin-pw', NAMES.C2);
}, 90000);

afterAll(async () => {
  await platform?.stop();
});

describe("C1's token", () => {
  test('is refused (403) on R, on the master and on C2 and its subtree', async () => {
    for (const target of [id.R, platform.master.accountId, id.C2]) {
      expectForbidden(await api('GET', `/v2/accounts/${target}`, tok.C1));
      expectForbidden(await api('GET', `/v2/accounts/${target}/children`, tok.C1));
      expectForbidden(await api('PATCH', `/v2/accounts/${target}`, tok.C1, { some_key: 'x' }));
      expectForbidden(await api('PUT', `/v2/accounts/${target}`, tok.C1, { name: `Intruder ${target}` }));
      expectForbidden(await api('GET', `/v2/accounts/${target}/users`, tok.C1));
    }
    expectForbidden(await api('GET', `/v2/accounts/${id.C2}/siblings`, tok.C1));
    expect((await api('GET', `/v2/accounts/${id.C2}`, M)).body.data.some_key).toBeUndefined();
  });

  test('reaches its own account and C1a', async () => {
    expect((await api('GET', `/v2/accounts/${id.C1}`, tok.C1)).status).toBe(200);
    expect((await api('GET', `/v2/accounts/${id.C1a}`, tok.C1)).status).toBe(200);
    const kids = await api('GET', `/v2/accounts/${id.C1}/children`, tok.C1);
    expect(kids.body.data.map((k: { id: string }) => k.id)).toEqual([id.C1a]);
  });

  test('sees C2 only through the siblings listing, as allow_sibling_listing says', async () => {
    const siblings = await api('GET', `/v2/accounts/${id.C1}/siblings`, tok.C1);
    expect(siblings.status).toBe(200);
    expect(siblings.body.data.map((s: { id: string }) => s.id).sort()).toEqual([id.C1, id.C2].sort());
    await setAccountsKey('allow_sibling_listing', false);
    try {
      expectForbidden(await api('GET', `/v2/accounts/${id.C1}/siblings`, tok.C1));
      // Its child accounts' siblings stay listable.
      expect((await api('GET', `/v2/accounts/${id.C1a}/siblings`, tok.C1)).status).toBe(200);
      // The superduper admin lists any siblings.
      expect((await api('GET', `/v2/accounts/${id.C1}/siblings`, M)).status).toBe(200);
    } finally {
      await setAccountsKey('allow_sibling_listing', true);
    }
  });

  test('sees only the part of the tree from its own account down', async () => {
    const tree = await api('GET', `/v2/accounts/${id.C1a}/tree`, tok.C1);
    expect(tree.body.data).toEqual([{ id: id.C1, name: NAMES.C1 }]);
    expect((await api('GET', `/v2/accounts/${id.C1}/parents`, tok.C1)).body.data).toEqual([]);
  });

  test('a user-level login of C1 reads but cannot change accounts', async () => {
    expect((await api('GET', `/v2/accounts/${id.C1}`, tok.C1user)).status).toBe(200);
    expectForbidden(await api('PATCH', `/v2/accounts/${id.C1}`, tok.C1user, { some_key: 'x' }));
    expectForbidden(await api('PUT', `/v2/accounts/${id.C1}`, tok.C1user, { name: 'User Made' }));
    expectForbidden(await api('DELETE', `/v2/accounts/${id.C1a}`, tok.C1user));
    expectForbidden(await api('GET', `/v2/accounts/${id.C1}/api_key`, tok.C1user));
  });
});

test("R's token manages C1a (read, change, sub-accounts, users) but not the master", async () => {
  expect((await api('GET', `/v2/accounts/${id.C1a}`, tok.R)).status).toBe(200);
  const patched = await api('PATCH', `/v2/accounts/${id.C1a}`, tok.R, { org: 'Managed by R' });
  expect(patched.status).toBe(200);
  expect(patched.body.data.org).toBe('Managed by R');
  const sub = await api('PUT', `/v2/accounts/${id.C1a}`, tok.R, { name: 'Iso C1a Sub' });
  expect(sub.status).toBe(201);
  expect(sub.body.data.billing_mode).toBe('limits_only');
  expect((await api('PUT', `/v2/accounts/${id.C1a}/users`, tok.R, { first_name: 'By', last_name: 'Reseller' })).status).toBe(201);
  expect((await api('DELETE', `/v2/accounts/${sub.body.data.id}`, tok.R)).status).toBe(200);
  expectForbidden(await api('GET', `/v2/accounts/${platform.master.accountId}`, tok.R));
});

test('promote, demote and move need the right privileges', async () => {
  expectForbidden(await api('PUT', `/v2/accounts/${id.C1}/reseller`, tok.R));
  expectForbidden(await api('DELETE', `/v2/accounts/${id.R}/reseller`, tok.R));
  expectForbidden(await api('PUT', `/v2/accounts/${id.C1a}/reseller`, tok.C1));
  // allow_move defaults to superduper_admin.
  expectForbidden(await api('POST', `/v2/accounts/${id.C1a}/move`, tok.R, { to: id.C2 }));
  await setAccountsKey('allow_move', 'tree');
  try {
    // Under "tree" an account above both places may move, but not into its own subtree…
    expectForbidden(await api('POST', `/v2/accounts/${id.C1}/move`, tok.R, { to: id.C1a }));
    // …nor anywhere outside its tree.
    expectForbidden(await api('POST', `/v2/accounts/${id.C1a}/move`, tok.C1, { to: id.C2 }));
    const moved = await api('POST', `/v2/accounts/${id.C1a}/move`, tok.R, { to: id.C2 });
    expect(moved.status).toBe(200);
    expect((await api('GET', `/v2/accounts/${id.C2}/children`, tok.C2)).body.data.map((c: { id: string }) => c.id)).toEqual([id.C1a]);
    expectForbidden(await api('GET', `/v2/accounts/${id.C1a}`, tok.C1));
    expect((await api('POST', `/v2/accounts/${id.C1a}/move`, M, { to: id.C1 })).status).toBe(200);
    expect((await api('GET', `/v2/accounts/${id.C1a}`, tok.C1)).status).toBe(200);
  } finally {
    await setAccountsKey('allow_move', 'superduper_admin');
  }
});

test('after promoting R a new child of C1 gets reseller_id R; after demoting R it falls back to the master', async () => {
  const before = await api('PUT', `/v2/accounts/${id.C1}`, tok.C1, { name: 'Iso New Child 1' });
  expect(before.body.data.reseller_id).toBe(id.R);
  expect((await api('GET', `/v2/accounts/${id.C1a}`, M)).body.data.reseller_id).toBe(id.R);

  const demoted = await api('DELETE', `/v2/accounts/${id.R}/reseller`, M);
  expect(demoted.status).toBe(200);
  expect(demoted.body.data.is_reseller).toBe(false);
  const after = await api('PUT', `/v2/accounts/${id.C1}`, tok.C1, { name: 'Iso New Child 2' });
  expect(after.body.data.reseller_id).toBe(platform.master.accountId);
  expect((await api('GET', `/v2/accounts/${id.C1a}`, M)).body.data.reseller_id).toBe(platform.master.accountId);
  expect((await api('GET', `/v2/accounts/${before.body.data.id}`, M)).body.data.reseller_id).toBe(platform.master.accountId);

  expect((await api('PUT', `/v2/accounts/${id.R}/reseller`, M)).status).toBe(201);
  expect((await api('GET', `/v2/accounts/${after.body.data.id}`, M)).body.data.reseller_id).toBe(id.R);
});

test("a disabled or deleted account's token is refused", async () => {
  expect((await api('GET', `/v2/accounts/${id.C2}`, tok.C2)).status).toBe(200);
  expect((await api('PATCH', `/v2/accounts/${id.C2}`, tok.R, { enabled: false })).body.data.enabled).toBe(false);
  const refused = await api('GET', `/v2/accounts/${id.C2}`, tok.C2);
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({ status: 'error', error: '401', message: 'invalid_credentials' });
  const login = await fetch(`${platform.url}/v2/user_auth`, {
    method: 'PUT',
    body: JSON.stringify({ data: { credentials: md5Credentials('c2-admin', 'c2-admin-pw'), account_name: NAMES.C2 } }),
  });
  expect(login.status).toBe(423);
  // An account cannot re-enable itself; its reseller can.
  expect((await api('PATCH', `/v2/accounts/${id.R}`, tok.R, { enabled: false })).body.data.enabled).toBe(true);
  expect((await api('PATCH', `/v2/accounts/${id.C2}`, tok.R, { enabled: true })).status).toBe(200);
  const again = await platform.login('c2-admin', 'c2-admin-pw', NAMES.C2);
  expect((await api('GET', `/v2/accounts/${id.C2}`, again)).status).toBe(200);
  // A token issued before the account was disabled does not come back with the re-enable.
  expect((await api('GET', `/v2/accounts/${id.C2}`, tok.C2)).status).toBe(401);

  expect((await api('DELETE', `/v2/accounts/${id.C2}`, tok.R)).status).toBe(200);
  expect((await api('GET', `/v2/accounts/${id.C2}`, again)).status).toBe(401);
  await expect(platform.login('c2-admin', 'c2-admin-pw', NAMES.C2)).rejects.toThrow(/HTTP 401/);
});
