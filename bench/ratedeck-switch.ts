// bench/ratedeck-switch: how soon rating answers from another version of a deck after `activate` or
// `rollback` (issue 19 item 4; goal < 1 s whatever the deck's size), beside a raw baseline in the
// same run: a bare `_changes` longpoll on the deck's db seeing the same pointer-doc write. The ratio
// is rating's own delay on top of what CouchDB takes to announce the write.
//  - a deck of N synthetic prefixes (bench/synthetic-deck) in its own db (version 0) and a copy at
//    twice the price in version db `ratedeck/<deck>/v/1`, both written with `_bulk_docs` (not the
//    CSV import: building them is not what is measured);
//  - rating in this process (in-process bus) indexes both before the first switch;
//  - each switch is timed from the call that rewrites the pointer (the ratedecks module's
//    activateRatedeckVersion / rollbackRatedeck, what crossbar's routes call) to `rater.rate` of a
//    probe number answering with the other version's price.
// Sizes: BENCH_SIZES (default "10000,1000000"), switches per size BENCH_SWITCHES (default 10).
// Run: pnpm --filter @tollgate/bench ratedeck-switch
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemConfig } from '@tollgate/config';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { createLocalBus } from '@tollgate/kazoo-bus';
import { ChangesFollower, Couch, type Doc, type Seq } from '@tollgate/kazoo-db';
import { start as startRating } from '@tollgate/rating';
import {
  activateRatedeckVersion,
  RATEDECK_VERSIONS_DOC_ID,
  ratedeckDb,
  rollbackRatedeck,
  stageRatedeckVersion,
  finishStagedVersion,
} from '@tollgate/ratedecks';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { syntheticDeck } from './synthetic-deck';

const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const SWITCHES = Number(process.env.BENCH_SWITCHES ?? 10);
const BATCH = 5000;

async function writeDeck(couch: Couch, db: string, total: number, factor: number): Promise<void> {
  await couch.ensureDb(db);
  let batch: Doc[] = [];
  for (const doc of syntheticDeck(total)) {
    const cost = Math.round((doc.rate_cost as number) * factor * 100000) / 100000;
    batch.push({ ...doc, rate_cost: cost } as Doc);
    if (batch.length === BATCH) {
      await couch.bulk(db, batch, { batchSize: BATCH });
      batch = [];
    }
  }
  if (batch.length > 0) await couch.bulk(db, batch, { batchSize: BATCH });
}

/** Polls `seen` on every turn of the event loop; the ms from `t0` until it holds. */
async function untilAsync(t0: number, seen: () => Promise<boolean>, limitMs = 60_000): Promise<number> {
  while (!(await seen())) {
    if (performance.now() - t0 > limitMs) throw new Error(`not seen after ${limitMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
  return performance.now() - t0;
}

/** The raw baseline: a bare `_changes` longpoll from `since` until `id` is announced. */
function changesAnnounce(couch: Couch, db: string, since: Seq, id: string, startedAt: () => number): Promise<number> {
  return new Promise((resolve) => {
    const follower = new ChangesFollower({
      couchUrl: couch.url,
      db,
      since,
      onChanges: (changes) => {
        if (!changes.some((c) => c.id === id)) return;
        resolve(performance.now() - startedAt());
        void follower.stop();
      },
    }).start();
  });
}

function stats(ms: number[]): { median: number; worst: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], worst: s[s.length - 1] };
}

async function main(): Promise<void> {
  console.log(`bench/ratedeck-switch: sizes ${SIZES.map((n) => n.toLocaleString('en')).join(', ')}; ${SWITCHES} switches each; node ${process.version}`);
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  const couch = new Couch(server.url);
  const node = `bench-${randomBytes(3).toString('hex')}@ratedeck-switch`;
  await ensureGlobalDbs(couch);
  const config = new SystemConfig({ couch, node });
  await config.start();
  const bus = createLocalBus({ appName: 'tollgate', appVersion: '4.3.0' });
  const deps = { couch, bus, config };
  const snapshotDir = mkdtempSync(join(tmpdir(), 'tollgate-bench-switch-'));
  const rating = await startRating({ couch, bus, config, node }, { snapshotDir });
  await rating.ready(30_000);
  try {
    for (const size of SIZES) {
      const deck = `switch${size}`;
      const db = ratedeckDb(deck);
      const first = syntheticDeck(size).next().value as Record<string, unknown>;
      const probe = `+${first.prefix}555`;
      let t = performance.now();
      await writeDeck(couch, db, size, 1);
      const staged = await stageRatedeckVersion(deps, deck, 'bench');
      await writeDeck(couch, staged.db, size, 2);
      await finishStagedVersion(deps, deck, staged.version);
      console.log(`${size.toLocaleString('en')} prefixes: both versions written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
      const priceNow = async () => {
        const r = await rating.rater.rate({ toDid: probe, ratedeckId: deck });
        return r.kind === 'rated' ? r.rate.rateCost : undefined;
      };
      // Rating indexes both (the version db is found by its scan) before the first switch.
      await rating.decks.indexFor(deck, 600_000);
      await untilAsync(t, async () => {
        const v = rating.decks.list().find((d) => d.db === staged.db);
        return v?.rates === size;
      }, 1_800_000);
      const own = rating.decks.list().find((d) => d.db === db);
      if (own?.rates !== size) throw new Error(`deck indexed with ${own?.rates} rates, not ${size}`);
      // The probe's rate (the longest prefix of the number) and its price in each version.
      const answer = await rating.rater.rate({ toDid: probe, ratedeckId: deck });
      if (answer.kind !== 'rated') throw new Error(`probe ${probe} not rated: ${answer.reason}`);
      const oldPrice = answer.rate.rateCost;
      const newPrice = String((await couch.get<Doc>(staged.db, answer.rate.id))?.rate_cost);
      if (oldPrice === newPrice) throw new Error(`probe rate ${answer.rate.id} has one price in both versions`);
      console.log(`${size.toLocaleString('en')} prefixes: rating has both versions indexed ${((performance.now() - t) / 1000).toFixed(1)} s after the writes`);

      const switched: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < SWITCHES; i++) {
        const activate = i % 2 === 0;
        const expected = activate ? newPrice : oldPrice;
        const since = (await couch.info(db)).update_seq;
        let t0 = 0;
        const seen = changesAnnounce(couch, db, since, RATEDECK_VERSIONS_DOC_ID, () => t0);
        t0 = performance.now();
        if (activate) await activateRatedeckVersion(deps, deck, staged.version);
        else await rollbackRatedeck(deps, deck);
        switched.push(await untilAsync(t0, async () => (await priceNow()) === expected));
        raw.push(await seen);
      }
      const s = stats(switched);
      const b = stats(raw);
      console.log(
        `${size.toLocaleString('en')} prefixes: activate/rollback answered with the other version after median ${s.median.toFixed(1)} ms (worst ${s.worst.toFixed(1)} ms; goal < 1000 ms); ` +
          `raw pointer write + _changes longpoll seen after median ${b.median.toFixed(1)} ms (worst ${b.worst.toFixed(1)} ms); ratio ${(s.median / b.median).toFixed(2)}`,
      );
    }
  } finally {
    await rating.stop();
    await bus.close();
    await config.stop();
    await server.close();
    rmSync(snapshotDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
