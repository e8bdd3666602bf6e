import { md5Credentials } from '@tollgate/accounts';
import { type CrossbarHarness, createAccount, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { decodedMail, relayTo, type SmtpCatcher, startSmtpCatcher, waitFor } from '@tollgate/testing';
import { whitelabelModule } from '../whitelabel';

let h: CrossbarHarness;
let smtp: SmtpCatcher;
let reseller: string;
let client: string;

const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to)).map((m) => decodedMail(m.data));
const nthMailTo = (to: string, n: number) => waitFor(`${n} mails to ${to}`, async () => (mailsTo(to).length >= n ? mailsTo(to)[n - 1] : undefined), 20_000, 20);
const keyIn = (text: string) => (/[?&]recovery=([0-9a-f]+)/.exec(text) as RegExpExecArray)[1];
const recover = (data: Record<string, unknown>) => h.call('PUT', '/v2/user_auth/recovery', { data });
const reset = (reset_id: string, password: string) => h.call('POST', '/v2/user_auth/recovery', { data: { reset_id, password } });

async function user(accountId: string, username: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await h.call('PUT', `/v2/accounts/${accountId}/users`, {
    token: h.masterToken,
    data: { username, password: 'old-password', first_name: 'Rec', last_name: 'Overy', email: `${username}@mail.example`, ...extra },
  });
  return res.body.data.id;
}

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  h = await startCrossbarHarness({ modules: [whitelabelModule] });
  await relayTo(h.deps.config, smtp);
  await h.deps.config.setDefault('crossbar', 'max_recoveries_per_source', 1000);
  reseller = await createAccount(h, h.masterToken, 'Recovery Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  client = await createAccount(h, h.masterToken, 'Recovery Client', reseller);
  await h.call('PUT', `/v2/accounts/${reseller}/whitelabel`, {
    token: h.masterToken,
    data: {
      domain: 'recover.reseller.example',
      company_name: 'Recovery Co',
      messages: { password_recovery: { subject: 'Reset for {{username}}', text: 'Go to {{link}}', html: '<p>Hi {{first_name}}</p><a href="{{link}}">reset</a>' } },
    },
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

test("the mail uses the reseller's template (values escaped in HTML) and links to its domain, never to a host the requester names", async () => {
  await user(client, 'alice', { first_name: '<b>Al</b>' });
  expect((await recover({ username: 'alice', account_name: 'Recovery Client', ui_url: 'https://evil.example/steal' })).status).toBe(201);
  const text = await nthMailTo('alice@mail.example', 1);
  expect(text).toMatch(/Subject: Reset for alice/);
  expect(text).toContain('https://recover.reseller.example/?recovery=');
  expect(text).not.toContain('evil.example');
  expect(text).toContain('&#60;b&#62;Al&#60;/b&#62;');
  expect((await recover({ username: 'alice', account_name: 'Recovery Client', ui_url: 'https://recover.reseller.example/portal/#reset' })).status).toBe(201);
  expect(await nthMailTo('alice@mail.example', 2)).toContain('https://recover.reseller.example/portal/?recovery=');
});

test('a key works once; the password changes and the completed mail is sent; a bad key says nothing more', async () => {
  await user(client, 'bob');
  await recover({ username: 'bob', account_name: 'Recovery Client' });
  const key = keyIn(await nthMailTo('bob@mail.example', 1));
  const [a, b] = await Promise.all([reset(key, 'new-password-1'), reset(key, 'new-password-2')]);
  expect([a.status, b.status].sort()).toEqual([200, 400]);
  expect(await nthMailTo('bob@mail.example', 2)).toMatch(/password was changed/);
  const winner = a.status === 200 ? 'new-password-1' : 'new-password-2';
  expect((await h.call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials('bob', winner), account_name: 'Recovery Client' } })).status).toBe(201);
  const forged = await reset(`${client}${'0'.repeat(64)}`, 'whatever-pass');
  expect(forged.status).toBe(400);
  expect(forged.body.data).toEqual({ reset_id: { invalid: { message: 'The recovery key is unknown, already used or expired' } } });
});

test('an expired key is refused', async () => {
  await user(client, 'carol');
  await h.deps.config.setDefault('crossbar.auth', 'reset_id_expiry_s', 0);
  try {
    await recover({ username: 'carol', account_name: 'Recovery Client' });
    const key = keyIn(await nthMailTo('carol@mail.example', 1));
    expect((await reset(key, 'carol-new-pass')).status).toBe(400);
  } finally {
    await h.deps.config.setDefault('crossbar.auth', 'reset_id_expiry_s', 3600);
  }
});

test('unknown or disabled users, and resellers that turned reset off, get the same answer and no mail', async () => {
  const dave = await user(client, 'dave');
  await h.call('PATCH', `/v2/accounts/${client}/users/${dave}`, { token: h.masterToken, data: { enabled: false } });
  const answers = await Promise.all([recover({ username: 'nobody', account_name: 'Recovery Client' }), recover({ username: 'dave', account_name: 'Recovery Client' })]);
  await h.call('PATCH', `/v2/accounts/${reseller}/whitelabel`, { token: h.masterToken, data: { branding: { display: { allow_password_reset: false } } } });
  await user(client, 'erin');
  answers.push(await recover({ username: 'erin', account_name: 'Recovery Client' }));
  await h.call('PATCH', `/v2/accounts/${reseller}/whitelabel`, { token: h.masterToken, data: { branding: { display: { allow_password_reset: true } } } });
  for (const a of answers) expect({ status: a.status, data: a.body.data }).toEqual({ status: 201, data: answers[0].body.data });
  // A later recovery that does mail proves the earlier ones had their chance.
  await user(client, 'frank');
  await recover({ username: 'frank', account_name: 'Recovery Client' });
  await nthMailTo('frank@mail.example', 1);
  expect(mailsTo('dave@mail.example')).toEqual([]);
  expect(mailsTo('erin@mail.example')).toEqual([]);
});

test('recovery requests are throttled per source (429)', async () => {
  await h.deps.config.setDefault('crossbar', 'max_recoveries_per_source', 1);
  try {
    expect((await recover({ username: 'nobody', account_name: 'Recovery Client' })).status).toBe(429);
  } finally {
    await h.deps.config.setDefault('crossbar', 'max_recoveries_per_source', 1000);
  }
});
