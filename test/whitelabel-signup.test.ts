// Issue 18 acceptance (seed 003, the reseller portal's API): the unauthenticated
// GET /v2/whitelabel/{domain} answers the branding and a second account claiming the same domain
// gets 400; a signup on the branded domain lands in WAIT and its user cannot log in until the
// reseller activates it (balance management soft); a password reset mail reaches a loopback SMTP
// server and its key works once — over HTTP against a platform (its own CouchDB and RabbitMQ vhost).
import { findMasterAccountId } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import { BookkeeperSelector, ServicesStore, syncNow } from '@tollgate/services';
import { decodedMail, jsonOf, type Loose, relayTo, type SmtpCatcher, startSmtpCatcher, waitFor } from '@tollgate/testing';
import { closeRawHttp, rawHttp } from './support/http-raw';
import { md5Credentials as md5, startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let smtp: SmtpCatcher;
let M: string;
let R: string; // the reseller
let rToken: string;
const DOMAIN = 'portal.wl-accept.example';

async function api(method: string, path: string, token: string | undefined, data?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { ...(token ? { 'X-Auth-Token': token } : {}), 'Content-Type': 'application/json', ...headers },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function ok(method: string, path: string, token: string | undefined, data?: unknown): Promise<Loose> {
  const res = await api(method, path, token, data);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

const mailTo = (to: string, subject: RegExp) =>
  waitFor(`a mail to ${to} ${subject}`, async () => smtp.mails.find((m) => m.to.includes(to) && subject.test(decodedMail(m.data))), 30_000, 20);

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  await relayTo(platform.config, smtp);
  const { master } = platform;
  M = await platform.login(master.username, master.password, master.accountName);
  R = (await ok('PUT', `/v2/accounts/${master.accountId}`, M, { name: 'WL Accept Reseller' })).id;
  await ok('PUT', `/v2/accounts/${R}/reseller`, M);
  await ok('PUT', `/v2/accounts/${R}/users`, M, { username: 'wl-boss', password: 'wl-boss-pw', first_name: 'Wl', last_name: 'Boss', priv_level: 'admin' });
  rToken = await platform.login('wl-boss', 'wl-boss-pw', 'WL Accept Reseller');
  // The domain's activation fee: a plan item on the reseller's services (Kazoo's branding.whitelabel quantity).
  await ok('PUT', `/v2/accounts/${master.accountId}/service_plans`, M, { id: 'plan_wl_brand', name: 'Branding', plan: { branding: { whitelabel: { activation_charge: 50 } } } });
  await ok('POST', `/v2/accounts/${R}/service_plans`, M, { add: ['plan_wl_brand'] });
}, 120_000);

afterAll(async () => {
  closeRawHttp();
  await platform?.stop();
  await smtp?.close();
});

test('the unauthenticated GET /v2/whitelabel/{domain} returns the branding; a second account claiming the domain gets 400', async () => {
  await ok('PUT', `/v2/accounts/${R}/whitelabel`, rToken, {
    company_name: 'WL Accept Voice',
    domain: DOMAIN,
    branding: { title: 'Accept Portal', colors: { background: '#ffffff', navigation_bar: '#123456', links: '#0066cc', text: '#222' }, view: 'simple' },
    signup: { required_fields: ['first_name', 'last_name', 'phone'] },
    messages: { from: 'support@wl-accept.example', password_recovery: { subject: 'Accept: reset {{username}}', text: 'Hi {{first_name}}, open {{link}} within {{expires_minutes}} minutes.' } },
  });
  const pub = await api('GET', `/v2/whitelabel/${DOMAIN}`, undefined);
  expect(pub.status).toBe(200);
  expect(pub.body.data).toMatchObject({ company_name: 'WL Accept Voice', domain: DOMAIN, account_id: R, branding: { title: 'Accept Portal', colors: { navigation_bar: '#123456' } } });
  expect(pub.body.data).not.toHaveProperty('messages');

  const other = (await ok('PUT', `/v2/accounts/${platform.master.accountId}`, M, { name: 'WL Accept Other' })).id;
  const dup = await api('PUT', `/v2/accounts/${other}/whitelabel`, M, { domain: DOMAIN.toUpperCase() });
  expect(dup.status).toBe(400);
  expect(dup.body).toMatchObject({ status: 'error', error: '400', data: { domain: { unique: { message: 'White label domain is already in use' } } } });
});

test('a signup on the branded domain lands in WAIT; its user cannot log in until the reseller activates it', async () => {
  const missing = await api('PUT', '/v2/signup', undefined, { domain: DOMAIN, email: 'new.client@example.net', password: 'client-pass-1' });
  expect(missing.status).toBe(400);
  expect(Object.keys(missing.body.data).sort()).toEqual(['first_name', 'last_name', 'phone']);

  // On the branded domain: the reseller is the one whose whitelabel claims the request's Host.
  const raw = await rawHttp(platform.url, {
    method: 'PUT',
    path: '/v2/signup',
    headers: { Host: `${DOMAIN}:8000`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: { first_name: 'Nina', last_name: 'New', phone: '+1 415 555 0100', email: 'new.client@example.net', password: 'client-pass-1' } }),
  });
  const res = { status: raw.status, body: JSON.parse(raw.body) };
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ status: 'wait', username: 'new.client@example.net', mail_sent: true });
  const client = res.body.data.account_id as string;
  const waiting = await mailTo('new.client@example.net', /awaiting activation/);
  expect(decodedMail(waiting.data)).toMatch(/Hello Nina/);

  const login = () => api('PUT', '/v2/user_auth', undefined, { credentials: md5('new.client@example.net', 'client-pass-1'), account_id: client });
  expect((await login()).status).toBe(423);
  const listed = await ok('GET', `/v2/accounts/${R}/signups`, rToken);
  expect(listed).toEqual([expect.objectContaining({ id: client, status: 'wait', enabled: false, email: 'new.client@example.net', first_name: 'Nina' })]);
  expect((await ok('GET', `/v2/accounts/${R}/children`, rToken)).map((c: Loose) => c.id)).toContain(client);

  const activated = await api('PUT', `/v2/accounts/${client}/signup/activate`, rToken, {});
  expect(activated.status).toBe(201);
  expect(activated.body.data).toMatchObject({ id: client, status: 'active', enabled: true });
  expect((await login()).status).toBe(201);
  expect((await ok('GET', `/v2/accounts/${client}/limits`, rToken)).balance_management).toBe('soft');
  expect(await ok('GET', `/v2/accounts/${R}/signups`, rToken)).toEqual([]);
  expect((await api('PUT', `/v2/accounts/${client}/signup/activate`, rToken, {})).status).toBe(400);
});

test('a password reset mail reaches the SMTP server with the reseller template, and its key works once', async () => {
  const client = (await ok('GET', `/v2/accounts/${R}/signups?status=active`, rToken))[0].id as string;
  const unknown = await api('PUT', '/v2/user_auth/recovery', undefined, { username: 'nobody@example.net', account_name: 'Nina New (new.client@example.net)' });
  const known = await api('PUT', '/v2/user_auth/recovery', undefined, { username: 'new.client@example.net', account_name: 'Nina New (new.client@example.net)' });
  expect(known.status).toBe(201);
  expect({ status: unknown.status, data: unknown.body.data }).toEqual({ status: known.status, data: known.body.data });

  const mail = await mailTo('new.client@example.net', /Accept: reset new\.client@example\.net/);
  const text = decodedMail(mail.data);
  expect(text).toMatch(/^From: support@wl-accept\.example/m);
  const link = /https:\/\/portal\.wl-accept\.example\/\?recovery=([0-9a-f]+)/.exec(text);
  expect(link).not.toBeNull();
  const key = (link as RegExpExecArray)[1];

  const first = await api('POST', '/v2/user_auth/recovery', undefined, { reset_id: key, password: 'brand-new-pass' });
  expect(first.status).toBe(200);
  const again = await api('POST', '/v2/user_auth/recovery', undefined, { reset_id: key, password: 'other-new-pass' });
  expect(again.status).toBe(400);
  expect(again.body.data).toHaveProperty('reset_id.invalid');
  await mailTo('new.client@example.net', /password was changed/);
  expect((await api('PUT', '/v2/user_auth', undefined, { credentials: md5('new.client@example.net', 'brand-new-pass'), account_id: client })).status).toBe(201);
  expect((await api('PUT', '/v2/user_auth', undefined, { credentials: md5('new.client@example.net', 'client-pass-1'), account_id: client })).status).toBe(401);
});

test("the whitelabel's activation fee is billed once to the reseller by the services sync", async () => {
  const store = await ServicesStore.open({
    couch: platform.couch,
    bus: platform.bus,
    config: platform.config,
    numbers: numberManagerSource(platform.couch, platform.config),
    masterId: () => findMasterAccountId({ couch: platform.couch, config: platform.config }),
  });
  try {
    const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'whitelabel-acceptance@localhost' };
    for (let i = 0; i < 2; i++) expect(await syncNow(deps, R)).toMatchObject({ result: 'synced' });
  } finally {
    store.close();
  }
  const fees = ((await ok('GET', `/v2/accounts/${R}/transactions`, M)) as Loose[]).filter((t) => t.reason === 'activation_charges');
  expect(fees.map((t) => t.amount)).toEqual([50]);
});
