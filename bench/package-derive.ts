// bench/package-derive: a package's derived deck built from a large base deck (@tollgate/packages'
// DerivedDeckFollower: the base deck's _changes from the start, each rate priced and written through
// RateWriter) against importing the same deck through the tasks service, in the same run on the
// same server. Prints both times and derive/import (goal: at most 2). BENCH_ROWS (default 100,000)
// sets the size; BENCH_MEMORY=1 uses the in-memory adapter instead of LevelDB.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemConfig } from '@tollgate/config';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { createLocalBus } from '@tollgate/kazoo-bus';
import { Couch } from '@tollgate/kazoo-db';
import { DerivedDeckFollower, pricingOf } from '@tollgate/packages';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { createTask, requestStart, TaskStore } from '@tollgate/tasks';
import { start } from '@tollgate/tasks-service';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const BATCH = 1000;
const MASTER = 'f'.repeat(32);
const RESELLER = 'e'.repeat(32);

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

const perSecond = (secs: number) => `${Math.round(N / secs).toLocaleString('en-US')} rates/s (${secs.toFixed(1)} s)`;

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

    process.stdout.write('1. import through the tasks service into a fresh deck (the base deck)...\n');
    const task = await createTask(
      { couch, bus },
      { accountId: MASTER, category: 'rates', action: 'import', csv: createReadStream(csv), options: { ratedeck_id: 'base' }, caller: { authAccountId: MASTER, isSuperduperAdmin: true, accountIsReseller: true } },
    );
    const t0 = performance.now();
    await requestStart(bus, task._id);
    let status = '';
    for (;;) {
      const doc = await store.get(task._id);
      if (doc && doc.pvt_status !== 'executing') {
        status = `${doc.pvt_status} ${doc.pvt_total_rows_succeeded}/${doc.pvt_total_rows}`;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const importS = (performance.now() - t0) / 1000;
    await tasks.stop();

    process.stdout.write('2. the package deck derived from it (fixed 0.0025 + 20 %, 6 s pulse, an override, free zones)...\n');
    const pricing = pricingOf({ markup: { fixed: 0.0025, percentage: 20 }, pulse: 6, overrides: [{ prefix: '1000', rate_cost: 0.02 }], free_zones: [{ iso_country_code: 'FR' }, { max_rate_cost: 0.0015 }] });
    const follower = new DerivedDeckFollower({ couch }, { id: 'pkg-bench', resellerId: RESELLER, planId: 'bench', baseDeckId: 'base', pricing, fingerprint: 'bench' }, Number(process.env.BENCH_DERIVE_BATCH ?? 5000));
    const t1 = performance.now();
    await follower.start();
    await follower.caughtUp();
    const deriveS = (performance.now() - t1) / 1000;
    await follower.stop();
    const derivedCount = (await couch.info('ratedeck/pkg-bench')).doc_count;

    process.stdout.write(
      [
        '',
        `rates: ${N.toLocaleString('en-US')}, embedded CouchDB (${process.env.BENCH_MEMORY ? 'memory' : 'LevelDB'})`,
        `import (tasks service):  ${perSecond(importS)}  [${status}]`,
        `derive (package deck):   ${perSecond(deriveS)}  [${derivedCount - 1} derived rates + the owner doc]`,
        `ratio derive / import:   ${(deriveS / importS).toFixed(2)} (goal <= 2)`,
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
