// bench/charging-destroy: finished calls charged per second, end to end — CHANNEL_DESTROY events
// published on RabbitMQ (callevt), consumed by the charging service, each priced over the bus by
// the rating service (`rate.number` for the customer and for its reseller), its ledger entries and
// CDR written — until the last ledger doc is in CouchDB; beside, in the same run, the raw baseline:
// the very same documents written with `_bulk_docs` into fresh dbs, grouped as the service groups
// them (one request per db per batch of calls, dbs in parallel). Goal: ≥ 0.5 × raw.
// Calls go to BENCH_CUSTOMERS customers of one reseller, each with its own number and duration
// (so every call is its own pair of rate questions). CouchDB is the embedded server (in memory) in
// a process of its own, as `tollgate start db` runs it; rating and charging run in this one.
// A warm-up of BENCH_WARMUP calls (default 2000) runs first, unmeasured: a running service.
// Run: pnpm --filter @tollgate/bench charging   (needs RabbitMQ and rabbitmqctl; AMQP_URL honoured;
// BENCH_CALLS, default 5000)
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { bootstrapMaster, createAccount, makeReseller } from '@tollgate/accounts';
import { CHANNEL_DESTROY_BATCH, startCharging } from '@tollgate/charging';
import { SystemConfig } from '@tollgate/config';
import { callEventRoutingKey, createAmqpBus } from '@tollgate/kazoo-bus';
import { Couch, type Doc, gregorianNow, modbName } from '@tollgate/kazoo-db';
import { start as startRating } from '@tollgate/rating';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { connect } from 'amqplib';

const run = promisify(execFile);
const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2000);

function destroyEvent(callId: string, customer: string, reseller: string, i: number): Record<string, unknown> {
  const number = `+1503${String(5550000 + (i % 10_000)).padStart(7, '0')}`;
  return {
    'App-Name': 'ecallmgr',
    'App-Version': '4.3.0',
    'Event-Category': 'call_event',
    'Event-Name': 'CHANNEL_DESTROY',
    'Msg-ID': randomBytes(8).toString('hex'),
    Node: 'ecallmgr@fs1',
    'Call-ID': callId,
    'Call-Direction': 'outbound',
    'Billing-Seconds': String(30 + (i % 300)),
    'Duration-Seconds': String(36 + (i % 300)),
    'Hangup-Cause': 'NORMAL_CLEARING',
    Timestamp: gregorianNow(),
    Request: `${number}@sip.example.com`,
    To: `${number}@sip.example.com`,
    From: '+14155550000@sip.example.com',
    'Caller-ID-Number': '+14155550000',
    'Custom-Channel-Vars': {
      'Account-ID': customer,
      'Reseller-ID': reseller,
      'Account-Billing': 'per_minute',
      'Reseller-Billing': 'per_minute',
      Rate: '138',
      'Rate-Increment': '6',
      'Rate-Minimum': '0',
      'Rate-NoCharge-Time': '0',
      Surcharge: '0',
      'Rate-Name': 'US-1503',
    },
  };
}

/** CPU time (ms) a process has used so far, from /proc. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function docCount(couch: Couch, dbs: readonly string[]): Promise<number> {
  let n = 0;
  for (const db of dbs) n += (await couch.info(db).catch(() => ({ doc_count: 0 }))).doc_count;
  return n;
}

/** The measured calls' docs (ledgers and CDRs), per db, as they were written: without _rev. */
async function writtenDocs(couch: Couch, dbs: readonly string[]): Promise<Map<string, Doc[]>> {
  const out = new Map<string, Doc[]>();
  for (const db of dbs) {
    const rows = await couch.allDocs(db, { include_docs: true });
    out.set(
      db,
      rows
        .filter((r) => {
          const doc = r.doc as Doc | undefined;
          const callId = doc?.pvt_type === 'ledger' ? (doc.source as { id?: string }).id : doc?.pvt_type === 'cdr' ? doc.call_id : undefined;
          return typeof callId === 'string' && callId.startsWith('bench-');
        })
        .map((r) => {
          const { _rev, ...doc } = r.doc as Doc;
          return doc;
        }),
    );
  }
  return out;
}

/** The raw baseline: the same docs, batch by batch of calls, one `_bulk_docs` per db per batch, dbs in parallel. */
async function rawBulk(couch: Couch, docs: Map<string, Doc[]>, calls: number): Promise<number> {
  const batches = Math.ceil(calls / CHANNEL_DESTROY_BATCH);
  const targets = new Map<string, string>();
  for (const db of docs.keys()) {
    const raw = `bench_raw_${randomBytes(4).toString('hex')}`;
    await couch.ensureDb(raw);
    targets.set(db, raw);
  }
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) {
    await Promise.all(
      [...docs].map(async ([db, list]) => {
        const per = Math.ceil(list.length / batches);
        const slice = list.slice(b * per, (b + 1) * per);
        if (slice.length > 0) await couch.bulk(targets.get(db) as string, slice, { batchSize: slice.length });
      }),
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const raw of targets.values()) await couch.destroyDb(raw);
  return calls / seconds;
}

/** The embedded CouchDB (in memory) in a child process; its URL once it listens. */
async function startCouchProcess(): Promise<{ url: string; pid: number; close(): Promise<void> }> {
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
  return { url, pid: child.pid as number, close: async () => void child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const server = await startCouchProcess();
  const couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  const config = new SystemConfig({ couch, node: 'bench@charging' });
  await config.start();
  const vhost = `tollgate-bench-${randomBytes(3).toString('hex')}`;
  await run('rabbitmqctl', ['add_vhost', vhost]);
  await run('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  const u = new URL(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  u.pathname = `/${vhost}`;
  const url = u.toString();
  const bus = createAmqpBus({ url, appName: 'tollgate', appVersion: '4.3.0', node: 'bench@charging' });
  const deps = { couch, bus, config, node: 'bench@charging' };
  try {
    // One deck rates everyone (the default): 0.0138 $/min in 6 s increments for +1503.
    await couch.ensureDb('ratedeck');
    await couch.put('ratedeck', { _id: 'XX-1503', pvt_type: 'rate', prefix: 1503, rate_cost: 0.0138, rate_increment: 6, rate_minimum: 0, rate_name: 'US-1503', routes: ['^\\+1503(\\d*)$'] });
    const masterId = (await bootstrapMaster(deps, { accountName: 'Bench Master', username: 'admin', password: randomBytes(6).toString('hex') })).accountId;
    const reseller = String((await createAccount(deps, { parentId: masterId, data: { name: 'Bench Reseller' } }))._id);
    await makeReseller(deps, reseller);
    const customers: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(String((await createAccount(deps, { parentId: reseller, data: { name: `Bench Customer ${i}` } }))._id));
    const rating = await startRating(deps);
    await rating.ready();
    const charging = await startCharging(deps);

    const publisher = await connect(url);
    const ch = await publisher.createChannel();
    const dbs = [...customers, reseller].map((id) => modbName(id, new Date()));
    const resellerDb = modbName(reseller, new Date());
    /** Publishes `calls` destroys and waits for all their docs; calls/s and CPU per side over that time. */
    const chargeRun = async (calls: number, prefix: string) => {
      const expected = (await docCount(couch, dbs)) + calls * 3; // customer ledger, reseller ledger, CDR
      const resellerExpected = (await docCount(couch, [resellerDb])) + calls;
      const t0 = performance.now();
      const cpu0 = { own: ownCpuMs(), couch: cpuMsOf(server.pid) };
      for (let i = 0; i < calls; i++) {
        const callId = `${prefix}-${i}-${randomBytes(4).toString('hex')}`;
        const event = destroyEvent(callId, customers[i % customers.length], reseller, i);
        ch.publish('callevt', callEventRoutingKey('CHANNEL_DESTROY', callId), Buffer.from(JSON.stringify(event)), { contentType: 'application/json' });
      }
      // Watched through the reseller's MODB (one entry per call; GET /{db} costs the embedded server
      // a count and a size, so one db is polled, 4 times a second), then every db once.
      while ((await docCount(couch, [resellerDb])) < resellerExpected) {
        await new Promise((r) => setTimeout(r, 250));
        if (performance.now() - t0 > 600_000) throw new Error('the calls were not all charged after 10 min');
      }
      while ((await docCount(couch, dbs)) < expected) await new Promise((r) => setTimeout(r, 20));
      return { perSecond: calls / ((performance.now() - t0) / 1000), cpu: { own: ownCpuMs() - cpu0.own, couch: cpuMsOf(server.pid) - cpu0.couch } };
    };
    // Warm-up (not measured): the processes' code compiled, the balances and names loaded, as in a running service.
    await chargeRun(WARMUP, 'warmup');
    const charged = await chargeRun(CALLS, 'bench');
    const chargedPerSecond = charged.perSecond;
    const chargedCpu = charged.cpu;
    await charging.stop();
    await rating.stop();
    await ch.close();
    await publisher.close();

    const docs = await writtenDocs(couch, dbs);
    const rawCpu0 = { own: ownCpuMs(), couch: cpuMsOf(server.pid) };
    const rawPerSecond = await rawBulk(couch, docs, CALLS);
    const rawCpu = { own: ownCpuMs() - rawCpu0.own, couch: cpuMsOf(server.pid) - rawCpu0.couch };
    const perCall = (ms: number) => `${(ms / CALLS).toFixed(2)} ms`;
    console.log(`${CALLS} calls of ${CUSTOMERS} customers of one reseller; 3 docs each (2 ledger entries, 1 CDR); batches of at most ${CHANNEL_DESTROY_BATCH}`);
    console.log(
      `charged end to end: ${Math.round(chargedPerSecond).toLocaleString('en')} calls/s (AMQP in, rate.numbers, _bulk_docs out); CPU per call: charging + rating ${perCall(chargedCpu.own)}, CouchDB ${perCall(chargedCpu.couch)}`,
    );
    console.log(`raw _bulk_docs of the same docs: ${Math.round(rawPerSecond).toLocaleString('en')} calls/s; CPU per call: client ${perCall(rawCpu.own)}, CouchDB ${perCall(rawCpu.couch)}`);
    console.log(`ratio ${(chargedPerSecond / rawPerSecond).toFixed(2)} (goal >= 0.50)`);
  } finally {
    await bus.close();
    await run('rabbitmqctl', ['delete_vhost', vhost]).catch(() => undefined);
    await config.stop();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
