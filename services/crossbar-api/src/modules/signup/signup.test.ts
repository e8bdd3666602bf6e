import { md5Credentials } from '@tollgate/accounts';
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { limitsModule } from '../limits';
import { quotasModule } from '../quotas';
import { whitelabelModule } from '../whitelabel';
import { signupModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let otherReseller: string;
let resellerToken: string;
let otherToken: string;
let n = 0;

const signup = (data: Record<string, unknown>) => h.call('PUT', '/v2/signup', { data });
const person = () => {
  n += 1;
  return { email: `person${n}@signup.example`, password: 'sign-me-up', first_name: 'P', last_name: `N${n}` };
};

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [signupModule, whitelabelModule, limitsModule, quotasModule] });
  await h.deps.config.setDefault('crossbar', 'max_signups_per_source', 1000);
  reseller = await createAccount(h, h.masterToken, 'Signup Reseller', h.masterId);
  otherReseller = await createAccount(h, h.masterToken, 'Signup Other', h.masterId);
  for (const r of [reseller, otherReseller]) expect((await h.call('PUT', `/v2/accounts/${r}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  resellerToken = await loginOfNewUser(h, h.masterToken, { id: reseller, name: 'Signup Reseller' }, 'suboss');
  otherToken = await loginOfNewUser(h, h.masterToken, { id: otherReseller, name: 'Signup Other' }, 'suother');
  expect((await h.call('PUT', `/v2/accounts/${reseller}/whitelabel`, { token: resellerToken, data: { domain: 'signup.reseller.example', signup: { required_fields: ['company'] } } })).status).toBe(201);
}, 60_000);

afterAll(async () => h?.close());

test('a signup by reseller_id or domain creates a disabled client in WAIT with an admin user; the reseller required fields are enforced', async () => {
  const missing = await signup({ domain: 'signup.reseller.example', ...person() });
  expect(missing.status).toBe(400);
  expect(missing.body.data).toEqual({ company: { required: { message: 'Field is required but missing' } } });
  const bad = await signup({ reseller_id: reseller, email: 'not-an-email', password: 'short', company: 'X' });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.data).sort()).toEqual(['email', 'password']);
  const p = person();
  const res = await signup({ domain: 'SIGNUP.reseller.example', ...p, company: 'Signup Client One' });
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ name: 'Signup Client One', status: 'wait', username: p.email, mail_sent: false });
  const client = res.body.data.account_id;
  const acct = await h.call('GET', `/v2/accounts/${client}`, { token: resellerToken });
  expect(acct.body.data).toMatchObject({ enabled: false });
  const login = await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials(p.email, p.password), account_id: client } });
  expect(login.status).toBe(423);
  // a company name already taken is reported on `company`, where the form shows it
  const taken = await signup({ reseller_id: reseller, ...person(), company: 'Signup Client One' });
  expect(taken.status).toBe(400);
  expect(taken.body.data).toHaveProperty('company.unique');
  // no whitelabel needed when the reseller is named
  expect((await signup({ reseller_id: otherReseller, ...person() })).status).toBe(201);
  expect((await signup({ reseller_id: 'f'.repeat(32), ...person() })).status).toBe(404);
  expect((await signup({ domain: 'nobody.example.com', ...person() })).status).toBe(404);
  // a client is no reseller: nobody signs up under it
  expect((await signup({ reseller_id: client, ...person() })).status).toBe(404);
});

test('only the reseller lists and activates its signups; activation sets balance management soft', async () => {
  const res = await signup({ reseller_id: reseller, ...person(), company: 'Signup Client Two' });
  const client = res.body.data.account_id;
  expect((await h.call('GET', `/v2/accounts/${reseller}/signups`, { token: otherToken })).status).toBe(403);
  const listed = await h.call('GET', `/v2/accounts/${reseller}/signups`, { token: resellerToken });
  expect(listed.body.data.map((r: { id: string }) => r.id)).toContain(client);
  expect((await h.call('PUT', `/v2/accounts/${client}/signup/activate`, { token: otherToken, data: {} })).status).toBe(403);
  const done = await h.call('POST', `/v2/accounts/${client}/signup/activate`, { token: resellerToken, data: {} });
  expect(done.status).toBe(200);
  expect(done.body.data).toMatchObject({ status: 'active', enabled: true, activated_by: reseller });
  expect((await h.call('GET', `/v2/accounts/${client}/limits`, { token: resellerToken })).body.data.balance_management).toBe('soft');
  expect((await h.call('PUT', `/v2/accounts/${client}/signup/activate`, { token: resellerToken, data: {} })).status).toBe(400);
  // an account that never signed up is not "activated"
  const plain = await createAccount(h, h.masterToken, 'Signup Plain', reseller);
  expect((await h.call('PUT', `/v2/accounts/${plain}/signup/activate`, { token: resellerToken, data: {} })).status).toBe(400);
});

test('refused when the reseller hides registration (403), is inactive or out of quota (403)', async () => {
  expect((await h.call('PATCH', `/v2/accounts/${reseller}/whitelabel`, { token: resellerToken, data: { hide_registration: true } })).status).toBe(200);
  const hidden = await signup({ domain: 'signup.reseller.example', ...person(), company: 'Hidden' });
  expect(hidden.status).toBe(403);
  expect((await h.call('PATCH', `/v2/accounts/${reseller}/whitelabel`, { token: resellerToken, data: { hide_registration: false } })).status).toBe(200);

  expect((await h.call('POST', `/v2/accounts/${otherReseller}/quotas`, { token: h.masterToken, data: { accounts: 0 } })).status).toBe(200);
  const full = await signup({ reseller_id: otherReseller, ...person() });
  expect(full.status).toBe(403);
  expect((await h.call('POST', `/v2/accounts/${otherReseller}/quotas`, { token: h.masterToken, data: {} })).status).toBe(200);

  expect((await h.call('PATCH', `/v2/accounts/${otherReseller}`, { token: h.masterToken, data: { reseller_active: false } })).status).toBe(200);
  expect((await signup({ reseller_id: otherReseller, ...person() })).status).toBe(403);
  expect((await h.call('PATCH', `/v2/accounts/${otherReseller}`, { token: h.masterToken, data: { reseller_active: true } })).status).toBe(200);
  expect((await signup({ reseller_id: otherReseller, ...person() })).status).toBe(201);
});

test('signups are throttled per source address (429), whatever their outcome', async () => {
  await h.deps.config.setDefault('crossbar', 'max_signups_per_source', 2);
  await h.deps.config.setDefault('crossbar', 'signup_window_s', 3600);
  try {
    // earlier tests already used this source's count far past 2
    const res = await signup({ reseller_id: reseller, ...person(), company: 'Throttled' });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ error: '429', message: 'too_many_requests' });
  } finally {
    await h.deps.config.setDefault('crossbar', 'max_signups_per_source', 1000);
  }
  expect((await signup({ reseller_id: reseller, ...person(), company: 'Not Throttled' })).status).toBe(201);
});
