// Issue acceptance, charging a finished call: a CHANNEL_DESTROY published from a plain amqplib
// client, as a switch publishes it, for a 95 s call of a reseller's customer. The customer's deck
// rates the number at $0.0138/min in 6 s increments, the reseller's own deck at $0.0090/min per
// second, both imported through the tasks API and given to the accounts by service plans (seed
// 001's way). The customer is debited the exact charge (96 s → $0.02208 → 221 units), the reseller
// its own cost (95 s → $0.01425 → 143 units) with the customer named, the CDR is at
// `YYYYMM-<call id>`, and current_balance drops by exactly the debit. The same event published
// five more times, and again to a charging process killed (kill -9) after it took the message,
// still gives one debit each.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningCharging, startCharging } from '@tollgate/charging';
import { gregorianNow, modbName } from '@tollgate/kazoo-db';
import { processMetrics } from '@tollgate/service-kit';
import { jsonOf, type Loose, randomHex, waitFor } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { callLedgers } from './support/platform-api';
import { CLI, cliBuilt } from './support/tollgate-up';

let platform: TestPlatform;
let token: string;
let amqp: ChannelModel;
let channel: Channel;
let charging: RunningCharging | undefined;
const accounts = { reseller: '', customer: '' };

const RETAIL = ['"prefix","rate_cost","rate_increment","rate_minimum","rate_name","ratedeck_id"', '"1503","0.0138","6","0","US-1503 RETAIL","retail14"', ''].join('\n');
const WHOLESALE = ['"prefix","rate_cost","rate_increment","rate_minimum","rate_name","ratedeck_id"', '"1503","0.009","1","0","US-1503 WHOLESALE","wholesale14"', ''].join('\n');

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify({ data: body }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function importDeck(csv: string): Promise<void> {
  const put = await api('PUT', '/v2/tasks?category=rates&action=import', csv, { 'Content-Type': 'text/csv' });
  expect(put.status).toBe(201);
  const id = put.body.data._read_only.id;
  expect((await api('PATCH', `/v2/tasks/${id}`)).status).toBe(200);
  const done = await waitFor('the import', async () => {
    const task = (await api('GET', `/v2/tasks/${id}`)).body.data._read_only;
    return task.status === 'executing' || task.status === 'pending' ? undefined : task;
  });
  expect(done).toMatchObject({ status: 'success', success_count: 1 });
}

async function createAccount(parentId: string, name: string): Promise<string> {
  const res = await api('PUT', `/v2/accounts/${parentId}`, { name });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

/** The rate crossbar's rates/number shows for the account, once rating has it. */
async function rateSeen(accountId: string, rate: number): Promise<void> {
  await waitFor(`rate ${rate} for ${accountId}`, async () => {
    const res = await api('GET', `/v2/accounts/${accountId}/rates/number/15035551234`);
    return res.body.data?.Rate === rate ? true : undefined;
  });
}

beforeAll(async () => {
  platform = await startTestPlatform();
  token = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  accounts.reseller = await createAccount(platform.master.accountId, 'Acceptance Reseller');
  expect((await api('PUT', `/v2/accounts/${accounts.reseller}/reseller`)).status).toBeLessThan(300);
  accounts.customer = await createAccount(accounts.reseller, 'Acceptance Customer');
  await importDeck(RETAIL);
  await importDeck(WHOLESALE);
  // The reseller's plan is the master's; the customer's is the reseller's (its plans' vendor).
  expect((await api('PUT', `/v2/accounts/${platform.master.accountId}/service_plans`, { id: 'plan_wholesale14', name: 'Wholesale', plan: { ratedeck: { wholesale14: {} } } })).status).toBe(201);
  expect((await api('PUT', `/v2/accounts/${accounts.reseller}/service_plans`, { id: 'plan_retail14', name: 'Retail', plan: { ratedeck: { retail14: {} } } })).status).toBe(201);
  expect((await api('POST', `/v2/accounts/${accounts.reseller}/service_plans`, { add: ['plan_wholesale14'] })).status).toBe(200);
  expect((await api('POST', `/v2/accounts/${accounts.customer}/service_plans`, { add: ['plan_retail14'] })).status).toBe(200);
  await rateSeen(accounts.customer, 0.0138);
  await rateSeen(accounts.reseller, 0.009);
  amqp = await connect(platform.amqpUrl);
  channel = await amqp.createChannel();
  charging = await startCharging({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-acceptance@localhost' });
}, 180_000);

afterAll(async () => {
  await charging?.stop();
  await channel?.close().catch(() => {});
  await amqp?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

/** A CHANNEL_DESTROY as ecallmgr publishes it (kapi_call event), built by hand. */
function destroyOf(callId: string, rateUnits = '138'): Record<string, unknown> {
  return {
    'App-Name': 'ecallmgr',
    'App-Version': '4.3.0',
    'Event-Category': 'call_event',
    'Event-Name': 'CHANNEL_DESTROY',
    'Msg-ID': randomHex(8),
    Node: 'ecallmgr@fs1.example.com',
    'Call-ID': callId,
    'Call-Direction': 'outbound',
    'Billing-Seconds': '95',
    'Duration-Seconds': '101',
    'Ringing-Seconds': '6',
    'Hangup-Cause': 'NORMAL_CLEARING',
    Timestamp: gregorianNow(),
    Request: '+15035551234@sip.example.com',
    To: '+15035551234@sip.example.com',
    From: '+14155550000@sip.example.com',
    'Caller-ID-Number': '+14155550000',
    'Callee-ID-Number': '+15035551234',
    'Custom-Channel-Vars': {
      'Account-ID': accounts.customer,
      'Reseller-ID': accounts.reseller,
      'Account-Billing': 'per_minute',
      'Reseller-Billing': 'per_minute',
      Rate: rateUnits,
      'Rate-Increment': '6',
      'Rate-Minimum': '0',
      'Rate-NoCharge-Time': '0',
      Surcharge: '0',
      'Rate-Name': 'US-1503 RETAIL',
      'E164-Destination': '+15035551234',
    },
  };
}

/** kz_amqp_util:encode of a call id `<hex>@10.0.0.1`: `@` and `.` are escaped in the routing key. */
function routingKeyOf(hex: string): string {
  return `call.CHANNEL_DESTROY.${hex}%4010%2E0%2E0%2E1`;
}

function publish(hex: string, event: Record<string, unknown>): void {
  channel.publish('callevt', routingKeyOf(hex), Buffer.from(JSON.stringify(event)), { contentType: 'application/json', persistent: true });
}

const yyyymm = () => new Date().toISOString().slice(0, 7).replace('-', '');
const cdr = (callId: string) => platform.couch.get(modbName(accounts.customer, new Date()), `${yyyymm()}-${callId}`);


async function currentBalance(): Promise<number> {
  const res = await api('GET', `/v2/accounts/${accounts.customer}/transactions/current_balance`);
  expect(res.status).toBe(200);
  return res.body.data.balance;
}

/** A later call's CDR proves every delivery before it was handled (one queue, batches in order); it is free. */
async function drained(): Promise<void> {
  const hex = `marker${randomHex(6)}`;
  const callId = `${hex}@10.0.0.1`;
  publish(hex, destroyOf(callId, '0'));
  await waitFor('a later call charged', () => cdr(callId), 60_000);
}

const hexA = `accept${randomHex(8)}`;
const callA = `${hexA}@10.0.0.1`;
/** Call A's event, published again as is (a redelivery, a switch sending it twice). */
let eventA: Record<string, unknown>;
let balanceBefore: number;

test('the finished call: the exact debit for the customer, the cost for the reseller naming the customer, the CDR, current_balance down by the debit', async () => {
  balanceBefore = await currentBalance();
  eventA = destroyOf(callA);
  publish(hexA, eventA);
  const stored = await waitFor('the CDR at YYYYMM-<call id>', () => cdr(callA), 60_000);
  expect(stored).toMatchObject({
    _id: `${yyyymm()}-${callA}`,
    pvt_type: 'cdr',
    call_id: callA,
    billing_seconds: '95',
    e164_destination: '+15035551234',
    custom_channel_vars: { account_id: accounts.customer, reseller_id: accounts.reseller, rate: '138' },
    pvt_tollgate_billing: { sell: 221, cost: 143, profit: 78, reseller_id: accounts.reseller, rate_source: 'exact', cost_source: 'exact' },
  });
  const customer = await callLedgers(platform.couch, accounts.customer, callA);
  expect(customer).toEqual([
    expect.objectContaining({
      _id: expect.stringMatching(new RegExp(`^${yyyymm()}-[0-9a-f]{32}$`)),
      pvt_type: 'ledger',
      pvt_ledger_type: 'debit',
      amount: 221,
      account: { id: accounts.customer, name: 'Acceptance Customer' },
      source: { service: 'per-minute-voip', id: callA },
      usage: { type: 'voice', quantity: 96, unit: 'sec' },
      description: 'US-1503 RETAIL',
    }),
  ]);
  expect(customer[0].metadata.rate).toMatchObject({ per_minute: '0.0138', increment: 6, source: 'exact' });
  const reseller = await callLedgers(platform.couch, accounts.reseller, callA);
  expect(reseller).toEqual([
    expect.objectContaining({
      pvt_ledger_type: 'debit',
      amount: 143,
      account: { id: accounts.customer, name: 'Acceptance Customer' },
      pvt_account_id: accounts.reseller,
      usage: { type: 'voice', quantity: 95, unit: 'sec' },
    }),
  ]);
  expect(reseller[0].metadata.rate).toMatchObject({ per_minute: '0.009', increment: 1, name: 'US-1503 WHOLESALE' });
  expect(await currentBalance()).toBeCloseTo(balanceBefore - 0.0221, 10);
}, 120_000);

test('the same event published five more times gives one debit each', async () => {
  for (let i = 0; i < 5; i++) publish(hexA, eventA);
  await drained();
  expect(await callLedgers(platform.couch, accounts.customer, callA)).toHaveLength(1);
  expect(await callLedgers(platform.couch, accounts.reseller, callA)).toHaveLength(1);
  expect(await currentBalance()).toBeCloseTo(balanceBefore - 0.0221, 10);
  // Its metrics show it (charging runs here without a registry of its own: the process's): the
  // redeliveries counted as duplicates ignored, not as debits.
  const scrape = await processMetrics().scrape();
  const value = (name: string) => Number(scrape.match(new RegExp(`^${name}\\{service="charging"\\} (\\d+)$`, 'm'))?.[1] ?? Number.NaN);
  expect(value('tollgate_charging_duplicates_ignored_total')).toBeGreaterThanOrEqual(5);
  expect(value('tollgate_charging_events_total')).toBeGreaterThanOrEqual(6);
  expect(value('tollgate_charging_debits_total')).toBeGreaterThanOrEqual(2);
}, 120_000);

/**
 * A hop in front of CouchDB for the charging process: the CDR writes (`_bulk_docs` of cdr docs)
 * never reach CouchDB — the process has then taken the message and is writing when it is killed.
 */
async function cdrBlackhole(target: string): Promise<{ url: string; cdrWriteSeen: Promise<void>; close(): Promise<void> }> {
  const t = new URL(target);
  let seen!: () => void;
  const cdrWriteSeen = new Promise<void>((r) => {
    seen = r;
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url?.includes('_bulk_docs') && body.includes('"pvt_type":"cdr"')) {
        seen();
        return; // held: never forwarded, never answered
      }
      const upstream = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString().replace(/\/$/, ''),
    cdrWriteSeen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

(cliBuilt ? test : test.skip)(
  'a charging process killed (kill -9) after taking the messages: the next one charges what it left, once',
  async () => {
    // Only the process under test consumes the queue now.
    await charging?.stop();
    charging = undefined;
    const hole = await cdrBlackhole(platform.couchUrl);
    let child: ChildProcess | undefined;
    try {
      let out = '';
      child = spawn(process.execPath, [CLI, 'start', 'charging'], {
        env: { ...process.env, COUCHDB_URL: hole.url, AMQP_URL: platform.amqpUrl, TOLLGATE_NODE: `charging-killed-${randomHex(3)}@localhost` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (out += d));
      const exited = new Promise<void>((r) => child?.on('exit', () => r()));
      await waitFor('tollgate start charging', async () => {
        if (child?.exitCode !== null) throw new Error(`tollgate start charging exited:\n${out}`);
        return out.includes('charging started') ? true : undefined;
      }, 90_000);

      const hexB = `killed${randomHex(8)}`;
      const callB = `${hexB}@10.0.0.1`;
      publish(hexA, eventA);
      publish(hexB, destroyOf(callB));
      await hole.cdrWriteSeen;
      child.kill('SIGKILL');
      await exited;
      await hole.close();

      // The messages it held go back to the queue; the next charging instance takes them.
      charging = await startCharging({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-after-kill@localhost' });
      await waitFor("call B's CDR", () => cdr(callB), 60_000);
      await drained();
      for (const call of [callA, callB]) {
        expect(await callLedgers(platform.couch, accounts.customer, call)).toEqual([expect.objectContaining({ amount: 221 })]);
        expect(await callLedgers(platform.couch, accounts.reseller, call)).toEqual([expect.objectContaining({ amount: 143 })]);
      }
      expect(await currentBalance()).toBeCloseTo(balanceBefore - 2 * 0.0221, 10);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await hole.close().catch(() => {});
    }
  },
  240_000,
);
