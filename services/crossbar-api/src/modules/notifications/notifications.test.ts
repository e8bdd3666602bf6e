import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { notificationsModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let client: string;
let other: string;
let resellerToken: string;
let clientToken: string;

const path = (id: string, rest = '') => `/v2/accounts/${id}/notifications/low_balance${rest}`;

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [notificationsModule] });
  reseller = await createAccount(h, h.masterToken, 'Notif Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  client = await createAccount(h, h.masterToken, 'Notif Client', reseller);
  other = await createAccount(h, h.masterToken, 'Notif Other', reseller);
  resellerToken = await loginOfNewUser(h, h.masterToken, { id: reseller, name: 'Notif Reseller' }, 'nboss');
  clientToken = await loginOfNewUser(h, h.masterToken, { id: client, name: 'Notif Client' }, 'nclient');
}, 60_000);

afterAll(async () => h?.close());

test('the system default applies until someone up the tree writes one; the nearest wins', async () => {
  const def = await h.call('GET', path(client), { token: clientToken });
  expect(def.status).toBe(200);
  expect(def.body.data).toMatchObject({ id: 'low_balance', subject: 'Account {{account.name}} is low on credit', to: { type: 'admins' }, threshold: 5 });
  expect(def.body.data.macros).toHaveProperty('current_balance');
  await h.call('POST', path(reseller), { token: resellerToken, data: { subject: 'R: [balance]' } });
  expect((await h.call('GET', path(client), { token: clientToken })).body.data.subject).toBe('R: [balance]');
  expect((await h.call('GET', path(other), { token: resellerToken })).body.data.subject).toBe('R: [balance]');
  await h.call('POST', path(client), { token: clientToken, data: { subject: 'C: [balance]' } });
  expect((await h.call('GET', path(client), { token: clientToken })).body.data).toMatchObject({ subject: 'C: [balance]', account_overridden: true });
  expect((await h.call('GET', path(other), { token: resellerToken })).body.data.subject).toBe('R: [balance]');
  const list = await h.call('GET', `/v2/accounts/${client}/notifications`, { token: clientToken });
  expect(list.body.data).toEqual([expect.objectContaining({ id: 'low_balance', account_overridden: true })]);
});

test('checks: fields, recipients, threshold bounds; unknown notifications 404; a client cannot touch its reseller or siblings', async () => {
  const bad = await h.call('POST', path(client), { token: clientToken, data: { subject: '', from: 'nope', to: { type: 'specified' } } });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.data).sort()).toEqual(['from', 'subject', 'to.email_addresses']);
  expect((await h.call('POST', path(client), { token: resellerToken, data: { threshold: 9.99 } })).status).toBe(400);
  expect((await h.call('POST', path(client), { token: resellerToken, data: { threshold: 500 } })).body.data.threshold).toBe(500);
  expect((await h.call('GET', `/v2/accounts/${client}/notifications/voicemail_to_email`, { token: clientToken })).status).toBe(404);
  expect((await h.call('POST', path(reseller), { token: clientToken, data: { subject: 'x' } })).status).toBe(403);
  expect((await h.call('GET', path(other), { token: clientToken })).status).toBe(403);
  expect((await h.call('DELETE', path(other), { token: resellerToken })).status).toBe(404);
});

test('preview renders the body given over the template that applies', async () => {
  const res = await h.call('POST', path(client, '/preview?sample=true'), { token: clientToken, data: { plain: 'Hi [firstname] [lastname]: [balance] / [threshold]', html: '<i>[firstname]</i>' } });
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({ text: 'Hi Jane Doe: $4.25 / $10.00', html: '<i>Jane</i>', subject: 'C: $4.25' });
});
