// Authorization across instances, on an in-process bus and a real CouchDB: a call one instance
// authorized counts at another (the announcement), and at one started later (the `active_calls`
// snapshot); its CHANNEL_DESTROY frees it everywhere, and the next snapshot no longer holds it. A request without rate CCVs asks
// rating for the rate of its Max-Call-Seconds.
import { bootstrapMaster, createAccount } from '@tollgate/accounts';
import { ACTIVE_CALLS_DB, balanceManagementFields, type ExactRate, newLimitsDoc } from '@tollgate/calls';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { AUTHZ_EXCHANGE, AUTHZ_REQ_ROUTING_KEY, authzReq, type Bus, CALL_EVENT_EXCHANGE, CHANNEL_DESTROY, callEvent, callEventRoutingKey, createLocalBus, type KazooMessage, LocalBroker } from '@tollgate/kazoo-bus';
import { accountDbName, Couch, gregorianNow } from '@tollgate/kazoo-db';
import { BalanceCache, newTransaction, saveTransaction } from '@tollgate/ledger';
import { NumberManager } from '@tollgate/numbers';
import { DocWriter, ensureGlobalDbs } from '@tollgate/service-kit';
import { type Loose, randomHex, waitFor } from '@tollgate/testing';
import { type RunningAuthz, startAuthz } from '../start-authz';
import type { RateQuery } from './channel-destroy-rates';

let server: EmbeddedCouchDB;
let couch: Couch;
let config: SystemConfig;
let broker: LocalBroker;
let switchBus: Bus;
const buses: Bus[] = [];
const running: RunningAuthz[] = [];
let trunk: string;
let prepaid: string;
let masterId: string;
const asked: RateQuery[] = [];

async function instance(): Promise<RunningAuthz> {
  const bus = createLocalBus({ appName: 'charging', appVersion: '4.3.0', broker });
  buses.push(bus);
  const authz = await startAuthz(
    { couch, bus, config, node: `charging-${buses.length}@test` },
    {
      balances: new BalanceCache({ couch, maxAgeMs: () => 30_000 }),
      rates: async (queries) => {
        asked.push(...queries);
        return queries.map((): ExactRate => ({ costPerMinute: '0.06', surcharge: '0', increment: 1, minimum: 0 }));
      },
    },
  );
  running.push(authz);
  return authz;
}

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  config = new SystemConfig({ couch, node: 'tollgate@authz-test' });
  await config.start();
  broker = new LocalBroker();
  switchBus = createLocalBus({ appName: 'ecallmgr', appVersion: '4.3.0', broker });
  const deps = { couch, config, bus: switchBus };
  masterId = (await bootstrapMaster(deps, { accountName: 'Authz Master', username: 'admin', password: 'pw' })).accountId;
  trunk = String((await createAccount(deps, { parentId: masterId, data: { name: 'Trunks' } }))._id);
  prepaid = String((await createAccount(deps, { parentId: masterId, data: { name: 'Prepaid' } }))._id);
  const writer = new DocWriter({ couch });
  await writer.put(accountDbName(trunk), { ...newLimitsDoc(trunk, gregorianNow()), twoway_trunks: 1, ...balanceManagementFields('hard') });
  await writer.put(accountDbName(prepaid), { ...newLimitsDoc(prepaid, gregorianNow()), twoway_trunks: 0 });
  await saveTransaction(deps, newTransaction({ accountId: prepaid, type: 'credit', amount: 10_000, reason: 'manual_addition', description: 'top up' }));
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.stop();
  for (const b of [...buses, switchBus]) await b?.close();
  await config?.stop();
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server?.close();
});

function authz(accountId: string, callId: string, ccvs: Record<string, unknown> = {}): Promise<KazooMessage> {
  const req = authzReq.build(
    {
      'Call-ID': callId,
      'Call-Direction': 'outbound',
      'Caller-ID-Name': 'Alice',
      'Caller-ID-Number': '+14155550000',
      From: '+14155550000@sip.example.com',
      To: '+15035551234@sip.example.com',
      Request: '+15035551234@sip.example.com',
      'Custom-Channel-Vars': { 'Account-ID': accountId, ...ccvs },
    },
    switchBus.envelope(),
  );
  return switchBus.rpc(AUTHZ_EXCHANGE, AUTHZ_REQ_ROUTING_KEY, req, { timeoutMs: 10_000 });
}

test('a call authorized by one instance holds the trunk at the others, running and started later, until its destroy', async () => {
  const a = await instance();
  const b = await instance();
  const first = `first-${randomHex(4)}`;
  expect(await authz(trunk, first)).toMatchObject({ 'Is-Authorized': 'true', 'Account-Billing': 'flat_rate' });
  // Whichever instance answered, both know the call (the answerer at once, the other by the broadcast).
  await waitFor('the broadcast applied', async () => (a.calls.has(first) && b.calls.has(first) ? true : undefined));
  await a.stop();
  running.splice(running.indexOf(a), 1);
  // A stopping instance writes its snapshot: the next one to start loads the call from it.
  const c = await instance();
  expect(c.calls.has(first)).toBe(true);
  await b.stop();
  running.splice(running.indexOf(b), 1);
  expect(await authz(trunk, `second-${randomHex(4)}`)).toMatchObject({ 'Is-Authorized': 'false' });
  await switchBus.publish(CALL_EVENT_EXCHANGE, callEventRoutingKey(CHANNEL_DESTROY, first), callEvent.build({ 'Event-Name': CHANNEL_DESTROY, 'Call-ID': first }, switchBus.envelope()));
  await waitFor('the destroy applied', async () => (c.calls.has(first) ? undefined : true));
  expect(await authz(trunk, `third-${randomHex(4)}`)).toMatchObject({ 'Is-Authorized': 'true' });
  await c.stop();
  running.splice(running.indexOf(c), 1);
  const snapshots = await couch.allDocs<{ _id: string; calls: { call_id: string }[] }>(ACTIVE_CALLS_DB, { include_docs: true });
  const freshest = snapshots.map((r) => r.doc as Loose).sort((x, y) => y.written_at - x.written_at)[0];
  expect(freshest.calls.map((x: { call_id: string }) => x.call_id)).not.toContain(first);
}, 60_000);

test('without rate CCVs the rate is asked of rating; Max-Call-Seconds and the rate CCVs come back', async () => {
  if (running.length === 0) await instance();
  const resp = await authz(prepaid, `rated-${randomHex(4)}`);
  // $1.00 at $0.06/min per second: 1,000 s.
  expect(resp).toMatchObject({ 'Is-Authorized': 'true', 'Account-Billing': 'per_minute', 'Max-Call-Seconds': 1000, 'Custom-Channel-Vars': { Rate: '600', 'Rate-Increment': '1' } });
  expect(asked).toEqual([expect.objectContaining({ accountId: prepaid, number: '+15035551234', direction: 'outbound' })]);
  // A second call sees the first running: at least its minute ahead (600 units) is taken off.
  expect((await authz(prepaid, `rated2-${randomHex(4)}`))['Max-Call-Seconds']).toBeLessThanOrEqual(940);
}, 60_000);

test('a limits doc written (and announced) is read again: a refused call is then authorized', async () => {
  if (running.length === 0) await instance();
  const refusedFor = String((await createAccount({ couch, config, bus: switchBus }, { parentId: prepaid, data: { name: 'No trunks' } }))._id);
  const writer = new DocWriter({ couch, bus: switchBus, config });
  const db = accountDbName(refusedFor);
  await writer.put(db, { ...newLimitsDoc(refusedFor, gregorianNow()), twoway_trunks: 0, ...balanceManagementFields('hard') });
  expect(await authz(refusedFor, `before-${randomHex(4)}`)).toMatchObject({ 'Is-Authorized': 'false' });
  const current = await couch.get(db, 'limits');
  await writer.put(db, { ...current, twoway_trunks: 5 });
  const after = await waitFor('the new limits read', async () => {
    const r = await authz(refusedFor, `after-${randomHex(4)}`);
    return r['Is-Authorized'] === 'true' ? r : undefined;
  });
  expect(after).toMatchObject({ 'Account-Billing': 'flat_rate' });
}, 60_000);

/** An authz_req as a carrier's call arrives: inbound to one of our numbers, no account named. */
function inbound(number: string, callId: string): Promise<KazooMessage> {
  const req = authzReq.build(
    {
      'Call-ID': callId,
      'Call-Direction': 'inbound',
      'Caller-ID-Name': 'Bob',
      'Caller-ID-Number': '+14155550000',
      From: '+14155550000@carrier.example.com',
      To: `${number}@sip.example.com`,
      Request: `${number}@sip.example.com`,
      'Custom-Channel-Vars': {},
    },
    switchBus.envelope(),
  );
  return switchBus.rpc(AUTHZ_EXCHANGE, AUTHZ_REQ_ROUTING_KEY, req, { timeoutMs: 10_000 });
}

test('a call from a carrier names no account: it is for the account its number rings in, held to its limits (j5_authz_req)', async () => {
  if (running.length === 0) await instance();
  const deps = { couch, config, bus: switchBus };
  const receiver = String((await createAccount(deps, { parentId: masterId, data: { name: 'Receiver' } }))._id);
  const closed = String((await createAccount(deps, { parentId: masterId, data: { name: 'Closed' } }))._id);
  const writer = new DocWriter({ couch, bus: switchBus, config });
  await writer.put(accountDbName(receiver), { ...newLimitsDoc(receiver, gregorianNow()), inbound_trunks: 1, twoway_trunks: 0, ...balanceManagementFields('hard') });
  await couch.update(accountDbName(closed), closed, (doc) => ({ ...(doc ?? {}), pvt_enabled: false }));
  const nm = new NumberManager({ couch, bus: switchBus, config });
  const admin = { accountId: masterId, isAdmin: true };
  const carrierNumber = '+15035550101';
  const localNumber = '+15035550102';
  await nm.create(carrierNumber, { actor: admin, assignTo: receiver, state: 'in_service', moduleName: 'knm_test' });
  await nm.create(localNumber, { actor: admin, assignTo: receiver, state: 'in_service', moduleName: 'knm_local' });
  await nm.create('+15035550103', { actor: admin, assignTo: closed, state: 'in_service', moduleName: 'knm_test' });

  // A carrier's number: the account's inbound trunk takes the first call, the second finds it busy.
  const first = await inbound(carrierNumber, `in-1-${randomHex(4)}`);
  expect(first).toMatchObject({ 'Is-Authorized': 'true', 'Account-ID': receiver, 'Account-Billing': 'flat_rate', 'Call-Direction': 'inbound' });
  expect(await inbound('5035550101', `in-2-${randomHex(4)}`)).toMatchObject({ 'Is-Authorized': 'false', 'Account-ID': receiver });
  // A knm_local number is let through without limits (ecallmgr authz_local_resources false, Kazoo's default)…
  expect(await inbound(localNumber, `in-3-${randomHex(4)}`)).toMatchObject({ 'Is-Authorized': 'true', 'Account-ID': receiver, 'Account-Billing': 'limits_disabled' });
  // …and held to them when it is true.
  await config.setDefault('ecallmgr', 'authz_local_resources', true);
  await waitFor('authz_local_resources applied', async () => ((await inbound(localNumber, `in-4-${randomHex(4)}`))['Is-Authorized'] === 'false' ? true : undefined));
  // A number of a disabled account: refused, as disabled.
  expect(await inbound('+15035550103', `in-5-${randomHex(4)}`)).toMatchObject({ 'Is-Authorized': 'false', 'Account-ID': closed, 'Account-Billing': 'disabled' });
  await config.setDefault('ecallmgr', 'authz_local_resources', false);
}, 60_000);
