// bench/ledger-balance: what one MODB's total costs on the embedded server (PouchDB Server on
// LevelDB, as `tollgate up` runs it) when a month holds many calls — the measurements behind the
// ledger module's balance (modules/ledger README, "How a balance is computed"):
//  - reading every transaction and ledger doc (`_find`, what the ledger did before ledger docs);
//  - Kazoo 4.2's reduce view `transactions/credit_remaining`: its first query (index build), a
//    query with nothing new, and a query after a batch of new calls;
//  - what the ledger does (modb-totals.ts): the month counted once from `_changes`, then only the
//    changes since its last total — nothing new, 100 new calls, an edit (counted again);
//  - `GET /{db}` (update_seq), for comparison with the cheapest possible check.
// Run: pnpm --filter @tollgate/bench ledger-balance   (BENCH_LEDGER_DOCS, default 100000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch, type Doc, deployDesignDocs, modbName } from '@tollgate/kazoo-db';
import { ledgerTotals } from '@tollgate/ledger';

const DOCS = Number(process.env.BENCH_LEDGER_DOCS ?? 100_000);
const BATCH = 1000;

function ledgerDoc(accountId: string, i: number): Doc {
  return {
    _id: `202401-${i.toString(16).padStart(32, '0')}`,
    pvt_type: 'ledger',
    pvt_ledger_type: 'debit',
    amount: 100 + (i % 500),
    account: { id: accountId, name: 'Bench Customer' },
    source: { service: 'per-minute-voip', id: `call-${i}` },
    usage: { type: 'voice', quantity: 60 + (i % 300), unit: 'sec' },
    period: { start: 63_871_000_000 + i, end: 63_871_000_000 + i },
    description: 'US-1503',
    metadata: { to: '+15035551234@example.com', from: '+14155550000@example.com', direction: 'inbound', rate: { name: 'US-1503', value: 138 } },
    pvt_account_id: accountId,
    pvt_created: 63_871_000_000 + i,
    pvt_modified: 63_871_000_000 + i,
  };
}

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`${what.padEnd(58)} ${(performance.now() - t0).toFixed(1).padStart(9)} ms`);
  return out;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-bench-ledger-'));
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1', dataDir });
  const couch = new Couch(server.url);
  const accountId = 'b'.repeat(32);
  const db = modbName(accountId, new Date(Date.UTC(2024, 0, 15)));
  try {
    await couch.ensureDb(db);
    await deployDesignDocs(couch, db, 'modb');
    await couch.bulk(db, [{ _id: 'credit-1', pvt_type: 'credit', pvt_amount: 100_000_000, pvt_created: 1 }]);
    await timed(`write ${DOCS} ledger docs (_bulk_docs of ${BATCH})`, async () => {
      for (let i = 0; i < DOCS; i += BATCH) {
        const docs = Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, j) => ledgerDoc(accountId, i + j));
        await couch.bulk(db, docs);
      }
    });
    const expected = await timed('every doc read with _find and summed', async () => {
      const docs = await couch.find<{ pvt_type: string; pvt_ledger_type?: string; pvt_amount?: number; amount?: number }>(
        db,
        { pvt_type: { $in: ['credit', 'debit', 'ledger'] } },
        { limit: 10_000_000 },
      );
      return docs.reduce((s, d) => s + (d.pvt_type === 'credit' || d.pvt_ledger_type === 'credit' ? 1 : -1) * (d.pvt_amount ?? d.amount ?? 0), 0);
    });
    const ours = async () => (await ledgerTotals(couch, [db])).balance;
    const counted = await timed('ledger: first total (the month read once from _changes)', ours);
    if (counted !== expected) throw new Error(`ledger total ${counted} != summed ${expected}`);
    await timed('ledger: nothing new', ours);
    await timed('ledger: nothing new, another process (its _local total)', async () => (await ledgerTotals(new Couch(server.url), [db])).balance);
    await couch.bulk(db, Array.from({ length: 100 }, (_, j) => ledgerDoc(accountId, DOCS + 1000 + j)));
    await timed('ledger: after 100 new calls', ours);
    await couch.bulk(db, [ledgerDoc(accountId, DOCS + 2000)]);
    await timed('ledger: after 1 new call', ours);
    const credit = await couch.get(db, 'credit-1');
    await couch.put(db, { ...credit, pvt_deleted: true });
    await timed('ledger: after an edit (the month counted again)', ours);
    const total = async () => (await couch.view<number>(db, 'transactions', 'credit_remaining', { reduce: true }))[0]?.value ?? 0;
    const first = await timed('credit_remaining, first query (builds the index)', total);
    if (first !== expected) throw new Error(`view total ${first} != summed ${expected}`);
    await timed('credit_remaining, nothing new', total);
    await timed('credit_remaining, nothing new (again)', total);
    await couch.bulk(
      db,
      Array.from({ length: 100 }, (_, j) => ledgerDoc(accountId, DOCS + j)),
    );
    await timed('credit_remaining after 100 new calls', total);
    await couch.bulk(db, [ledgerDoc(accountId, DOCS + 100)]);
    await timed('credit_remaining after 1 new call', total);
    await timed('GET /{db} (update_seq of a closed month)', () => couch.info(db));
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
