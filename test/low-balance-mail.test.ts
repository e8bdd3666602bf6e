// Issue 17 acceptance (low balance mail templates): a reseller's low_balance template written
// with the seed's placeholders ([firstname], [lastname], [balance], [threshold]) reaches a
// client's admin rendered with her name and balance, through services-sync's mailer and a real
// SMTP server on loopback; the reseller bounds the client's threshold ($10–$500). The client's
// own template — to a custom address — then overrides the reseller's; deleting it brings the
// reseller's back. The crawl is driven by the test (crawlLowBalances), so each mail has a cause.
import { startLedgerSettings } from '@tollgate/ledger';
import { crawlLowBalances, startLowBalanceMailer } from '@tollgate/services-sync';
import { jsonOf, type Loose, relayTo, type SmtpCatcher, startSmtpCatcher, waitFor } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let master: string;
let resellerToken: string;
let clientToken: string;
let smtp: SmtpCatcher;
let mailer: { cancel(): Promise<void> } | undefined;
let ledgerSettings: Awaited<ReturnType<typeof startLedgerSettings>>;
const accounts = { reseller: '', client: '' };

async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify({ data: body }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function adminOf(accountId: string, accountName: string, user: { username: string; first_name: string; last_name: string; email: string }): Promise<string> {
  const res = await api('PUT', `/v2/accounts/${accountId}/users`, master, { ...user, password: `${user.username}-pw`, priv_level: 'admin' });
  expect(res.status).toBe(201);
  return platform.login(user.username, `${user.username}-pw`, accountName);
}

const deps = () => ({ couch: platform.couch, bus: platform.bus, config: platform.config, ledger: ledgerSettings });
const crawl = () => crawlLowBalances(deps());
const entry = (id: string, amount: number) => ({ amount, source: { service: 'payments', id }, usage: { type: 'credit', quantity: 0, unit: 'dollars' } });
const mailTo = (address: string, n: number) =>
  waitFor(`mail ${n} to ${address}`, async () => {
    const mails = smtp.mails.filter((m) => m.to.includes(address));
    return mails.length >= n ? mails[n - 1] : undefined;
  });

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  master = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  await relayTo(platform.config, smtp);
  await platform.config.setDefault('notify.low_balance', 'from', 'billing@reseller.example');
  const put = async (parent: string, name: string) => {
    const res = await api('PUT', `/v2/accounts/${parent}`, master, { name });
    expect(res.status).toBe(201);
    return res.body.data.id as string;
  };
  accounts.reseller = await put(platform.master.accountId, 'Mail Reseller');
  expect((await api('PUT', `/v2/accounts/${accounts.reseller}/reseller`, master)).status).toBeLessThan(300);
  accounts.client = await put(accounts.reseller, 'Mail Client');
  resellerToken = await adminOf(accounts.reseller, 'Mail Reseller', { username: 'mail-boss', first_name: 'Rex', last_name: 'Seller', email: 'rex@reseller.example' });
  clientToken = await adminOf(accounts.client, 'Mail Client', { username: 'mail-carla', first_name: 'Carla', last_name: 'Client', email: 'carla@client.example' });
  ledgerSettings = await startLedgerSettings(platform.config);
  // the mailer reads its relay when it starts: the settings above are in place
  mailer = await startLowBalanceMailer(deps());
}, 120_000);

afterAll(async () => {
  await mailer?.cancel();
  ledgerSettings?.stop();
  await platform?.stop();
  await smtp?.close();
}, 60_000);

test("a reseller's template with [firstname] and [balance] reaches the client's admin rendered; the client's own overrides it", async () => {
  const path = (id: string) => `/v2/accounts/${id}/notifications/low_balance`;
  const reseller = await api('POST', path(accounts.reseller), resellerToken, {
    subject: 'Hello [firstname], your credit is low',
    plain: 'Dear [firstname] [lastname], the balance of {{account.name}} is [balance], under [threshold].',
    html: '<p>Dear <b>[firstname]</b>, your balance is [balance].</p>',
  });
  expect(reseller.status).toBe(200);
  expect(reseller.body.data).toMatchObject({ id: 'low_balance', subject: 'Hello [firstname], your credit is low', account_overridden: true });
  // the client inherits it (not overridden), and its threshold is the reseller's to set, within $10–$500
  expect((await api('GET', path(accounts.client), clientToken)).body.data).toMatchObject({ subject: 'Hello [firstname], your credit is low' });
  expect((await api('GET', path(accounts.client), clientToken)).body.data.account_overridden).toBeUndefined();
  expect((await api('POST', path(accounts.client), resellerToken, { threshold: 5 })).body.data).toMatchObject({ threshold: { minimum: {} } });
  expect((await api('POST', path(accounts.client), resellerToken, { threshold: 501 })).body.data).toMatchObject({ threshold: { maximum: {} } });
  expect((await api('POST', path(accounts.client), resellerToken, { threshold: 20 })).body.data).toMatchObject({ threshold: 20 });

  // the preview renders with the client's real figures, or with sample data
  const preview = await api('POST', `${path(accounts.client)}/preview`, resellerToken, {});
  expect(preview.body.data).toMatchObject({ subject: 'Hello Carla, your credit is low', to: ['carla@client.example'] });
  expect((await api('POST', `${path(accounts.client)}/preview?sample=true`, resellerToken, {})).body.data.subject).toBe('Hello Jane, your credit is low');

  // $12.00 paid in, under the $20.00 threshold: the crawl alerts, the mail is the reseller's template
  expect((await api('PUT', `/v2/accounts/${accounts.client}/ledgers/credit`, resellerToken, entry('mail-pay-1', 12))).status).toBe(201);
  expect((await crawl()).notified).toContain(accounts.client);
  const first = await mailTo('carla@client.example', 1);
  expect(first.data).toContain('Subject: Hello Carla, your credit is low');
  expect(first.data).toContain('From: billing@reseller.example');
  expect(first.data).toContain('Dear Carla Client, the balance of Mail Client is $12.00, under $20.00.');

  // the client's own template, to a custom address, overrides the reseller's
  const own = await api('POST', path(accounts.client), clientToken, {
    subject: 'Mail Client: balance [balance]',
    plain: 'Finance team: [balance] left ([threshold] threshold).',
    to: { type: 'specified', email_addresses: ['finance@client.example'] },
  });
  expect(own.body.data).toMatchObject({ account_overridden: true, to: { type: 'specified' } });
  // back above the threshold (the flag resets), then below it again: alerted again
  expect((await api('PUT', `/v2/accounts/${accounts.client}/ledgers/credit`, resellerToken, entry('mail-pay-2', 30))).status).toBe(201);
  expect((await crawl()).reset).toContain(accounts.client);
  expect((await api('PUT', `/v2/accounts/${accounts.client}/ledgers/debit`, resellerToken, entry('mail-fee-1', 35))).status).toBe(201);
  expect((await crawl()).notified).toContain(accounts.client);
  const second = await mailTo('finance@client.example', 1);
  expect(second.data).toContain('Subject: Mail Client: balance $7.00');
  expect(second.data).toContain('Finance team: $7.00 left ($20.00 threshold).');
  expect(smtp.mails.filter((m) => m.to.includes('carla@client.example'))).toHaveLength(1);

  // deleting the client's own brings the reseller's back; a second delete is 404
  expect((await api('DELETE', path(accounts.client), clientToken)).status).toBe(200);
  expect((await api('DELETE', path(accounts.client), clientToken)).status).toBe(404);
  expect((await api('GET', path(accounts.client), clientToken)).body.data.subject).toBe('Hello [firstname], your credit is low');
}, 120_000);
