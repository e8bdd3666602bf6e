// bench/report-cdrs: the reseller's CDR report streamed as CSV (issue 17 item 4) against raw reads
// of the same data in the same run. One client's month of BENCH_CDRS calls (default 30,000) is
// written straight into its MODB. Then:
//  - cold: the first report of the month reads every doc from the db's `_changes` (and saves the
//    report cache as it goes) — against raw: `_changes?include_docs=true` read, 5,000 a page;
//  - warm: later reports read the cache (`_local` chunks of 5,000 calls) — against raw: the same
//    chunks fetched and parsed, nothing made of them; and against the MODB view read with
//    include_docs (how the report read before the cache; BENCH_VIEW=0 skips it: building that view
//    takes ~20 minutes at a million CDRs on the embedded server).
// Each report row is made and written as a CSV line (csvLine, as crossbar's csvStreamReply) into a
// sink that keeps nothing. Raw and ours alternate, twice each, the better run of each counts. It
// prints rows/s, the ratios and the heap while streaming (constant memory).
// Run: pnpm --filter @tollgate/bench report-cdrs   (BENCH_CDRS, default 30000; BENCH_VIEW=0)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch, changesSince, type Doc, deployDesignDocs, getLocalDoc, modbName, type Seq, toGregorian } from '@tollgate/kazoo-db';
import type { StoredCdr } from '@tollgate/calls';
import { callReportColumns, callReportRow, callReportRows, type ReportAccount, reportCallOf } from '@tollgate/reports';
import { csvLine } from '@tollgate/tasks';

const CDRS = Number(process.env.BENCH_CDRS ?? 30_000);
const WITH_VIEW = process.env.BENCH_VIEW !== '0';
const BATCH = 1000;
const START = toGregorian(new Date(Date.UTC(2024, 0, 1)));
const CLIENT = 'c'.repeat(32);
const RESELLER = 'r'.repeat(32);

function cdrDoc(i: number): Doc {
  const ended = START + 60 + Math.floor(i / 4);
  const sell = 100 + (i % 700);
  const cost = 60 + (i % 400);
  return {
    _id: `202401-bench-${i.toString(16).padStart(12, '0')}`,
    pvt_type: 'cdr',
    pvt_created: ended,
    pvt_account_id: CLIENT,
    call_id: `bench-${i}@10.0.0.1`,
    caller_id_number: '+14155550000',
    callee_id_number: '+15035551234',
    duration_seconds: 65 + (i % 300),
    billing_seconds: 60 + (i % 300),
    timestamp: ended,
    hangup_cause: 'NORMAL_CLEARING',
    call_direction: i % 3 === 0 ? 'inbound' : 'outbound',
    to: '+15035551234@example.com',
    from: '+14155550000@example.com',
    from_uri: '+14155550000@example.com',
    request: '+15035551234@example.com',
    custom_channel_vars: { account_id: CLIENT, reseller_id: RESELLER, account_billing: 'per_minute', reseller_billing: 'per_minute', rate: '138', rate_name: 'US-503' },
    pvt_tollgate_billing: { sell, cost, profit: sell - cost, reseller_id: RESELLER, rate_source: 'exact', billed_seconds: 60 + (i % 300) },
  };
}

let peakHeap = 0;
/**
 * The heap in use (garbage included: a forced collection inside the timed loop would cost more than
 * the work measured); `collect` first runs a full collection (node runs with --expose-gc).
 */
const sampleHeap = (collect = false) => {
  if (collect) (globalThis as { gc?: () => void }).gc?.();
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

async function rawViewRead(couch: Couch, db: string): Promise<number> {
  let n = 0;
  let startkey: unknown = [START];
  let skip = 0;
  for (;;) {
    const rows = await couch.view<unknown, unknown, Doc>(db, 'cdrs', 'crossbar_listing', { include_docs: true, limit: BATCH, skip, startkey, endkey: [START + 10_000_000, {}] });
    for (const row of rows) if (row.doc) n++;
    if (rows.length < BATCH) return n;
    startkey = rows[rows.length - 1].key;
    skip = 1;
  }
}

async function rawChangesRead(couch: Couch, db: string): Promise<number> {
  let n = 0;
  let since: Seq = 0;
  for (;;) {
    const page = await changesSince(couch, db, since, { includeDocs: true, limit: 5000 });
    for (const c of page.results) if (c.doc && !c.id.startsWith('_design/')) n++;
    if (page.results.length < 5000) return n;
    since = page.lastSeq;
  }
}

/** The cache's chunks fetched and parsed, the calls counted. */
async function rawChunkRead(couch: Couch, db: string): Promise<number> {
  const index = await getLocalDoc<{ chunks: { id: string }[] }>(couch, db, 'tollgate-report-calls');
  if (!index) throw new Error('no report cache');
  let n = 0;
  for (const ref of index.chunks) n += ((await getLocalDoc<{ calls: unknown[] }>(couch, db, ref.id))?.calls ?? []).length;
  return n;
}

async function ours(couch: Couch, collect = false): Promise<{ rows: number; bytes: number }> {
  const account: ReportAccount = { id: CLIENT, name: 'Bench Client', tree: [RESELLER], clientId: CLIENT, clientName: 'Bench Client' };
  const columns = callReportColumns(true);
  let rows = 0;
  let bytes = csvLine(columns).length;
  const q = { from: START, to: START + 10_000_000, withCost: true, costVisible: () => true };
  for await (const page of callReportRows(couch, [account], q)) {
    for (const row of page) bytes += csvLine(columns.map((c) => String(row[c] ?? ''))).length;
    rows += page.length;
    sampleHeap(collect);
  }
  return { rows, bytes };
}

async function timed<T>(what: () => Promise<T>): Promise<{ value: T; s: number }> {
  const t0 = performance.now();
  const value = await what();
  return { value, s: (performance.now() - t0) / 1000 };
}

const perS = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-bench-report-'));
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1', dataDir });
  const couch = new Couch(server.url);
  const db = modbName(CLIENT, new Date(Date.UTC(2024, 0, 15)));
  try {
    await couch.ensureDb(db);
    await deployDesignDocs(couch, db, 'modb');
    const w = await timed(async () => {
      for (let i = 0; i < CDRS; i += BATCH) await couch.bulk(db, Array.from({ length: Math.min(BATCH, CDRS - i) }, (_, j) => cdrDoc(i + j)));
    });
    console.log(`write ${CDRS} CDRs: ${w.s.toFixed(1)} s`);

    // Cold: raw `_changes` read, then the first report (which saves the cache).
    const rawChanges = await timed(() => rawChangesRead(couch, db));
    if (rawChanges.value !== CDRS) throw new Error(`raw _changes read saw ${rawChanges.value} of ${CDRS}`);
    console.log(`raw _changes read with docs: ${perS(CDRS, rawChanges.s)} docs/s`);
    const cold = await timed(() => ours(couch));
    if (cold.value.rows !== CDRS) throw new Error(`cold report streamed ${cold.value.rows} of ${CDRS}`);
    console.log(`cold report (first of the month, saves the cache): ${perS(CDRS, cold.s)} rows/s — ratio to raw _changes ${(rawChanges.s / cold.s).toFixed(2)}`);

    // Warm: raw chunk reads and cached reports alternate, twice each.
    let rawChunkS = Number.POSITIVE_INFINITY;
    let warmS = Number.POSITIVE_INFINITY;
    let bytes = 0;
    sampleHeap(true);
    const heapBefore = peakHeap;
    for (let round = 1; round <= 2; round++) {
      const raw = await timed(() => rawChunkRead(couch, db));
      if (raw.value !== CDRS) throw new Error(`raw chunk read saw ${raw.value} of ${CDRS}`);
      rawChunkS = Math.min(rawChunkS, raw.s);
      const warm = await timed(() => ours(couch));
      if (warm.value.rows !== CDRS) throw new Error(`warm report streamed ${warm.value.rows} of ${CDRS}`);
      warmS = Math.min(warmS, warm.s);
      bytes = warm.value.bytes;
      console.log(`round ${round}: raw chunk read ${perS(CDRS, raw.s)} calls/s, report CSV ${perS(CDRS, warm.s)} rows/s`);
    }
    console.log(`warm report: ${perS(CDRS, warmS)} rows/s (${(bytes / 1e6).toFixed(1)} MB of CSV) — ratio to the raw chunk read ${(rawChunkS / warmS).toFixed(2)}`);
    console.log(`heap (the embedded server's included): ${(heapBefore / 1e6).toFixed(0)} MB live before, at most ${(peakHeap / 1e6).toFixed(0)} MB in use (garbage included) while streaming`);

    if (WITH_VIEW) {
      const build = await timed(() => couch.view(db, 'cdrs', 'crossbar_listing', { limit: 1 }));
      console.log(`MODB view index built: ${build.s.toFixed(1)} s (untimed below)`);
      const view = await timed(() => rawViewRead(couch, db));
      if (view.value !== CDRS) throw new Error(`raw view read saw ${view.value} of ${CDRS}`);
      console.log(`raw MODB view read with include_docs (how the report read before its cache): ${perS(CDRS, view.s)} docs/s — warm report ratio ${(view.s / warmS).toFixed(2)}`);
    }

    // Untimed: the live heap (a full collection every 2,000 rows) over a whole streamed report.
    peakHeap = 0;
    sampleHeap(true);
    const liveBefore = peakHeap;
    await ours(couch, true);
    console.log(`live heap while streaming (untimed pass, collected after every chunk): ${(liveBefore / 1e6).toFixed(0)} MB before, at most ${(peakHeap / 1e6).toFixed(0)} MB`);
    // The CSV side alone (rows made and written from calls in hand): what the report adds to the read.
    const calls = Array.from({ length: BATCH }, (_, i) => reportCallOf(cdrDoc(i) as unknown as StoredCdr)).filter((c) => c !== undefined);
    const columns = callReportColumns(true);
    const o = { accountId: CLIENT, accountName: 'Bench Client', withCost: true, costVisible: true };
    const fmt = await timed(async () => {
      let n = 0;
      for (let i = 0; i < CDRS; i++) {
        const row = callReportRow(calls[i % calls.length], o);
        n += csvLine(columns.map((c) => String(row[c] ?? ''))).length;
      }
      return n;
    });
    console.log(`CSV rows made and written from calls in hand: ${perS(CDRS, fmt.s)} rows/s`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
