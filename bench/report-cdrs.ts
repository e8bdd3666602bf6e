// bench/report-cdrs: the reseller's CDR report streamed as CSV (issue 17 item 4) against a raw read
// of the same docs. One client's month of BENCH_CDRS calls (default 30,000) is written straight
// into its MODB; the view index is built once (untimed); then
// Raw and ours run twice each, alternating; the better run of each counts.
//  - raw: the MODB view `cdrs/crossbar_listing` read with include_docs, 1,000 rows a page
//    (kazoo-db's Couch, no paging logic beyond startkey/skip), the docs counted — the cheapest way to have every doc in hand;
//  - ours: @tollgate/reports callReportRows (the calls module's MODB paging, 1,000 CDRs a page)
//    each row made and written as a CSV line (csvLine, as crossbar's csvStreamReply writes it)
//    into a sink that keeps nothing.
// It prints rows/s, the ratio ours/raw and the largest heap seen while streaming (constant
// memory: the heap does not grow with the number of rows).
// Run: pnpm --filter @tollgate/bench report-cdrs   (BENCH_CDRS, default 30000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch, type Doc, deployDesignDocs, modbName, toGregorian } from '@tollgate/kazoo-db';
import type { StoredCdr } from '@tollgate/calls';
import { callReportColumns, callReportRow, callReportRows, type ReportAccount } from '@tollgate/reports';
import { csvLine } from '@tollgate/tasks';

const CDRS = Number(process.env.BENCH_CDRS ?? 30_000);
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

async function rawRead(couch: Couch, db: string, includeDocs = true): Promise<number> {
  let n = 0;
  let startkey: unknown = [START];
  let skip = 0;
  for (;;) {
    const rows = await couch.view<unknown, unknown, Doc>(db, 'cdrs', 'crossbar_listing', { include_docs: includeDocs, limit: BATCH, skip, startkey, endkey: [START + 10_000_000, {}] });
    for (const row of rows) if (row.doc || !includeDocs) n++;
    if (rows.length < BATCH) return n;
    startkey = rows[rows.length - 1].key;
    skip = 1;
  }
}

async function ours(couch: Couch, collect = false): Promise<{ rows: number; bytes: number }> {
  const account: ReportAccount = { id: CLIENT, name: 'Bench Client', tree: [RESELLER], clientId: CLIENT, clientName: 'Bench Client' };
  const columns = callReportColumns(true);
  let rows = 0;
  let bytes = csvLine(columns).length;
  const q = { from: START, to: START + 10_000_000, withCost: true, costVisible: () => true };
  for await (const row of callReportRows(couch, [account], q)) {
    bytes += csvLine(columns.map((c) => String(row[c] ?? ''))).length;
    rows++;
    if (rows % 2000 === 0) sampleHeap(collect);
  }
  return { rows, bytes };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-bench-report-'));
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1', dataDir });
  const couch = new Couch(server.url);
  const db = modbName(CLIENT, new Date(Date.UTC(2024, 0, 15)));
  try {
    await couch.ensureDb(db);
    await deployDesignDocs(couch, db, 'modb');
    let t0 = performance.now();
    for (let i = 0; i < CDRS; i += BATCH) await couch.bulk(db, Array.from({ length: Math.min(BATCH, CDRS - i) }, (_, j) => cdrDoc(i + j)));
    console.log(`write ${CDRS} CDRs: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    await couch.view(db, 'cdrs', 'crossbar_listing', { limit: 1 });
    console.log(`view index built: ${((performance.now() - t0) / 1000).toFixed(1)} s (untimed below)`);

    // Raw and ours alternate, twice each, and the better run of each counts: the machine is shared.
    let rawS = Number.POSITIVE_INFINITY;
    let oursS = Number.POSITIVE_INFINITY;
    let bytes = 0;
    sampleHeap(true);
    const heapBefore = peakHeap;
    for (let round = 1; round <= 2; round++) {
      t0 = performance.now();
      const rawRows = await rawRead(couch, db);
      const r = (performance.now() - t0) / 1000;
      if (rawRows !== CDRS) throw new Error(`raw read saw ${rawRows} of ${CDRS}`);
      console.log(`round ${round} raw view read with include_docs: ${rawRows} docs in ${r.toFixed(1)} s = ${Math.round(rawRows / r)} docs/s`);
      rawS = Math.min(rawS, r);
      t0 = performance.now();
      const got = await ours(couch);
      const o = (performance.now() - t0) / 1000;
      if (got.rows !== CDRS) throw new Error(`report streamed ${got.rows} of ${CDRS}`);
      console.log(`round ${round} report CSV streamed: ${got.rows} rows (${(got.bytes / 1e6).toFixed(1)} MB) in ${o.toFixed(1)} s = ${Math.round(got.rows / o)} rows/s`);
      oursS = Math.min(oursS, o);
      bytes = got.bytes;
    }
    t0 = performance.now();
    const keysOnly = await rawRead(couch, db, false);
    const keysS = (performance.now() - t0) / 1000;
    console.log(`the same view without include_docs (keys and values only): ${keysOnly} rows in ${keysS.toFixed(1)} s = ${Math.round(keysOnly / keysS)} rows/s`);
    console.log(`best: raw ${Math.round(CDRS / rawS)} docs/s, report ${Math.round(CDRS / oursS)} rows/s (${(bytes / 1e6).toFixed(1)} MB of CSV)`);
    console.log(`heap (the embedded server's included): ${(heapBefore / 1e6).toFixed(0)} MB live before, at most ${(peakHeap / 1e6).toFixed(0)} MB in use (garbage included) while reading and streaming`);
    // Untimed: the live heap (a full collection every 2,000 rows) over a whole streamed report.
    peakHeap = 0;
    sampleHeap(true);
    const liveBefore = peakHeap;
    await ours(couch, true);
    console.log(`live heap while streaming (untimed pass, collected every 2,000 rows): ${(liveBefore / 1e6).toFixed(0)} MB before, at most ${(peakHeap / 1e6).toFixed(0)} MB`);
    console.log(`ratio report/raw (rows/s): ${(rawS / oursS).toFixed(2)}`);
    // The CSV side alone (rows made and written from docs in hand): what the report adds to the read.
    const docs = Array.from({ length: BATCH }, (_, i) => cdrDoc(i) as unknown as StoredCdr);
    const columns = callReportColumns(true);
    const o = { accountId: CLIENT, accountName: 'Bench Client', withCost: true, costVisible: true };
    t0 = performance.now();
    let fmtBytes = 0;
    for (let i = 0; i < CDRS; i++) {
      const row = callReportRow(docs[i % BATCH], o);
      fmtBytes += csvLine(columns.map((c) => String(row[c] ?? ''))).length;
    }
    const fmtS = (performance.now() - t0) / 1000;
    console.log(`CSV rows made and written from docs in hand: ${CDRS} rows (${(fmtBytes / 1e6).toFixed(1)} MB) in ${fmtS.toFixed(2)} s = ${Math.round(CDRS / fmtS)} rows/s`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
