// What one MODB adds to its account's balance — Kazoo 4.2's `transactions/credit_remaining`: its
// credit and debit transactions and its ledger docs, deleted ones left out — without reading
// every doc each time. A month of many calls is read once; afterwards only what `_changes` shows
// since is added. That works because these docs are written once: a change whose revision is the
// first (`1-…`) is a new doc to add; any other change (an edit, a deletion) makes this MODB be
// counted again from the start. The total and its feed position are kept in this process and in
// the db's `_local/tollgate-balance` doc, which every process reading balances shares.
//
// Why not a reduce view: the embedded server (PouchDB) keeps no reductions, so a `_sum` over a
// month of 100,000 ledger docs reads every row at each query — ~10 s, even with nothing new
// (bench/ledger-balance). Reading the changes since the last total costs one small request.
import { type Change, type Couch, changesSince, getLocalDoc, isDbMissing, putLocalDoc, type Seq } from '@tollgate/kazoo-db';

const CHECKPOINT = 'tollgate-balance';
const PAGE = 5000;

export interface ModbTotal {
  /** Sum of the counted docs, units (credits and ledger credits +, debits and ledger debits −). */
  units: number;
  /** How many docs were counted (the account has a ledger at all when > 0). */
  count: number;
}

interface Checkpoint extends ModbTotal {
  seq: Seq;
  rev?: string;
}

const memo = new WeakMap<Couch, Map<string, Checkpoint>>();

function memoOf(couch: Couch): Map<string, Checkpoint> {
  let m = memo.get(couch);
  if (!m) {
    m = new Map();
    memo.set(couch, m);
  }
  return m;
}

/** credit_remaining's map: the signed amount a doc contributes, undefined when it does not count. */
export function contributionOf(doc: Record<string, unknown> | undefined): number | undefined {
  if (!doc || doc.pvt_deleted === true || doc._deleted === true) return undefined;
  const type = doc.pvt_type;
  if (type !== 'credit' && type !== 'debit' && type !== 'ledger') return undefined;
  const isCredit = type === 'credit' || doc.pvt_ledger_type === 'credit';
  const isDebit = type === 'debit' || doc.pvt_ledger_type === 'debit';
  const sign = isCredit ? 1 : isDebit ? -1 : 0;
  const raw = doc.pvt_amount || doc.amount || 0;
  const amount = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
  return sign * amount;
}

/** Adds the changes of one page to `total`; false when a change is not a new doc (recount). */
function addNewDocs(total: ModbTotal, changes: readonly Change[]): boolean {
  for (const change of changes) {
    if (change.id.startsWith('_design/')) continue;
    const rev = change.doc?._rev ?? change.changes[0]?.rev ?? '';
    if (change.deleted === true || !rev.startsWith('1-')) return false;
    const amount = contributionOf(change.doc);
    if (amount === undefined) continue;
    total.units += amount;
    total.count += 1;
  }
  return true;
}

/** Every change from `since`; undefined when one of them is not a new doc. */
async function readForward(couch: Couch, db: string, from: Checkpoint): Promise<Checkpoint | undefined> {
  const next: Checkpoint = { ...from };
  for (;;) {
    const page = await changesSince(couch, db, next.seq, { includeDocs: true, limit: PAGE });
    // A feed behind the position we knew: the db was made again since (its `_local` went with it).
    if (typeof page.lastSeq === 'number' && typeof next.seq === 'number' && page.lastSeq < next.seq) return undefined;
    if (!addNewDocs(next, page.results)) return undefined;
    next.seq = page.lastSeq;
    if (page.results.length < PAGE || page.pending === 0) return next;
  }
}

/** The whole db from its first change, every doc at its latest revision. */
async function recount(couch: Couch, db: string, rev: string | undefined): Promise<Checkpoint> {
  const total: Checkpoint = { seq: 0, units: 0, count: 0, rev };
  for (;;) {
    const page = await changesSince(couch, db, total.seq, { includeDocs: true, limit: PAGE });
    for (const change of page.results) {
      if (change.id.startsWith('_design/')) continue;
      const amount = contributionOf(change.doc);
      if (amount === undefined) continue;
      total.units += amount;
      total.count += 1;
    }
    total.seq = page.lastSeq;
    if (page.results.length < PAGE || page.pending === 0) return total;
  }
}

/** Keeps the new total for every process; losing a race to another writer is fine (theirs is as good). */
async function persist(couch: Couch, db: string, total: Checkpoint): Promise<void> {
  const rev = await putLocalDoc(couch, db, CHECKPOINT, { seq: total.seq, units: total.units, count: total.count }, total.rev);
  total.rev = rev === 'conflict' ? (await getLocalDoc(couch, db, CHECKPOINT))?._rev : rev;
}

async function stored(couch: Couch, db: string): Promise<Checkpoint | undefined> {
  const doc = await getLocalDoc<{ seq?: Seq; units?: number; count?: number }>(couch, db, CHECKPOINT);
  if (!doc || doc.seq === undefined || typeof doc.units !== 'number' || typeof doc.count !== 'number') return doc ? { seq: 0, units: 0, count: 0, rev: doc._rev } : undefined;
  return { seq: doc.seq, units: doc.units, count: doc.count, rev: doc._rev };
}

/** The MODB's total now; a db that does not exist counts 0. */
export async function modbTotal(couch: Couch, db: string): Promise<ModbTotal> {
  const cache = memoOf(couch);
  try {
    const known = cache.get(db) ?? (await stored(couch, db));
    let next = known && known.seq !== 0 ? await readForward(couch, db, known) : undefined;
    if (!next) next = await recount(couch, db, known?.rev);
    if (!known || next.seq !== known.seq || next.units !== known.units) await persist(couch, db, next);
    cache.set(db, next);
    return { units: next.units, count: next.count };
  } catch (err) {
    if (!isDbMissing(err)) throw err;
    cache.delete(db);
    return { units: 0, count: 0 };
  }
}
