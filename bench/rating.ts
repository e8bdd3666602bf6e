// bench/rating: the rating service on a 1,000,000-prefix synthetic deck.
//  - memory: RSS and heap per prefix of the deck index, all rate data included;
//  - in-process lookup latency (p50/p99): the index alone, and the whole rater (normalise, deck
//    choice, filters, sort);
//  - AMQP rate_req round trips per second at 1 and 64 in flight through the real rating handler,
//    beside a bare amqplib echo RPC on the same broker in the same run that does per request what
//    the rating service does on the wire: consume (prefetch 50, ack), parse, reply through the
//    `targeted` direct exchange, broadcast on callmgr — so the ratio is our own overhead.
// The client runs in a worker thread so that it does not share an event loop with the servers.
// Run: pnpm --filter @tollgate/bench rating   (needs RabbitMQ and rabbitmqctl; AMQP_URL honoured)
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { SystemConfig } from '@tollgate/config';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { type Bus, createAmqpBus, type KazooMessage, RATE_REQ_ROUTING_KEY, rateReq } from '@tollgate/kazoo-bus';
import { buildFilters, DeckIndex, loadHotornotSettings, Rater, rateReqHandler, rateReqMetrics, selectRate } from '@tollgate/rating';
import { Metrics } from '@tollgate/service-kit';
import { type Channel, connect } from 'amqplib';
import { COUNTRIES, rng, syntheticDeck } from './synthetic-deck';

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const run = promisify(execFile);


function sampleNumbers(count: number, seed: number): string[] {
  const rand = rng(seed);
  const perCountry = Math.ceil(PREFIXES / COUNTRIES.length);
  const width = String(perCountry - 1).length;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const [cc] = COUNTRIES[Math.floor(rand() * COUNTRIES.length)];
    const j = Math.floor(rand() * perCountry);
    let n = `${cc}${String(j).padStart(width, '0')}`;
    while (n.length < 12) n += String(Math.floor(rand() * 10));
    out.push(`+${n}`);
  }
  return out;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// --- the client (worker thread) ---------------------------------------------------------------

interface ClientJob {
  url: string;
  routingKey: string;
  numbers: string[];
  total: number;
  inFlight: number;
}

async function runClient(job: ClientJob): Promise<{ perSecond: number; p50: number; p99: number }> {
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
  let t0 = 0;
  const send = () => {
    const msgId = randomBytes(8).toString('hex');
    const req = {
      'Event-Category': 'rate',
      'Event-Name': 'req',
      'App-Name': 'ecallmgr',
      'App-Version': '4.3.0',
      Node: 'ecallmgr@bench',
      'Msg-ID': msgId,
      'Server-ID': queue,
      'Call-ID': `call-${sent}@bench`,
      'To-DID': job.numbers[sent % job.numbers.length],
      Direction: 'outbound',
      'Send-Empty': true,
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
        const reply = JSON.parse(m.content.toString()) as { 'Msg-ID': string };
        const at = started.get(reply['Msg-ID']);
        if (at === undefined) return;
        started.delete(reply['Msg-ID']);
        latencies[done++] = performance.now() - at;
        if (done === job.total) resolve();
        else if (sent < job.total) send();
      },
      { noAck: true },
    );
  });
  t0 = performance.now();
  for (let i = 0; i < job.inFlight && sent < job.total; i++) send();
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await conn.close();
  latencies.sort();
  return { perSecond: job.total / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

if (!isMainThread) {
  runClient(workerData as ClientJob).then(
    (r) => parentPort?.postMessage(r),
    (err) => {
      throw err;
    },
  );
}

function clientRun(job: ClientJob): Promise<{ perSecond: number; p50: number; p99: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: job });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

// --- the echo baseline --------------------------------------------------------------------------

/** What the rating service does on the wire per request, with nothing in between. */
async function startEcho(url: string, cannedResp: Record<string, unknown>): Promise<() => Promise<void>> {
  const conn = await connect(url, { noDelay: true });
  const pub: Channel = await conn.createChannel();
  const ch = await conn.createChannel();
  await pub.assertExchange('targeted', 'direct', { durable: false, autoDelete: false });
  await pub.assertExchange('callmgr', 'topic', { durable: false, autoDelete: false });
  await ch.assertQueue('echo_listener', { durable: false, autoDelete: true });
  await ch.bindQueue('echo_listener', 'callmgr', 'echo.req');
  await ch.prefetch(50);
  await ch.consume('echo_listener', (m) => {
    if (!m) return;
    const req = JSON.parse(m.content.toString()) as Record<string, string>;
    const body = Buffer.from(JSON.stringify({ ...cannedResp, 'Msg-ID': req['Msg-ID'], 'Call-ID': req['Call-ID'] }));
    pub.publish('targeted', req['Server-ID'], body, { contentType: 'application/json' });
    pub.publish('callmgr', 'rate.resp.broadcast', body, { contentType: 'application/json' });
    ch.ack(m);
  });
  return async () => {
    await conn.close();
  };
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  console.log(`bench/rating: ${PREFIXES.toLocaleString('en')} prefixes, node ${process.version}`);

  // Memory: the index built doc by doc, as _all_docs pages and _changes feed it.
  gc();
  const before = process.memoryUsage();
  const buildStart = performance.now();
  const index = new DeckIndex('ratedeck', PREFIXES);
  for (const doc of syntheticDeck(PREFIXES)) index.upsert(doc);
  const buildMs = performance.now() - buildStart;
  gc();
  const after = process.memoryUsage();
  const rssPerPrefix = (after.rss - before.rss) / index.prefixCount;
  const heapPerPrefix = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / index.prefixCount;
  console.log(`index: ${index.size.toLocaleString('en')} rates, ${index.prefixCount.toLocaleString('en')} prefixes, built in ${(buildMs / 1000).toFixed(1)} s (${Math.round(index.size / (buildMs / 1000)).toLocaleString('en')} docs/s)`);
  console.log(`memory: RSS +${mb(after.rss - before.rss)} = ${rssPerPrefix.toFixed(0)} B/prefix; heap+arrayBuffers +${mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers)} = ${heapPerPrefix.toFixed(0)} B/prefix (goal <= 200 B)`);

  // Settings as the service reads them (system_config on an embedded server).
  const couchServer = await startEmbeddedCouchDB({ port: 0 });
  const couch = new Couch(couchServer.url);
  const config = new SystemConfig({ couch, node: 'bench@rating', db: `system_config_bench_${randomBytes(3).toString('hex')}` });
  await config.start();
  const settings = await loadHotornotSettings(config);
  const rater = new Rater({ settings: () => settings, decks: { current: () => index, indexFor: async () => index }, services: () => undefined });

  // In-process lookups.
  const numbers = sampleNumbers(200_000, 7);
  const lookup = new Float64Array(numbers.length);
  const whole = new Float64Array(numbers.length);
  let hits = 0;
  let rated = 0;
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < numbers.length; i++) {
      const e164 = numbers[i];
      const t = performance.now();
      const filters = buildFilters(settings.filterList, { e164, direction: 'outbound', routeOptions: [] }, {});
      const found = index.find(e164.slice(1), (rates) => selectRate(rates, filters, true).rate);
      lookup[i] = (performance.now() - t) * 1000;
      if (round === 1 && found) hits++;
    }
    for (let i = 0; i < numbers.length; i++) {
      const t = performance.now();
      const outcome = await rater.rate({ toDid: numbers[i], direction: 'outbound' });
      whole[i] = (performance.now() - t) * 1000;
      if (round === 1 && outcome.kind === 'rated') rated++;
    }
  }
  lookup.sort();
  whole.sort();
  console.log(`lookup (index + filters + sort): p50 ${percentile(lookup, 0.5).toFixed(2)} µs, p99 ${percentile(lookup, 0.99).toFixed(2)} µs (goal p99 < 50 µs; ${hits} of ${numbers.length} rated)`);
  console.log(`rater.rate (normalise, deck, filters, sort, await): p50 ${percentile(whole, 0.5).toFixed(2)} µs, p99 ${percentile(whole, 0.99).toFixed(2)} µs (${rated} rated)`);

  // The cost of the Prometheus counters on the hot path, without the broker's noise: the rate_req
  // handler driven in-process (a bus that sends nothing) with and without metrics, alternating.
  const handlerCost = await metricsOverhead(rater, settings, numbers.slice(0, 20_000));
  console.log(
    `rate_req handler in-process: ${handlerCost.plainUs.toFixed(2)} µs without metrics, ${handlerCost.countedUs.toFixed(2)} µs with (+${(handlerCost.countedUs - handlerCost.plainUs).toFixed(3)} µs per rate_req; medians of ${handlerCost.rounds} alternating rounds of 20,000)`,
  );

  // AMQP: a vhost of our own so no other rating instance shares hotornot_listener.
  const vhost = `tollgate-bench-${randomBytes(3).toString('hex')}`;
  await run('rabbitmqctl', ['add_vhost', vhost]);
  await run('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  const u = new URL(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  u.pathname = `/${vhost}`;
  const url = u.toString();
  try {
    const bus = createAmqpBus({ url, appName: 'tollgate', appVersion: '4.3.0', node: 'bench@rating' });
    await bus.consume(
      { queue: 'hotornot_listener', bindings: [{ exchange: 'callmgr', routingKey: RATE_REQ_ROUTING_KEY }] },
      rateReqHandler({ bus, rater, settings: () => settings, showRate: () => false, discount: async () => undefined }),
    );
    // The same handler counting into a Prometheus registry (as the service runs it), on a routing key
    // of its own: the ratio with and without metrics is measured in the same run.
    const metrics = new Metrics();
    await bus.consume(
      { queue: 'hotornot_metrics_listener', bindings: [{ exchange: 'callmgr', routingKey: 'rate.req.metrics' }] },
      rateReqHandler({ bus, rater, settings: () => settings, showRate: () => false, discount: async () => undefined, metrics: rateReqMetrics(metrics) }),
    );
    // The echo replies with a rate_resp of the same size as the rating service's.
    const canned = {
      'App-Name': 'hotornot',
      'App-Version': '4.0.0',
      'Event-Category': 'rate',
      'Event-Name': 'resp',
      Node: 'bench@rating',
      'Server-ID': bus.serverId,
      Rate: '125',
      'Rate-Increment': 60,
      'Rate-Minimum': '60',
      Surcharge: '0',
      Prefix: 44123456,
      'Rate-Name': 'AB_44123456',
      'Rate-Description': 'Country AB Mobile',
      'Base-Cost': '125',
      'Pvt-Cost': '100',
      'Rate-NoCharge-Time': 0,
      'Update-Callee-ID': false,
      'Ratedeck-ID': 'ratedeck',
    };
    const stopEcho = await startEcho(url, canned);
    const clientNumbers = numbers.slice(0, 20_000);
    const results: Record<string, { perSecond: number; p50: number; p99: number }[]> = {};
    const plan: [string, string, number, number][] = [];
    // BENCH_REPS rounds (default 3); with and without metrics swap places every round, so neither
    // always runs second.
    for (let rep = 0; rep < Number(process.env.BENCH_REPS ?? 3); rep++) {
      for (const n of [1, 64] as const) {
        const total = n === 1 ? 3000 : 30_000;
        const pair: [string, string, number, number][] = [
          [`rating@${n}`, 'rate.req', n, total],
          [`metrics@${n}`, 'rate.req.metrics', n, total],
        ];
        plan.push([`echo@${n}`, 'echo.req', n, total], ...(rep % 2 === 0 ? pair : pair.reverse()));
      }
    }
    await clientRun({ url, routingKey: 'rate.req', numbers: clientNumbers, total: 5000, inFlight: 64 }); // warm-up
    await clientRun({ url, routingKey: 'echo.req', numbers: clientNumbers, total: 5000, inFlight: 64 });
    await clientRun({ url, routingKey: 'rate.req.metrics', numbers: clientNumbers, total: 5000, inFlight: 64 });
    for (const [name, routingKey, inFlight, total] of plan) {
      const r = await clientRun({ url, routingKey, numbers: clientNumbers, total, inFlight });
      results[name] = [...(results[name] ?? []), r];
    }
    const median = (name: string) => {
      const list = [...results[name]].sort((a, b) => a.perSecond - b.perSecond);
      return list[Math.floor(list.length / 2)];
    };
    for (const n of [1, 64]) {
      const e = median(`echo@${n}`);
      const r = median(`rating@${n}`);
      console.log(
        `AMQP ${String(n).padStart(2)} in flight: rating ${Math.round(r.perSecond).toLocaleString('en')} rt/s (p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms), ` +
          `echo ${Math.round(e.perSecond).toLocaleString('en')} rt/s (p50 ${e.p50.toFixed(2)} ms, p99 ${e.p99.toFixed(2)} ms), ratio ${(r.perSecond / e.perSecond).toFixed(2)}` +
          (n === 64 ? ' (goal >= 0.80)' : ''),
      );
      const m = median(`metrics@${n}`);
      console.log(
        `AMQP ${String(n).padStart(2)} in flight, with metrics: rating ${Math.round(m.perSecond).toLocaleString('en')} rt/s (p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms), ratio ${(m.perSecond / e.perSecond).toFixed(2)}; ` +
          `drop ${((r.perSecond - m.perSecond) / e.perSecond).toFixed(3)} (goal <= 0.02)`,
      );
    }
    // A request costs the server 1/(rt/s) seconds of its loop; the metrics add their in-process cost to it.
    const r64 = median('rating@64');
    const e64 = median('echo@64');
    const bound = (r64.perSecond / e64.perSecond) * (1 - 1 / (1 + (handlerCost.countedUs - handlerCost.plainUs) * 1e-6 * r64.perSecond));
    console.log(`ratio drop implied by the in-process cost at ${Math.round(r64.perSecond).toLocaleString('en')} rt/s: ${bound.toFixed(4)} (goal <= 0.02)`);
    const counted = (await metrics.scrape()).match(/^tollgate_rating_rate_req_total\{service="rating"\} (\d+)$/m)?.[1];
    console.log(`rate_req counted by the metrics handler: ${counted}`);
    await stopEcho();
    await bus.close();
  } finally {
    await run('rabbitmqctl', ['delete_vhost', vhost]).catch(() => undefined);
    await config.stop();
    await couchServer.close();
  }
  void index.size; // keep the index alive until the end, so RSS above is what it holds
}

async function metricsOverhead(rater: Rater, settings: Awaited<ReturnType<typeof loadHotornotSettings>>, numbers: string[]): Promise<{ plainUs: number; countedUs: number; rounds: number }> {
  const env = { 'App-Name': 'bench', 'App-Version': '4.3.0', Node: 'bench@rating', 'Server-ID': 'bench-reply-queue' };
  const bus = { envelope: () => ({ ...env }), reply: async () => undefined, publish: async () => undefined } as unknown as Bus;
  const deps = { bus, rater, settings: () => settings, showRate: () => false, discount: async () => undefined };
  const plain = rateReqHandler(deps);
  const counted = rateReqHandler({ ...deps, metrics: rateReqMetrics(new Metrics({ processMetrics: false })) });
  const reqs: KazooMessage[] = numbers.map((n, i) => ({ ...rateReq.build({ 'To-DID': n, Direction: 'outbound' }, env), 'Msg-ID': `m${i}` }));
  const run = async (h: typeof plain) => {
    const t = performance.now();
    for (const r of reqs) await h(r, undefined as never);
    return ((performance.now() - t) * 1000) / reqs.length;
  };
  await run(plain);
  await run(counted);
  const a: number[] = [];
  const b: number[] = [];
  const rounds = 10;
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await run(plain));
      b.push(await run(counted));
    } else {
      b.push(await run(counted));
      a.push(await run(plain));
    }
  }
  const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { plainUs: mid(a), countedUs: mid(b), rounds };
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
