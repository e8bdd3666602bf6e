// bench/freshness: how soon a change written straight to CouchDB (Fauxton, an import) is used by a
// running service — the goal for system_config and for ratedecks: within 1 s — beside
// a raw baseline in the same run: a bare `_changes` longpoll on the same db seeing the same write.
// The ratio is the service's own delay on top of what CouchDB itself takes to announce the change.
//  - system_config: one value edited in its category doc, until SystemConfig returns it;
//  - hand edit: one rate doc rewritten (as in Fauxton), repeated, median and worst;
//  - import: 10,000 new rates written with `_bulk_docs` in batches of 2,000 (as the tasks service
//    does), timed from the last write's answer to the moment its last rate is used.
// The rating service runs in this process on an in-process bus: AMQP round trips are bench/rating's.
// Run: pnpm --filter @tollgate/bench freshness
import { randomBytes } from 'node:crypto';
import { SystemConfig } from '@tollgate/config';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { createLocalBus } from '@tollgate/kazoo-bus';
import { ChangesFollower, Couch, type Doc, GLOBAL_DBS, type Seq } from '@tollgate/kazoo-db';
import { start as startRating } from '@tollgate/rating';
import { ensureGlobalDbs } from '@tollgate/service-kit';

const EDITS = Number(process.env.BENCH_EDITS ?? 30);
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 3);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const DECK = 'ratedeck';

function rate(prefix: string, cost: string, description: string): Doc {
  return { _id: `XX-${prefix}`, pvt_type: 'rate', prefix: Number(prefix), rate_cost: cost, description, routes: [`^\\+${prefix}(\\d*)$`] };
}

/** Polls `seen` on every turn of the event loop; the ms from `t0` until it holds. */
async function until(t0: number, seen: () => boolean, limitMs = 60_000): Promise<number> {
  while (!seen()) {
    if (performance.now() - t0 > limitMs) throw new Error(`not seen after ${limitMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
  return performance.now() - t0;
}

/** As `until`, for a probe that reads through the service's own API. */
async function untilAsync(t0: number, seen: () => Promise<boolean>, limitMs = 60_000): Promise<number> {
  while (!(await seen())) {
    if (performance.now() - t0 > limitMs) throw new Error(`not seen after ${limitMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
  return performance.now() - t0;
}

/** The raw baseline: a bare `_changes` follower (long polls, no docs) from `since` until `id` has been announced. */
function changesAnnounce(couch: Couch, since: Seq, id: string, startedAt: () => number, db = DECK): Promise<number> {
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

async function currentSeq(couch: Couch, db = DECK): Promise<Seq> {
  return (await couch.info(db)).update_seq;
}

function stats(ms: number[]): { median: number; worst: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], worst: s[s.length - 1] };
}

async function main(): Promise<void> {
  console.log(`bench/freshness: ${EDITS} hand edits, ${IMPORTS} imports of ${IMPORT_ROWS.toLocaleString('en')} rates, node ${process.version}`);
  const server = await startEmbeddedCouchDB({ port: 0 });
  const couch = new Couch(server.url);
  const node = `bench-${randomBytes(3).toString('hex')}@freshness`;
  await ensureGlobalDbs(couch);
  await couch.bulk(DECK, [rate('1503', '0.1', 'BRONZE'), rate('150', '0.2', 'SILVER'), rate('1', '0.4', 'PLATINUM')]);
  const config = new SystemConfig({ couch, node });
  await config.start();
  const bus = createLocalBus({ appName: 'tollgate', appVersion: '4.3.0' });
  const rating = await startRating({ couch, bus, config, node });
  await rating.ready(30_000);
  const used = (id: string, description: string) => rating.decks.current(DECK)?.get(id)?.description === description;

  try {
    const configSeen: number[] = [];
    const configRaw: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const since = await currentSeq(couch, GLOBAL_DBS.systemConfig);
      let t0 = 0;
      const raw = changesAnnounce(couch, since, 'hotornot', () => t0, GLOBAL_DBS.systemConfig);
      const doc = ((await couch.get<Doc>(GLOBAL_DBS.systemConfig, 'hotornot')) ?? { _id: 'hotornot' }) as Doc & { default?: Record<string, unknown> };
      t0 = performance.now();
      await couch.put(GLOBAL_DBS.systemConfig, { ...doc, default: { ...doc.default, default_rate_minimum: 100 + i } });
      configSeen.push(await untilAsync(t0, async () => (await config.getInteger('hotornot', 'default_rate_minimum', 60)) === 100 + i));
      configRaw.push(await raw);
    }
    const cs = stats(configSeen);
    const cb = stats(configRaw);
    console.log(
      `system_config edit: a running service reads it after median ${cs.median.toFixed(1)} ms (worst ${cs.worst.toFixed(1)} ms; goal < 1000 ms); ` +
        `raw _changes longpoll announces it after median ${cb.median.toFixed(1)} ms (worst ${cb.worst.toFixed(1)} ms); ratio ${(cs.median / cb.median).toFixed(2)}`,
    );

    const editRating: number[] = [];
    const editRaw: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const doc = (await couch.get<Doc>(DECK, 'XX-1503')) as Doc;
      const description = `BRONZE edit ${i}`;
      const since = await currentSeq(couch);
      let t0 = 0;
      const raw = changesAnnounce(couch, since, 'XX-1503', () => t0);
      t0 = performance.now();
      await couch.put(DECK, { ...doc, description });
      editRating.push(await until(t0, () => used('XX-1503', description)));
      editRaw.push(await raw);
    }
    const er = stats(editRating);
    const eb = stats(editRaw);
    console.log(
      `hand edit: rating uses it after median ${er.median.toFixed(1)} ms (worst ${er.worst.toFixed(1)} ms; goal < 1000 ms); ` +
        `raw _changes longpoll announces it after median ${eb.median.toFixed(1)} ms (worst ${eb.worst.toFixed(1)} ms); ratio ${(er.median / eb.median).toFixed(2)}`,
    );

    const importRating: number[] = [];
    const importRaw: number[] = [];
    for (let run = 0; run < IMPORTS; run++) {
      const base = 4420_000_000 + run * 1_000_000;
      const docs = Array.from({ length: IMPORT_ROWS }, (_, i) => rate(String(base + i), '0.0125', `UK ${run}-${i}`));
      const lastId = docs[docs.length - 1]._id as string;
      const lastDescription = `UK ${run}-${IMPORT_ROWS - 1}`;
      const since = await currentSeq(couch);
      let t0 = 0;
      const raw = changesAnnounce(couch, since, lastId, () => t0);
      const writeStart = performance.now();
      await couch.bulk(DECK, docs, { batchSize: 2000 });
      t0 = performance.now();
      importRating.push(await until(t0, () => used(lastId, lastDescription)));
      importRaw.push(await raw);
      if (run === 0) console.log(`import writes took ${((t0 - writeStart) / 1000).toFixed(1)} s`);
    }
    const ir = stats(importRating);
    const ib = stats(importRaw);
    console.log(
      `finished import of ${IMPORT_ROWS.toLocaleString('en')}: rating uses its last rate after median ${ir.median.toFixed(1)} ms (worst ${ir.worst.toFixed(1)} ms; goal < 1000 ms); ` +
        `raw _changes longpoll announces it after median ${ib.median.toFixed(1)} ms (worst ${ib.worst.toFixed(1)} ms); ratio ${(ir.median / ib.median).toFixed(2)}`,
    );
  } finally {
    await rating.stop();
    await bus.close();
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
