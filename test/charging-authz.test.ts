// Issue acceptance, authorizing calls: authz_req and balance_check_req published from a plain
// amqplib client, as ecallmgr publishes them, answered by the charging service on `targeted` under
// the client's Server-ID. A prepaid account with balance is authorized (per_minute, with Tollgate's
// Max-Call-Seconds); at zero with balance_management hard it is refused; with soft it gets
// Soft-Limit true (ecallmgr lets it through); with twoway_trunks 1 the second concurrent call is
// refused and allowed again after the first's CHANNEL_DESTROY; a credit recorded over REST
// (PUT /ledgers/credit) is seen by the next authorization; balance_check_req answers per account;
// an invalid message does not hold the next one. Limits docs are written in the account db, and
// once through crossbar's POST /limits.
import { balanceManagementFields, newLimitsDoc } from '@tollgate/calls';
import { start as startChargingService } from '@tollgate/charging';
import { accountDbName, gregorianNow } from '@tollgate/kazoo-db';
import type { RunningService } from '@tollgate/service-kit';
import { DocWriter } from '@tollgate/service-kit';
import { jsonOf, type Loose, randomHex, waitFor } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let token: string;
let amqp: ChannelModel;
let channel: Channel;
let replyQueue: string;
let charging: RunningService | undefined;
const waiting = new Map<string, (msg: Loose) => void>();
/** The Msg-ID of every answer received. */
const answered = new Set<string>();
const accounts = { paid: '', hard: '', soft: '', trunk: '' };

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify({ data: body }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function createAccount(name: string): Promise<string> {
  const res = await api('PUT', `/v2/accounts/${platform.master.accountId}`, { name });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

/** The limits doc written in the account db, announced as every Tollgate write is. */
async function setLimits(accountId: string, fields: Record<string, unknown>): Promise<void> {
  const writer = new DocWriter({ couch: platform.couch, bus: platform.bus, config: platform.config });
  await writer.put(accountDbName(accountId), { ...newLimitsDoc(accountId, gregorianNow()), ...fields });
}

async function credit(accountId: string, dollars: number): Promise<void> {
  const res = await api('PUT', `/v2/accounts/${accountId}/ledgers/credit`, {
    amount: dollars,
    description: 'card payment',
    source: { service: 'payments', id: `pay-${randomHex(6)}` },
    usage: { type: 'credit', quantity: 0, unit: 'dollars' },
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  token = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  accounts.paid = await createAccount('Authz Prepaid');
  accounts.hard = await createAccount('Authz Hard');
  accounts.soft = await createAccount('Authz Soft');
  accounts.trunk = await createAccount('Authz Trunk');
  // Per-minute accounts have no trunks (Kazoo's default twoway_trunks -1 would carry US calls flat rate).
  await setLimits(accounts.paid, { twoway_trunks: 0, ...balanceManagementFields('hard') });
  await setLimits(accounts.hard, { twoway_trunks: 0, ...balanceManagementFields('hard') });
  await setLimits(accounts.soft, { twoway_trunks: 0, ...balanceManagementFields('soft') });
  await setLimits(accounts.trunk, { twoway_trunks: 1, ...balanceManagementFields('hard') });
  await credit(accounts.paid, 10);
  charging = await startChargingService({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-authz@localhost' });
  amqp = await connect(platform.amqpUrl);
  channel = await amqp.createChannel();
  await channel.assertExchange('targeted', 'direct', { durable: false, autoDelete: false });
  await channel.assertExchange('callmgr', 'topic', { durable: false, autoDelete: false });
  replyQueue = (await channel.assertQueue('', { exclusive: true, autoDelete: true })).queue;
  await channel.bindQueue(replyQueue, 'targeted', replyQueue);
  await channel.consume(
    replyQueue,
    (m) => {
      if (!m) return;
      const msg = JSON.parse(m.content.toString()) as Loose;
      answered.add(msg['Msg-ID']);
      waiting.get(msg['Msg-ID'])?.(msg);
    },
    { noAck: true },
  );
}, 180_000);

afterAll(async () => {
  await charging?.stop();
  await channel?.close().catch(() => {});
  await amqp?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

function publishReq(routingKey: string, msg: Record<string, unknown>, msgId: string): void {
  const body = { 'App-Name': 'ecallmgr', 'App-Version': '4.3.0', Node: 'ecallmgr@fs1.example.com', 'Server-ID': replyQueue, 'Msg-ID': msgId, ...msg };
  channel.publish('callmgr', routingKey, Buffer.from(JSON.stringify(body)), { contentType: 'application/json' });
}

/** Publishes on callmgr and waits for the answer with this Msg-ID. */
function ask(routingKey: string, msg: Record<string, unknown>): Promise<Loose> {
  const msgId = randomHex(16);
  const answer = new Promise<Loose>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${routingKey} ${msgId}`)), 30_000);
    waiting.set(msgId, (m) => {
      clearTimeout(timer);
      waiting.delete(msgId);
      resolve(m);
    });
  });
  publishReq(routingKey, msg, msgId);
  return answer;
}

/** An authz_req as ecallmgr_fs_authz builds it, the rate CCVs of $0.0138/min in 6 s increments. */
function authz(accountId: string, callId = `${randomHex(8)}@10.0.0.1`): Promise<Loose> {
  return ask('authz.authorize', {
    'Event-Category': 'authz',
    'Event-Name': 'authz_req',
    'Call-ID': callId,
    'Call-Direction': 'outbound',
    'Caller-ID-Name': 'Alice',
    'Caller-ID-Number': '+14155550000',
    From: '+14155550000@sip.example.com',
    To: '+15035551234@sip.example.com',
    Request: '+15035551234@sip.example.com',
    'Custom-Channel-Vars': { 'Account-ID': accountId, Rate: '138', 'Rate-Increment': '6', 'Rate-Minimum': '0', 'Rate-NoCharge-Time': '0', Surcharge: '0' },
  });
}

function destroy(callId: string): void {
  const event = {
    'App-Name': 'ecallmgr',
    'App-Version': '4.3.0',
    'Event-Category': 'call_event',
    'Event-Name': 'CHANNEL_DESTROY',
    'Msg-ID': randomHex(8),
    Node: 'ecallmgr@fs1.example.com',
    'Call-ID': callId,
    'Call-Direction': 'outbound',
    'Billing-Seconds': '0',
    Timestamp: gregorianNow(),
    'Custom-Channel-Vars': { 'Account-ID': accounts.trunk, 'Account-Billing': 'flat_rate' },
  };
  const key = `call.CHANNEL_DESTROY.${callId.replace(/@/g, '%40').replace(/\./g, '%2E')}`;
  channel.publish('callevt', key, Buffer.from(JSON.stringify(event)), { contentType: 'application/json' });
}

test('a prepaid account with balance is authorized per minute, with the seconds its balance affords', async () => {
  const callId = `paid${randomHex(6)}@10.0.0.1`;
  const resp = await authz(accounts.paid, callId);
  expect(resp).toMatchObject({
    'Event-Category': 'authz',
    'Event-Name': 'authz_resp',
    'Call-ID': callId,
    'Is-Authorized': 'true',
    'Soft-Limit': 'false',
    'Account-ID': accounts.paid,
    'Account-Billing': 'per_minute',
    'Reseller-ID': platform.master.accountId,
    'Call-Direction': 'outbound',
    'Custom-Channel-Vars': { 'Account-Trunk-Usage': '0/0/0/0/0/0', To: '+15035551234' },
  });
  // $10 at $0.0138/min in 6 s steps: 100,000 units / 13.8 per 6 s = 7,246 steps → 43,476 s.
  expect(resp['Max-Call-Seconds']).toBe(43_476);
}, 60_000);

test('balance_check_req answers per account', async () => {
  const resp = await ask('authz.balance_check', { 'Event-Category': 'authz', 'Event-Name': 'balance_check_req', Accounts: [accounts.paid, accounts.hard] });
  expect(resp).toMatchObject({ 'Event-Name': 'balance_check_resp', Balances: { [accounts.paid]: true, [accounts.hard]: false } });
}, 60_000);

test('at zero balance, hard balance management refuses; soft answers Soft-Limit true', async () => {
  const hard = await authz(accounts.hard);
  expect(hard).toMatchObject({ 'Is-Authorized': 'false', 'Soft-Limit': 'false', 'Account-ID': accounts.hard });
  expect(hard['Max-Call-Seconds']).toBeUndefined();
  const soft = await authz(accounts.soft);
  expect(soft).toMatchObject({ 'Is-Authorized': 'false', 'Soft-Limit': 'true', 'Account-Billing': 'per_minute' });
  expect(soft['Max-Call-Seconds']).toBeUndefined();
}, 60_000);

test('a credit recorded over REST is seen by the next authorizations', async () => {
  await credit(accounts.hard, 1);
  const resp = await waitFor('the credit seen', async () => {
    const r = await authz(accounts.hard);
    return r['Is-Authorized'] === 'true' ? r : undefined;
  });
  expect(resp).toMatchObject({ 'Account-Billing': 'per_minute' });
}, 60_000);

test('twoway_trunks 1: the second concurrent call is refused, and allowed again after the first’s CHANNEL_DESTROY', async () => {
  const first = `trunk1${randomHex(6)}@10.0.0.1`;
  expect(await authz(accounts.trunk, first)).toMatchObject({ 'Is-Authorized': 'true', 'Account-Billing': 'flat_rate' });
  expect(await authz(accounts.trunk)).toMatchObject({ 'Is-Authorized': 'false' });
  destroy(first);
  const third = await waitFor('the trunk free again', async () => {
    const r = await authz(accounts.trunk);
    return r['Is-Authorized'] === 'true' ? r : undefined;
  });
  expect(third).toMatchObject({ 'Account-Billing': 'flat_rate' });
}, 60_000);

test('an invalid message is dropped and the next valid one answered', async () => {
  // Not JSON, then an authz_req missing its To and Request: neither holds the queue.
  channel.publish('callmgr', 'authz.authorize', Buffer.from('{not json'), { contentType: 'application/json' });
  const badId = randomHex(16);
  publishReq('authz.authorize', { 'Event-Category': 'authz', 'Event-Name': 'authz_req', 'Call-ID': 'x', 'Custom-Channel-Vars': { 'Account-ID': accounts.paid } }, badId);
  const good = await authz(accounts.paid);
  expect(good['Is-Authorized']).toBe('true');
  // The invalid request went before the valid one, which was answered; it was not.
  expect(answered.has(badId)).toBe(false);
}, 60_000);

test('limits written through POST /v2/accounts/{id}/limits are followed: soft, then hard', async () => {
  const id = await createAccount('Authz REST limits');
  const soft = await api('POST', `/v2/accounts/${id}/limits`, { twoway_trunks: 0, balance_management: 'soft' });
  expect(soft.status).toBe(200);
  expect(await authz(id)).toMatchObject({ 'Is-Authorized': 'false', 'Soft-Limit': 'true' });
  expect((await api('POST', `/v2/accounts/${id}/limits`, { twoway_trunks: 0, balance_management: 'hard' })).status).toBe(200);
  await waitFor('the hard limit applied', async () => ((await authz(id))['Soft-Limit'] === 'false' ? true : undefined));
}, 60_000);

test("an account without pstn_access (or whose call_restriction denies the number's classification) is refused; granting it lets the call through", async () => {
  const id = await createAccount('Authz No PSTN');
  await setLimits(id, { twoway_trunks: 0, ...balanceManagementFields('hard') });
  await credit(id, 10);
  const denied = await api('PATCH', `/v2/accounts/${id}/properties`, { pstn_access: { value: false } });
  expect(denied.status).toBe(200);
  const refused = await waitFor('pstn_access false applied', async () => {
    const r = await authz(id);
    return r['Is-Authorized'] === 'false' ? r : undefined;
  });
  expect(refused).toMatchObject({ 'Soft-Limit': 'false', 'Custom-Channel-Vars': { 'Call-Restriction': 'did_us' } });
  expect((await api('PATCH', `/v2/accounts/${id}/properties`, { pstn_access: { value: true } })).status).toBe(200);
  await waitFor('pstn_access true applied', async () => ((await authz(id))['Is-Authorized'] === 'true' ? true : undefined));
  // Kazoo's own call_restriction on the account doc is enforced as well
  expect((await api('PATCH', `/v2/accounts/${id}`, { call_restriction: { did_us: { action: 'deny' } } })).status).toBe(200);
  await waitFor('call_restriction applied', async () => ((await authz(id))['Custom-Channel-Vars']?.['Call-Restriction'] === 'did_us' ? true : undefined));
}, 60_000);
