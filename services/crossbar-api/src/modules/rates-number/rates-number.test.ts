// rates/number over HTTP, with the rating side played by a stub on the real broker (the real
// rating service answers in test/seeds/001_fc3743dcef37417f.test.ts).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bootstrapMaster, createAccount, createUser } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { type Bus, createAmqpBus, type KazooMessage, RATE_NUMBER_ROUTING_KEY } from '@tollgate/kazoo-bus';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { jsonOf, type Loose, randomHex } from '@tollgate/testing';
import type { CrossbarDeps } from '../../core/types';
import { type CrossbarService, startCrossbar } from '../../service';
import { userAuthModule } from '../user-auth';
import { ratesNumberModule } from '.';

const run = promisify(execFile);
const vhost = `tollgate-ratesnum-${randomHex(4)}`;
const amqpUrl = (() => {
  const u = new URL(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  u.pathname = `/${vhost}`;
  return u.toString();
})();

const SEED_RATE = {
  'Base-Cost': 0.1,
  'E164-Number': '+15035551234',
  Prefix: '1503',
  Rate: 0.1,
  'Rate-Description': 'BRONZE',
  'Rate-Increment': 60,
  'Rate-Minimum': '60',
  'Rate-Name': '1503',
  'Ratedeck-ID': 'ratedeck',
  Surcharge: 0,
};
const EXPLAIN = { ratedeck: { id: 'ratedeck', reason: 'default' }, candidates: [{ id: 'XX-1', dropped_by: 'routes' }] };

let server: EmbeddedCouchDB;
let config: SystemConfig;
let crossbarBus: Bus;
let ratingBus: Bus;
let crossbar: CrossbarService;
let masterToken: string;
let resellerToken: string;
let resellerId: string;
let otherId: string;
const seen: KazooMessage[] = [];

async function call(path: string, token?: string): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${crossbar.url}${path}`, { headers: token ? { 'X-Auth-Token': token } : {} });
  return { status: res.status, body: await jsonOf(res) };
}

async function login(username: string, password: string, accountName: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const credentials = createHash('md5').update(`${username}:${password}`).digest('hex');
  const res = await fetch(`${crossbar.url}/v2/user_auth`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { credentials, account_name: accountName } }),
  });
  const body = await jsonOf(res);
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.auth_token;
}

/** Plays the rating service: answers by the number asked for. */
function answer(req: KazooMessage): KazooMessage | undefined {
  const base = { ...ratingBus.envelope(), 'App-Name': 'hotornot', 'App-Version': '4.0.0', 'Event-Category': 'rate', 'Event-Name': 'number_resp' };
  const explain = req.Explain === true ? { Explain: EXPLAIN } : {};
  switch (req.Number) {
    case '15035551234':
      return { ...base, Outcome: 'rated', 'E164-Number': '+15035551234', Rate: { ...SEED_RATE, ...(req.Duration !== undefined ? { Cost: 0.2 } : {}) }, ...explain };
    case '123':
      return { ...base, Outcome: 'unrateable', 'E164-Number': '123' };
    case '442079460000':
      return { ...base, Outcome: 'no_rate', 'E164-Number': '+442079460000', Reason: 'no rate matches', ...explain };
    default:
      return undefined; // silence: the rating service is not there
  }
}

beforeAll(async () => {
  await run('rabbitmqctl', ['add_vhost', vhost]);
  await run('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  const couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  config = new SystemConfig({ couch, node: 'tollgate@rates-number-test' });
  await config.start();
  crossbarBus = createAmqpBus({ url: amqpUrl, appName: 'crossbar', appVersion: '4.3.0' });
  ratingBus = createAmqpBus({ url: amqpUrl, appName: 'hotornot', appVersion: '4.0.0' });
  await ratingBus.consume({ queue: 'rating-stub', bindings: [{ exchange: 'callmgr', routingKey: RATE_NUMBER_ROUTING_KEY }] }, async (req) => {
    seen.push(req);
    const resp = answer(req);
    if (resp) await ratingBus.reply(req, resp);
  });
  const deps: CrossbarDeps = { couch, bus: crossbarBus, config, node: 'tollgate@rates-number-test' };
  const master = { accountName: 'Rates Master', username: 'admin', password: 'master-pass' };
  await bootstrapMaster(deps, master);
  const reseller = await createAccount(deps, { data: { name: 'Reseller Inc' } });
  const other = await createAccount(deps, { data: { name: 'Other Co' } });
  resellerId = reseller._id;
  otherId = other._id;
  await createUser(deps, resellerId, { username: 'boss', password: 'reseller-pass', first_name: 'R', last_name: 'Boss', priv_level: 'admin' });
  crossbar = await startCrossbar({ deps, port: 0, host: '127.0.0.1', modules: [userAuthModule, ratesNumberModule] });
  masterToken = await login(master.username, master.password, master.accountName);
  resellerToken = await login('boss', 'reseller-pass', 'Reseller Inc');
}, 60_000);

afterAll(async () => {
  await crossbar?.stop();
  await crossbarBus?.close();
  await ratingBus?.close();
  await config?.stop();
  const couch = new Couch(server.url);
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server?.close();
  await run('rabbitmqctl', ['delete_vhost', vhost]).catch(() => undefined);
});

const last = () => seen[seen.length - 1];

test("GET /v2/rates/number/{N} answers with the seed's fields and asks rating over the bus", async () => {
  const res = await call('/v2/rates/number/15035551234?ratedeck_id=bulk', resellerToken);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'success', data: SEED_RATE });
  expect(res.body.data).toEqual(SEED_RATE);
  expect(last()).toMatchObject({ Number: '15035551234', 'Ratedeck-ID': 'bulk', 'Event-Category': 'rate', 'Event-Name': 'number_req' });
  expect(last()['Account-ID']).toBeUndefined();
});

test('the account form rates for that account, for callers who may reach it', async () => {
  const own = await call(`/v2/accounts/${resellerId}/rates/number/15035551234?direction=outbound&caller_id_number=%2B14155550000`, resellerToken);
  expect(own.status).toBe(200);
  expect(last()).toMatchObject({ 'Account-ID': resellerId, Direction: 'outbound', 'From-DID': '+14155550000' });
  expect((await call(`/v2/accounts/${resellerId}/rates/number/15035551234`, masterToken)).status).toBe(200);
  const foreign = await call(`/v2/accounts/${otherId}/rates/number/15035551234`, resellerToken);
  expect(foreign.status).toBe(403);
  expect((await call(`/v2/accounts/${'0'.repeat(32)}/rates/number/15035551234`, masterToken)).status).toBe(404);
  expect((await call('/v2/rates/number/15035551234')).status).toBe(401);
});

test("an un-rateable number gets Kazoo's 400", async () => {
  const res = await call('/v2/rates/number/123', masterToken);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    status: 'error',
    error: '400',
    message: 'validation error',
    data: { 'number format': { error: { message: 'Number is un-rateable' } } },
  });
});

test("no matching rate gets Kazoo's 500 'No rate found for this number'", async () => {
  const res = await call('/v2/rates/number/442079460000', masterToken);
  expect(res.status).toBe(500);
  expect(res.body).toMatchObject({ status: 'error', error: '500', message: 'No rate found for this number', data: { message: 'No rate found for this number' } });
});

test('?explain=true adds how the answer came about, also to a 500', async () => {
  const ok = await call('/v2/rates/number/15035551234?explain=true', masterToken);
  expect(ok.body.data).toEqual({ ...SEED_RATE, Explain: EXPLAIN });
  expect(last().Explain).toBe(true);
  const none = await call('/v2/rates/number/442079460000?explain=true', masterToken);
  expect(none.status).toBe(500);
  expect(none.body.data).toEqual({ message: 'No rate found for this number', Explain: EXPLAIN });
});

test('?duration=<s> is passed on and its Cost returned; bad values get a 400 naming the field', async () => {
  const res = await call('/v2/rates/number/15035551234?duration=90', masterToken);
  expect(res.body.data.Cost).toBe(0.2);
  expect(last().Duration).toBe(90);
  const bad = await call('/v2/rates/number/15035551234?duration=1.5', masterToken);
  expect(bad.status).toBe(400);
  expect(bad.body.data).toEqual({ duration: { type: { message: 'duration must be a whole number of seconds >= 0, got "1.5"', value: '1.5' } } });
  const dir = await call('/v2/rates/number/15035551234?direction=sideways', masterToken);
  expect(dir.status).toBe(400);
  expect(Object.keys(dir.body.data)).toEqual(['direction']);
});

test('when no rating service answers within 3 s, Kazoo’s 500 again', async () => {
  const res = await call('/v2/rates/number/19995550000', masterToken);
  expect(res.status).toBe(500);
  expect(res.body.message).toBe('No rate found for this number');
}, 10_000);
