import { SystemConfig } from '@tollgate/config';
import { type CrossbarHarness, createAccount, crossbarClient, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { accountDbName } from '@tollgate/kazoo-db';
import { startCrossbar } from '../../service';
import { quotasModule } from '.';

//   master → reseller R → customers C1 (→ C1a), C2;  master → direct D
let h: CrossbarHarness;
let reseller: string;
let c1: string;
let c2: string;
let direct: string;
let resellerToken: string;
let c1Token: string;
let c2Token: string;

const create = (name: string, parent: string) => createAccount(h, h.masterToken, name, parent);
const path = (accountId: string) => `/v2/accounts/${accountId}/quotas`;
const num = (i: number) => `+1415555${String(3000 + i)}`;
const enc = encodeURIComponent;

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [quotasModule] });
  reseller = await create('Quota Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  c1 = await create('Quota Customer 1', reseller);
  c2 = await create('Quota Customer 2', reseller);
  direct = await create('Quota Direct', h.masterId);
  resellerToken = await loginOfNewUser(h, h.masterToken, { id: reseller, name: 'Quota Reseller' }, 'qboss');
  c1Token = await loginOfNewUser(h, h.masterToken, { id: c1, name: 'Quota Customer 1' }, 'qone');
  c2Token = await loginOfNewUser(h, h.masterToken, { id: c2, name: 'Quota Customer 2' }, 'qtwo');
  // the reseller's inventory its customers take numbers from (available numbers hold no quota)
  const load = await h.call('PUT', `/v2/accounts/${reseller}/phone_numbers/collection`, {
    token: h.masterToken,
    data: { numbers: Array.from({ length: 8 }, (_, i) => num(i)), state: 'available' },
  });
  expect(Object.keys(load.body.data.success ?? {})).toHaveLength(8);
}, 90_000);

afterAll(async () => h?.close());

describe('reseller_active', () => {
  test('is shown on a reseller, true when absent, and only a superduper_admin changes it', async () => {
    const shown = await h.call('GET', `/v2/accounts/${reseller}`, { token: resellerToken });
    expect(shown.body.data).toMatchObject({ is_reseller: true, reseller_active: true });
    const mine = await h.call('PATCH', `/v2/accounts/${reseller}`, { token: resellerToken, data: { reseller_active: false, timezone: 'Europe/Paris' } });
    expect(mine.status).toBe(403);
    expect(mine.body.data.message).toMatch(/only a superduper_admin may change reseller_active/);
    // nothing of the refused request was written
    expect((await h.call('GET', `/v2/accounts/${reseller}`, { token: resellerToken })).body.data.timezone).not.toBe('Europe/Paris');
    // the same value is ignored, so a client posting back what it read is fine
    const same = await h.call('PATCH', `/v2/accounts/${reseller}`, { token: resellerToken, data: { reseller_active: true, timezone: 'Europe/Paris' } });
    expect(same.status).toBe(200);
    const bad = await h.call('PATCH', `/v2/accounts/${reseller}`, { token: h.masterToken, data: { reseller_active: 'no' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.data)).toEqual(['reseller_active']);
  });

  test('an inactive reseller: every create in its tree is 403 naming it; logins and reads go on; reactivation restores creates', async () => {
    expect((await h.call('PATCH', `/v2/accounts/${reseller}`, { token: h.masterToken, data: { reseller_active: false } })).status).toBe(200);
    try {
      const seen = await h.call('GET', `/v2/accounts/${reseller}`, { token: resellerToken });
      expect(seen.body.data.reseller_active).toBe(false);
      // a POST without the field (the reseller's own) keeps it
      const { reseller_active: _ra, ...rest } = seen.body.data;
      expect((await h.call('POST', `/v2/accounts/${reseller}`, { token: resellerToken, data: rest })).status).toBe(200);
      expect((await h.call('GET', `/v2/accounts/${reseller}`, { token: h.masterToken })).body.data.reseller_active).toBe(false);

      const refusals = [
        await h.call('PUT', `/v2/accounts/${c1}`, { token: c1Token, data: { name: 'Quota Inactive Sub' } }),
        await h.call('PUT', `/v2/accounts/${reseller}/users`, { token: resellerToken, data: { username: 'late', password: 'late-pw', first_name: 'L', last_name: 'T' } }),
        await h.call('PUT', `/v2/accounts/${c1}/phone_numbers/${enc(num(7))}/activate`, { token: c1Token, data: {} }),
        await h.call('PUT', `/v2/accounts/${c1}/phone_numbers/${enc(num(7))}/reserve`, { token: c1Token, data: {} }),
        await h.call('PUT', `/v2/accounts/${c1}/phone_numbers/collection/activate`, { token: c1Token, data: { numbers: [num(7)] } }),
        await h.call('PUT', `/v2/accounts/${c1}/phone_numbers/${enc('+14155559999')}`, { token: h.masterToken, data: {} }),
      ];
      for (const res of refusals) {
        expect(res.status).toBe(403);
        expect(res.body.data.message).toContain(`reseller ${reseller} (Quota Reseller) is inactive`);
      }
      // the tree keeps working: a login, a read, an update
      expect(await h.login('qone', 'qone-pw', 'Quota Customer 1')).toMatch(/^[0-9a-f]+$/);
      expect((await h.call('GET', `/v2/accounts/${c1}/users`, { token: c1Token })).status).toBe(200);
      expect((await h.call('PATCH', `/v2/accounts/${c1}`, { token: c1Token, data: { timezone: 'Europe/Berlin' } })).status).toBe(200);
    } finally {
      expect((await h.call('PATCH', `/v2/accounts/${reseller}`, { token: h.masterToken, data: { reseller_active: true } })).status).toBe(200);
    }
    const sub = await h.call('PUT', `/v2/accounts/${c1}`, { token: c1Token, data: { name: 'Quota Active Sub' } });
    expect(sub.status).toBe(201);
  });
});

describe('quotas', () => {
  test('an account without quotas reads its usage, unlimited', async () => {
    const res = await h.call('GET', path(c2), { token: c2Token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ id: c2, usage: { accounts: 0, users: 1, devices: 0, phone_numbers: 0 }, over_quota: [], customers_over_quota: [] });
  });

  test('who writes: the reseller on its customer, the master on the reseller; not an account on itself', async () => {
    expect((await h.call('POST', path(c1), { token: c1Token, data: { users: 5 } })).status).toBe(403);
    expect((await h.call('POST', path(reseller), { token: resellerToken, data: { users: 5 } })).status).toBe(403);
    expect((await h.call('POST', path(direct), { token: resellerToken, data: { users: 5 } })).status).toBe(403);
    const set = await h.call('POST', path(c1), { token: resellerToken, data: { users: 2 } });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ users: 2, usage: { users: 1 }, over_quota: [] });
    expect((await h.call('POST', path(reseller), { token: h.masterToken, data: { users: 10 } })).status).toBe(200);
    // a plain read within reach
    expect((await h.call('GET', path(c1), { token: c1Token })).body.data.users).toBe(2);
    expect((await h.call('GET', path(reseller), { token: c1Token })).status).toBe(403);
  });

  test('bad input is 400 naming each field, and nothing is written', async () => {
    const before = await h.deps.couch.get(accountDbName(c1), 'quotas');
    for (const data of [{ users: -1 }, { phone_numbers: 1.5 }, { devices: '3' }, { sip_credit: 4 }, { users: 2, accounts: null }]) {
      const res = await h.call('POST', path(c1), { token: resellerToken, data });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('400');
      expect(Object.keys(res.body.data)).toEqual(Object.keys(data).filter((k) => k !== 'users' || data.users !== 2));
    }
    expect(await h.deps.couch.get(accountDbName(c1), 'quotas')).toEqual(before);
  });

  test("an account's own quota refuses at the account level, with the quota and the count", async () => {
    // c1 holds one user (qone) of 2
    expect((await h.call('PUT', `/v2/accounts/${c1}/users`, { token: c1Token, data: { username: 'second', password: 'second-pw', first_name: 'S', last_name: 'Q' } })).status).toBe(201);
    const refused = await h.call('PUT', `/v2/accounts/${c1}/users`, { token: c1Token, data: { username: 'third', password: 'third-pw', first_name: 'T', last_name: 'Q' } });
    expect(refused.status).toBe(403);
    expect(refused.body.data).toMatchObject({ kind: 'users', quota: 2, current: 2, level: 'account', quota_account_id: c1, account_id: c1 });
    expect(refused.body.data.message).toBe(`users quota of account ${c1} (Quota Customer 1) reached: 2 of 2 in use`);
  });

  test("the reseller's quota caps the sum over its customers; activating a number already reserved takes nothing new", async () => {
    expect((await h.call('POST', path(reseller), { token: h.masterToken, data: { phone_numbers: 3 } })).status).toBe(200);
    const take = (token: string, account: string, i: number, op = 'activate') => h.call('PUT', `/v2/accounts/${account}/phone_numbers/${enc(num(i))}/${op}`, { token, data: {} });
    expect((await take(c1Token, c1, 0, 'reserve')).status).toBe(201);
    expect((await take(c1Token, c1, 1)).status).toBe(201);
    expect((await take(c2Token, c2, 2)).status).toBe(201);
    const refused = await take(c2Token, c2, 3);
    expect(refused.status).toBe(403);
    expect(refused.body.data).toMatchObject({ kind: 'phone_numbers', quota: 3, current: 3, level: 'reseller', reseller_id: reseller, account_id: c2 });
    // c1's reservation becomes in service without a new unit
    expect((await take(c1Token, c1, 0)).status).toBe(201);
    // in a collection each number is checked on its own
    const coll = await h.call('PUT', `/v2/accounts/${c2}/phone_numbers/collection/activate`, { token: c2Token, data: { numbers: [num(4)] } });
    expect(coll.body.data.error[num(4)]).toMatchObject({ kind: 'phone_numbers', level: 'reseller' });
    // releasing one frees the unit at once
    expect((await h.call('DELETE', `/v2/accounts/${c1}/phone_numbers/${enc(num(1))}`, { token: c1Token })).status).toBe(200);
    expect((await take(c2Token, c2, 3)).status).toBe(201);
    const usage = await h.call('GET', path(reseller), { token: resellerToken });
    expect(usage.body.data).toMatchObject({ phone_numbers: 3, usage: { phone_numbers: 3 }, over_quota: [] });
  });

  test('two crossbar instances on one database, 10 activations racing for the last unit: exactly one wins', async () => {
    const config = new SystemConfig({ couch: h.deps.couch, node: 'tollgate@crossbar-second' });
    await config.start();
    const second = await startCrossbar({ deps: { ...h.deps, config, node: 'tollgate@crossbar-second' }, port: 0, host: '127.0.0.1' });
    try {
      const other = crossbarClient(second.url);
      const more = Array.from({ length: 10 }, (_, i) => num(20 + i));
      expect(Object.keys((await h.call('PUT', `/v2/accounts/${reseller}/phone_numbers/collection`, { token: h.masterToken, data: { numbers: more, state: 'available' } })).body.data.success)).toHaveLength(10);
      expect((await h.call('POST', path(reseller), { token: h.masterToken, data: { phone_numbers: 4 } })).status).toBe(200); // 3 held
      const results = await Promise.all(
        more.map((n, i) => (i % 2 === 0 ? h : other).call('PUT', `/v2/accounts/${i % 4 < 2 ? c1 : c2}/phone_numbers/${enc(n)}/activate`, { token: i % 4 < 2 ? c1Token : c2Token, data: {} })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 403 && r.body.data.level === 'reseller')).toHaveLength(9);
      expect((await other.call('GET', path(reseller), { token: resellerToken })).body.data).toMatchObject({ usage: { phone_numbers: 4 }, over_quota: [] });
    } finally {
      await second.stop();
      await config.stop();
    }
  });

  test('a record written straight into CouchDB is not refused but reported: over_quota on the account and on its reseller', async () => {
    await h.deps.couch.put(accountDbName(c1), { _id: 'hand-made-user', pvt_type: 'user', username: 'byhand', priv_level: 'user' });
    const own = await h.call('GET', path(c1), { token: c1Token });
    expect(own.body.data).toMatchObject({ users: 2, usage: { users: 3 }, over_quota: ['users'] });
    const above = await h.call('GET', path(reseller), { token: resellerToken });
    expect(above.body.data.customers_over_quota).toEqual([{ id: c1, over_quota: ['users'] }]);
  });
});
