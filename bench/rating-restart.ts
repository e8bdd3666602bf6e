// bench/rating-restart: how soon rating answers again after a restart on a 1,000,000-rate deck.
//  - baseline: a bare client reading the whole deck through `_all_docs?include_docs=true` in pages
//    of 5,000 (what indexing from CouchDB must at least do), in the same run;
//  - cold: rating started with no snapshot (indexes from `_all_docs`, then writes its snapshot);
//  - restart: rating started again after 1,000 rates were edited while it was down: the snapshot
//    is read, checked and loaded, and the changes since are applied; timed from start() to the
//    moment it answers (start() resolves only then). Three restarts, the median.
// The deck is made once with `_bulk_docs` (a few minutes) in a LevelDB data dir that later runs
// reuse: BENCH_RESTART_DIR (default: <os tmp>/tollgate-bench-restart). Run on an in-process bus.
// Run: pnpm --filter @tollgate/bench restart
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemConfig } from '@tollgate/config';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { createLocalBus } from '@tollgate/kazoo-bus';
import { Couch, isNotFound } from '@tollgate/kazoo-db';
import { start as startRating } from '@tollgate/rating';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { syntheticDeck } from './synthetic-deck';

const RATES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const EDITS = 1000;
const DECK = 'ratedeck';
const DIR = process.env.BENCH_RESTART_DIR ?? join(tmpdir(), 'tollgate-bench-restart');

async function ensureDeck(couch: Couch): Promise<void> {
  const info = await couch.info(DECK).catch((err) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (info && info.doc_count >= RATES) return;
  await couch.destroyDb(DECK);
  await couch.ensureDb(DECK);
  const t0 = performance.now();
  let batch: Record<string, unknown>[] = [];
  let written = 0;
  for (const doc of syntheticDeck(RATES)) {
    batch.push(doc);
    if (batch.length === 2000) {
      await couch.bulk(DECK, batch, { batchSize: batch.length });
      written += batch.length;
      batch = [];
      if (written % 100_000 === 0) process.stdout.write(`  deck: ${written} rates written (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
  }
  if (batch.length) await couch.bulk(DECK, batch, { batchSize: batch.length });
  process.stdout.write(`deck of ${RATES} rates made in ${((performance.now() - t0) / 1000).toFixed(1)} s (kept in ${DIR} for later runs)\n`);
}

/** The raw baseline: every doc of the deck through `_all_docs` pages of 5,000, parsed, nothing else. */
async function rawAllDocs(couch: Couch): Promise<{ ms: number; docs: number }> {
  const t0 = performance.now();
  let docs = 0;
  for await (const page of couch.docPages(DECK, { pageSize: 5000 })) docs += page.length;
  return { ms: performance.now() - t0, docs };
}

/** A keep-alive socket the server has just closed may be reused (ECONNRESET): ask again. */
async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function main(): Promise<void> {
  await mkdir(DIR, { recursive: true });
  const snapshotDir = join(DIR, 'rating-snapshots');
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1', dataDir: join(DIR, 'couchdb') });
  const couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  await ensureDeck(couch);
  const config = new SystemConfig({ couch, node: 'bench@localhost' });
  await config.start();
  const deps = () => ({ couch, bus: createLocalBus({ appName: 'bench', appVersion: '4.3.0' }), config, node: 'bench@localhost' });

  const raw = await rawAllDocs(couch);
  process.stdout.write(`baseline: raw _all_docs read of ${raw.docs} docs in ${(raw.ms / 1000).toFixed(2)} s\n`);

  let t0: number;
  let rating: Awaited<ReturnType<typeof startRating>>;
  let coldMs = Number.NaN;
  // BENCH_SKIP_COLD=1 keeps the snapshot an earlier run left (the cold index of a million rates
  // takes minutes).
  const haveSnapshot = (await readdir(snapshotDir).catch(() => [] as string[])).some((f) => f.endsWith('.snap'));
  if (!(process.env.BENCH_SKIP_COLD && haveSnapshot)) {
    await rm(snapshotDir, { recursive: true, force: true });
    t0 = performance.now();
    rating = await startRating(deps(), { snapshotDir });
    coldMs = performance.now() - t0;
    process.stdout.write(`cold start (no snapshot, indexed from CouchDB): ready in ${(coldMs / 1000).toFixed(2)} s, ${rating.decks.list()[0]?.rates} rates\n`);
    t0 = performance.now();
    await rating.stop(); // waits for the snapshot written after indexing
    process.stdout.write(`stop (snapshot written meanwhile): ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  }
  const [file] = (await readdir(snapshotDir)).filter((f) => f.endsWith('.snap'));
  process.stdout.write(`snapshot file: ${((await stat(join(snapshotDir, file))).size / 1e6).toFixed(1)} MB\n`);

  const restarts: number[] = [];
  const ids: string[] = [];
  let k = 0;
  for (const d of syntheticDeck(RATES)) if (k++ % Math.floor(RATES / EDITS) === 0) ids.push(d._id as string);
  for (let run = 1; run <= 3; run++) {
    // Rates changed while rating is down: the restart must apply them.
    const cost = `0.${String(run).padStart(4, '0')}9`;
    await retried(async () => {
      const current = await couch.getMany(DECK, ids);
      await couch.bulk(DECK, [...current.values()].map((doc) => ({ ...doc, rate_cost: cost })), { batchSize: ids.length });
    });

    t0 = performance.now();
    rating = await startRating(deps(), { snapshotDir });
    const ms = performance.now() - t0;
    restarts.push(ms);
    const deck = rating.decks.list()[0];
    const edited = rating.decks.current(DECK)?.get(ids[0]);
    if (!deck?.restored || edited?.rateCost !== cost) throw new Error(`restart ${run}: restored ${deck?.restored}, edited rate ${edited?.rateCost} (expected ${cost})`);
    process.stdout.write(`restart ${run} (snapshot + ${ids.length} changes): ready in ${(ms / 1000).toFixed(2)} s, ${deck.rates} rates\n`);
    await rating.stop();
  }
  const median = [...restarts].sort((a, b) => a - b)[1];
  process.stdout.write(
    `\nrestart of a ${RATES}-rate deck: ready in ${(median / 1000).toFixed(2)} s (median of 3, ${restarts.map((ms) => (ms / 1000).toFixed(2)).join(' / ')}); cold index ${(coldMs / 1000).toFixed(2)} s; raw _all_docs read ${(raw.ms / 1000).toFixed(2)} s\n` +
      `ratio restart / raw _all_docs read: ${(median / raw.ms).toFixed(3)} (lower is better); cold / raw: ${(coldMs / raw.ms).toFixed(2)}\n`,
  );
  await config.stop();
  await server.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
