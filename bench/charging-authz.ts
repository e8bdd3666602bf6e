// bench/charging-authz: authz_req round trips per second at 64 in flight through the charging
// service (limits, balances and running calls of the account and its reseller, the decision, the
// reply on `targeted`, the broadcast on callmgr, the running call written behind to CouchDB),
// beside a bare amqplib echo on the same broker in the same run that does per request what the
// service does on the wire: consume (prefetch, ack), parse, reply on `targeted`, broadcast on
// callmgr `authz.authorize.broadcast` — so the ratio is Tollgate's own overhead. Goal ≥ 0.8.
// BENCH_ACCOUNTS customers (default 20) of the master: half per-minute prepaid (the request carries
// the rate CCVs, so Max-Call-Seconds is computed), half on 100 two-way trunks. Call ids cycle
// through a pool of BENCH_POOL (default 1280, ~64 running calls per account): a call id authorized
// again replaces its running call, so the table holds a steady platform's calls. The client runs
// in a worker thread; CouchDB is the embedded server in a process of its own (authorization reads
// it once per account, then caches; the running calls are written behind).
// Run: pnpm --filter @tollgate/bench charging-authz   (needs RabbitMQ and rabbitmqctl; AMQP_URL honoured)
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { bootstrapMaster, createAccount } from '@tollgate/accounts';
import { start as startChargingService } from '@tollgate/charging';
import { SystemConfig } from '@tollgate/config';
import { createAmqpBus } from '@tollgate/kazoo-bus';
import { accountDbName, Couch, gregorianNow } from '@tollgate/kazoo-db';
import { newTransaction, saveTransaction } from '@tollgate/ledger';
import { DocWriter, ensureGlobalDbs } from '@tollgate/service-kit';
import { type Channel, connect } from 'amqplib';

const run = promisify(execFile);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 20);
const POOL = Number(process.env.BENCH_POOL ?? 1280);
const PER_RUN = Number(process.env.BENCH_REQUESTS ?? 10_000);
const REPS = Number(process.env.BENCH_REPS ?? 5);

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

// --- the client (worker thread) ---------------------------------------------------------------

interface ClientJob {
  url: string;
  routingKey: string;
  accounts: string[];
  total: number;
  inFlight: number;
}

interface ClientResult {
  perSecond: number;
  p50: number;
  p99: number;
  authorized: number;
}

async function runClient(job: ClientJob): Promise<ClientResult> {
  const conn = await connect(job.url, { noDelay: true });
  const ch = await conn.createChannel();
  await ch.assertExchange('targeted', 'direct', { durable: false, autoDelete: false });
  await ch.assertExchange('callmgr', 'topic', { durable: false, autoDelete: false });
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(queue, 'targeted', queue);
  const started = new Map<string, number>();
  const latencies = new Float64Array(job.total);
  let sent = 0;
  let done = 0;
  let authorized = 0;
  const send = () => {
    const msgId = randomBytes(8).toString('hex');
    const account = job.accounts[sent % job.accounts.length];
    const req = {
      'Event-Category': 'authz',
      'Event-Name': 'authz_req',
      'App-Name': 'ecallmgr',
      'App-Version': '4.3.0',
      Node: 'ecallmgr@bench',
      'Msg-ID': msgId,
      'Server-ID': queue,
      'Call-ID': `call-${sent % POOL}@bench`,
      'Call-Direction': 'outbound',
      'Caller-ID-Name': 'Bench',
      'Caller-ID-Number': '+14155550000',
      From: '+14155550000@bench',
      To: `+1503555${String(sent % 10_000).padStart(4, '0')}@bench`,
      Request: `+1503555${String(sent % 10_000).padStart(4, '0')}@bench`,
      'Custom-Channel-Vars': { 'Account-ID': account, Rate: '138', 'Rate-Increment': '6', 'Rate-Minimum': '0', 'Rate-NoCharge-Time': '0', Surcharge: '0' },
    };
    started.set(msgId, performance.now());
    sent++;
    ch.publish('callmgr', job.routingKey, Buffer.from(JSON.stringify(req)), { contentType: 'application/json' });
  };
  const finished = new Promise<void>((resolve) => {
    void ch.consume(
      queue,
      (m) => {
        if (!m) return;
        const reply = JSON.parse(m.content.toString()) as { 'Msg-ID': string; 'Is-Authorized'?: string };
        const at = started.get(reply['Msg-ID']);
        if (at === undefined) return;
        started.delete(reply['Msg-ID']);
        if (reply['Is-Authorized'] === 'true') authorized++;
        latencies[done++] = performance.now() - at;
        if (done === job.total) resolve();
        else if (sent < job.total) send();
      },
      { noAck: true },
    );
  });
  const t0 = performance.now();
  for (let i = 0; i < job.inFlight && sent < job.total; i++) send();
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await conn.close();
  latencies.sort();
  return { perSecond: job.total / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), authorized };
}

if (!isMainThread) {
  runClient(workerData as ClientJob).then(
    (r) => parentPort?.postMessage(r),
    (err) => {
      throw err;
    },
  );
}

function clientRun(job: ClientJob): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: job });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

// --- the echo baseline --------------------------------------------------------------------------

/** What the service does on the wire per request (consume, parse, reply, broadcast), nothing else. */
async function startEcho(url: string, canned: Record<string, unknown>): Promise<() => Promise<void>> {
  const conn = await connect(url, { noDelay: true });
  const pub: Channel = await conn.createChannel();
  const ch = await conn.createChannel();
  await ch.assertQueue('echo_listener', { durable: false, autoDelete: true });
  await ch.bindQueue('echo_listener', 'callmgr', 'echo.authorize');
  await ch.prefetch(200);
  await ch.consume('echo_listener', (m) => {
    if (!m) return;
    const req = JSON.parse(m.content.toString()) as Record<string, string>;
    const body = Buffer.from(JSON.stringify({ ...canned, 'Msg-ID': req['Msg-ID'], 'Call-ID': req['Call-ID'] }));
    pub.publish('targeted', req['Server-ID'], body, { contentType: 'application/json' });
    pub.publish('callmgr', 'authz.authorize.broadcast', body, { contentType: 'application/json' });
    ch.ack(m);
  });
  return async () => {
    await conn.close();
  };
}

/** The embedded CouchDB in a process of its own, as `tollgate start db` runs it. */
async function startCouchProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', "require('@tollgate/embedded-couchdb').startEmbeddedCouchDB({ port: 0 }).then((s) => { console.log(s.url); process.on('SIGTERM', () => s.close().then(() => process.exit(0))); })"], {
    cwd: __dirname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('http'));
      if (line) resolve(line.trim());
    });
    child.on('exit', (code) => reject(new Error(`the CouchDB process exited (${code})`)));
  });
  return { url, close: async () => void child.kill('SIGTERM') };
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`bench/charging-authz: ${ACCOUNTS} accounts, ${POOL} call ids, node ${process.version}`);
  const couchServer = await startCouchProcess();
  const couch = new Couch(couchServer.url);
  await ensureGlobalDbs(couch);
  const config = new SystemConfig({ couch, node: 'bench@charging-authz' });
  await config.start();
  const vhost = `tollgate-bench-${randomBytes(3).toString('hex')}`;
  await run('rabbitmqctl', ['add_vhost', vhost]);
  await run('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  const u = new URL(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  u.pathname = `/${vhost}`;
  const url = u.toString();
  try {
    const bus = createAmqpBus({ url, appName: 'tollgate', appVersion: '4.3.0', node: 'bench@charging-authz' });
    const deps = { couch, config, bus };
    const masterId = (await bootstrapMaster(deps, { accountName: 'Bench Master', username: 'admin', password: randomBytes(6).toString('hex') })).accountId;
    const writer = new DocWriter({ couch });
    const accounts: string[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const id = String((await createAccount(deps, { parentId: masterId, data: { name: `Bench ${i}` } }))._id);
      const limits = i % 2 === 0 ? { twoway_trunks: 0 } : { twoway_trunks: 100 };
      await writer.put(accountDbName(id), { _id: 'limits', pvt_type: 'limits', pvt_account_id: id, pvt_created: gregorianNow(), ...limits });
      // $1,000 each: no per-minute account runs dry during the bench.
      if (i % 2 === 0) await saveTransaction(deps, newTransaction({ accountId: id, type: 'credit', amount: 10_000_000, reason: 'manual_addition' }));
      accounts.push(id);
    }
    const charging = await startChargingService({ couch, bus, config, node: 'bench@charging-authz' });
    const canned = {
      'App-Name': 'jonny5',
      'App-Version': '4.3.0',
      'Event-Category': 'authz',
      'Event-Name': 'authz_resp',
      Node: 'bench@charging-authz',
      'Server-ID': bus.serverId,
      'Is-Authorized': 'true',
      'Account-ID': accounts[0],
      'Account-Billing': 'per_minute',
      'Reseller-ID': masterId,
      'Reseller-Billing': 'flat_rate',
      'Call-Direction': 'outbound',
      'Soft-Limit': 'false',
      'Max-Call-Seconds': 43476,
      'Custom-Channel-Vars': { 'Account-Trunk-Usage': '0/0/0/0/0/0', 'Reseller-Trunk-Usage': '0/0/-1/0/0/0', To: '+15035551234', Rate: '138', 'Rate-Increment': '6', 'Rate-Minimum': '0', 'Rate-NoCharge-Time': '0', Surcharge: '0', 'Discount-Percentage': '0' },
    };
    const stopEcho = await startEcho(url, canned);
    const job = (routingKey: string, total: number, inFlight: number): ClientJob => ({ url, routingKey, accounts, total, inFlight });
    // Warm-up: every account's limits and balance loaded, the call pool running.
    const warm = await clientRun(job('authz.authorize', 5000, 64));
    if (warm.authorized !== 5000) throw new Error(`warm-up: only ${warm.authorized} of 5000 authorized`);
    await clientRun(job('echo.authorize', 5000, 64));
    // Echo and service runs alternate, so a busy neighbour on the machine weighs on both alike;
    // the ratio is taken per pair, and the median pair reported. CPU is this process's (service or
    // echo; the client is in its worker thread, which process.cpuUsage also counts, alike for both).
    const pairs: { echo: ClientResult & { cpuUs: number }; authz: ClientResult & { cpuUs: number }; ratio: number }[] = [];
    const measured = async (routingKey: string) => {
      const cpu = process.cpuUsage();
      const r = await clientRun(job(routingKey, PER_RUN, 64));
      const used = process.cpuUsage(cpu);
      return { ...r, cpuUs: (used.user + used.system) / PER_RUN };
    };
    for (let rep = 0; rep < REPS; rep++) {
      const echo = await measured('echo.authorize');
      const authz = await measured('authz.authorize');
      pairs.push({ echo, authz, ratio: authz.perSecond / echo.perSecond });
    }
    pairs.sort((x, y) => x.ratio - y.ratio);
    const mid = pairs[Math.floor(pairs.length / 2)];
    const fmt = (r: ClientResult & { cpuUs: number }) => `${Math.round(r.perSecond).toLocaleString('en')} rt/s (p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${Math.round(r.cpuUs)} µs CPU/request)`;
    console.log(`pairs (authz/echo rt/s): ${pairs.map((p) => `${Math.round(p.authz.perSecond)}/${Math.round(p.echo.perSecond)}=${p.ratio.toFixed(2)}`).join(', ')}`);
    console.log(`AMQP 64 in flight, median pair: authz_req ${fmt(mid.authz)}, echo ${fmt(mid.echo)}, ratio ${mid.ratio.toFixed(2)} (goal >= 0.80)`);
    await stopEcho();
    await charging.stop();
    await bus.close();
  } finally {
    await run('rabbitmqctl', ['delete_vhost', vhost]).catch(() => undefined);
    await config.stop();
    await couchServer.close();
  }
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
