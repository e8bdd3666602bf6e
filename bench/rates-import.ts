// bench/rates-import: a 1,000,000-row ratedeck CSV through the tasks service into a fresh deck,
// against plain _bulk_docs (Couch.bulk) of the same documents into a fresh db on the same server, in the
// same run; then the same file again over the full deck (the merge path). Prints rows/s and ratios.
// BENCH_ROWS overrides the row count; BENCH_MEMORY=1 uses the in-memory adapter instead of LevelDB.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemConfig } from '@tollgate/config';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { createLocalBus } from '@tollgate/kazoo-bus';
import { Couch, encodeDbName, gregorianNow } from '@tollgate/kazoo-db';
import { cellsByHeader, parseRateRow } from '@tollgate/ratedecks';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { start } from '@tollgate/tasks-service';
import { createTask, csvRows, requestStart, TaskStore } from '@tollgate/tasks';

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BATCH = 1000;
const MASTER = 'f'.repeat(32);

function line(i: number): string {
  const prefix = 10_000_000 + i;
  const cost = ((i * 7919) % 99_999) / 1_000_000 + 0.001;
  return `${prefix},${cost.toFixed(6).replace(/0+$/, '')},Destination ${i % 5000},${['US', 'GB', 'DE', 'FR'][i % 4]}\n`;
}

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('prefix,rate_cost,description,iso_country_code\n');
  let chunk = '';
  for (let i = 0; i < N; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
}

function rate(secs: number): string {
  return `${Math.round(N / secs).toLocaleString('en-US')} rows/s (${secs.toFixed(1)} s)`;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-bench-'));
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1', ...(process.env.BENCH_MEMORY ? {} : { dataDir: join(dir, 'couchdb') }) });
  const couch = new Couch(server.url);
  const bus = createLocalBus({ appName: 'bench', appVersion: '4.3.0' });
  const config = new SystemConfig({ couch, node: 'bench@localhost' });
  const csv = join(dir, 'rates.csv');
  try {
    await ensureGlobalDbs(couch);
    await config.start();
    await config.setDefault('tasks', 'bulk_batch_size', BATCH);
    const tasks = await start({ couch, bus, config, node: 'bench@localhost' });
    const store = new TaskStore({ couch });
    process.stdout.write(`generating ${N.toLocaleString('en-US')} rows...\n`);
    await writeCsv(csv);

    const runImport = async (deck: string): Promise<{ create: number; run: number; status: string }> => {
      const t0 = performance.now();
      const task = await createTask(
        { couch, bus },
        { accountId: MASTER, category: 'rates', action: 'import', csv: createReadStream(csv), options: { ratedeck_id: deck }, caller: { authAccountId: MASTER, isSuperduperAdmin: true, accountIsReseller: true } },
      );
      const t1 = performance.now();
      await requestStart(bus, task._id);
      for (;;) {
        const doc = await store.get(task._id);
        if (doc && doc.pvt_status !== 'executing') {
          const t2 = performance.now();
          return { create: (t1 - t0) / 1000, run: (t2 - t1) / 1000, status: `${doc.pvt_status} ${doc.pvt_total_rows_succeeded}/${doc.pvt_total_rows}` };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    process.stdout.write('1. tasks service into a fresh deck...\n');
    const fresh = await runImport('bench');

    process.stdout.write('2. plain _bulk_docs of the same documents into a fresh db...\n');
    const rawDb = 'ratedeck/bench-raw';
    await couch.ensureDb(rawDb);
    let header: string[] | undefined;
    let batch: Record<string, unknown>[] = [];
    let rawMs = 0;
    const now = gregorianNow();
    const flush = async () => {
      if (batch.length === 0) return;
      const t = performance.now();
      await couch.bulk(rawDb, batch, { batchSize: batch.length });
      rawMs += performance.now() - t;
      batch = [];
    };
    for await (const row of csvRows(createReadStream(csv))) {
      if (!header) {
        header = row.cells;
        continue;
      }
      const r = parseRateRow(cellsByHeader(header, row.cells));
      if (!r.ok) continue;
      batch.push({ ...r.rate, pvt_account_db: encodeDbName(rawDb), pvt_vsn: '1', pvt_created: now, pvt_modified: now, pvt_kt_rates_modified: now, pvt_task_id: 'raw', pvt_auth_account_id: MASTER });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const raw = rawMs / 1000;

    process.stdout.write('3. the same file again over the full deck (merge path)...\n');
    const merge = await runImport('bench');
    await tasks.stop();

    const ratio = raw / fresh.run;
    process.stdout.write(
      [
        '',
        `rows: ${N.toLocaleString('en-US')}, batch ${BATCH}, embedded CouchDB (${process.env.BENCH_MEMORY ? 'memory' : 'LevelDB'})`,
        `tasks service, fresh deck:  ${rate(fresh.run)}  [${fresh.status}; task creation (upload + checks) ${fresh.create.toFixed(1)} s]`,
        `plain _bulk_docs:           ${rate(raw)}`,
        `ratio tasks / raw:          ${ratio.toFixed(2)} (goal >= 0.70)`,
        `tasks service, merge path:  ${rate(merge.run)}  [${merge.status}; ratio to raw ${(raw / merge.run).toFixed(2)}]`,
        '',
      ].join('\n'),
    );
  } finally {
    await bus.close();
    await config.stop();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
