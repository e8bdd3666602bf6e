// Issue 16 acceptance (seed 002, NGNPro): a reseller's quota caps the sum over its customers, also
// under racing creates, and a deactivated reseller's tree creates nothing while it keeps logging
// in — over HTTP against a whole platform (its own CouchDB and RabbitMQ vhost).
//   master → reseller R (phone_numbers quota 3) → customers C1, C2
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let M: string; // master token
const id = { R: '', C1: '', C2: '' };
const tok = { R: '', C1: '', C2: '', C1user: '' };
const NAMES = { R: 'Gov Reseller', C1: 'Gov Customer 1', C2: 'Gov Customer 2' };
const num = (i: number) => `+1415556${String(1000 + i)}`;
const enc = encodeURIComponent;

async function api(method: string, path: string, token: string, data?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function ok(method: string, path: string, token: string, data?: unknown): Promise<Loose> {
  const res = await api(method, path, token, data);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function user(accountId: string, username: string, priv: 'admin' | 'user' = 'admin'): Promise<void> {
  await ok('PUT', `/v2/accounts/${accountId}/users`, M, { username, password: `${username}-pw`, first_name: username, last_name: 'Gov', priv_level: priv });
}

const activate = (token: string, accountId: string, i: number) => api('PUT', `/v2/accounts/${accountId}/phone_numbers/${enc(num(i))}/activate`, token, {});

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  const { master } = platform;
  M = await platform.login(master.username, master.password, master.accountName);
  id.R = (await ok('PUT', `/v2/accounts/${master.accountId}`, M, { name: NAMES.R })).id;
  await ok('PUT', `/v2/accounts/${id.R}/reseller`, M);
  id.C1 = (await ok('PUT', `/v2/accounts/${id.R}`, M, { name: NAMES.C1 })).id;
  id.C2 = (await ok('PUT', `/v2/accounts/${id.R}`, M, { name: NAMES.C2 })).id;
  await user(id.R, 'gov-r');
  await user(id.C1, 'gov-c1');
  await user(id.C1, 'gov-c1-user', 'user');
  await user(id.C2, 'gov-c2');
  tok.R = await platform.login('gov-r', 'gov-r-pw', NAMES.R);
  tok.C1 = await platform.login('gov-c1', 'gov-c1-pw', NAMES.C1);
  tok.C2 = await platform.login('gov-c2', 'gov-c2-pw', NAMES.C2);
  // the reseller's inventory (available numbers hold no quota)
  const load = await ok('PUT', `/v2/accounts/${id.R}/phone_numbers/collection`, M, { numbers: Array.from({ length: 16 }, (_, i) => num(i)), state: 'available' });
  expect(Object.keys(load.success)).toHaveLength(16);
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('a reseller with a phone-number quota of 3 and two customers', () => {
  test("the first customer takes 2, the second's second number is refused naming the reseller's quota", async () => {
    expect((await api('POST', `/v2/accounts/${id.R}/quotas`, tok.R, { phone_numbers: 3 })).status).toBe(403); // not its own
    expect((await ok('POST', `/v2/accounts/${id.R}/quotas`, M, { phone_numbers: 3 })).phone_numbers).toBe(3);
    expect((await activate(tok.C1, id.C1, 0)).status).toBe(201);
    expect((await activate(tok.C1, id.C1, 1)).status).toBe(201);
    expect((await activate(tok.C2, id.C2, 2)).status).toBe(201);
    const refused = await activate(tok.C2, id.C2, 3);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      status: 'error',
      error: '403',
      data: { kind: 'phone_numbers', quota: 3, current: 3, level: 'reseller', reseller_id: id.R, account_id: id.C2 },
    });
    expect(refused.body.data.message).toBe(`phone_numbers quota of reseller ${id.R} (${NAMES.R}) reached: 3 of 3 in use`);
    expect(await ok('GET', `/v2/accounts/${id.R}/quotas`, tok.R)).toMatchObject({ phone_numbers: 3, usage: { phone_numbers: 3, accounts: 2 }, over_quota: [] });
  });

  test('10 concurrent activations racing for one remaining unit: exactly one succeeds', async () => {
    await ok('DELETE', `/v2/accounts/${id.C1}/phone_numbers/${enc(num(1))}`, tok.C1);
    expect((await ok('GET', `/v2/accounts/${id.R}/quotas`, tok.R)).usage.phone_numbers).toBe(2);
    const racers = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? activate(tok.C1, id.C1, 4 + i) : activate(tok.C2, id.C2, 4 + i)));
    const results = await Promise.all(racers);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.body.data).toMatchObject({ kind: 'phone_numbers', level: 'reseller', reseller_id: id.R, quota: 3 });
    }
    expect(await ok('GET', `/v2/accounts/${id.R}/quotas`, tok.R)).toMatchObject({ usage: { phone_numbers: 3 }, over_quota: [] });
  });
});

describe('reseller activation', () => {
  test("deactivating a reseller refuses a new sub-account of its customer while the customer's users still log in; reactivating allows it", async () => {
    expect((await api('PATCH', `/v2/accounts/${id.R}`, tok.R, { reseller_active: false })).status).toBe(403);
    expect((await ok('PATCH', `/v2/accounts/${id.R}`, M, { reseller_active: false })).reseller_active).toBe(false);

    const refused = await api('PUT', `/v2/accounts/${id.C1}`, tok.C1, { name: 'Gov Sub While Inactive' });
    expect(refused.status).toBe(403);
    expect(refused.body.data.message).toContain(`reseller ${id.R} (${NAMES.R}) is inactive`);
    // the tree keeps working: logins (admin and plain user), reads
    expect(await platform.login('gov-c1', 'gov-c1-pw', NAMES.C1)).toMatch(/^[0-9a-f]{64}$/);
    tok.C1user = await platform.login('gov-c1-user', 'gov-c1-user-pw', NAMES.C1);
    expect((await api('GET', `/v2/accounts/${id.C1}`, tok.C1user)).status).toBe(200);
    expect((await ok('GET', `/v2/accounts/${id.R}`, tok.R)).reseller_active).toBe(false);

    expect((await ok('PATCH', `/v2/accounts/${id.R}`, M, { reseller_active: true })).reseller_active).toBe(true);
    const created = await api('PUT', `/v2/accounts/${id.C1}`, tok.C1, { name: 'Gov Sub After Reactivation' });
    expect(created.status).toBe(201);
  });
});
