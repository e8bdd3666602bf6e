// Rates one at a time, as crossbar's rates endpoints read and write them (cb_rates), and the live
// rates of a deck page by page: of the deck's active version (its own db until a version is
// activated; see ratedeck-versions.ts). Pages go through `_all_docs`: a deck is too large for a JavaScript
// view on the embedded server.
import { errors } from '@tollgate/errors';
import { type Couch, encodeDbName, gregorianNow, mergePrivate, publicView } from '@tollgate/kazoo-db';
import { isRateDoc, type RateDoc } from '../domain/rate-doc';
import { rateFromJson } from '../domain/rate-from-json';
import { RATE_TYPE } from '../domain/rate-rules';
import { ratedeckDb, ratedeckIdFromDb } from '../domain/ratedeck-names';
import { type RatedecksWriteDeps, ratedecksWriter } from './ratedecks-writer';
import { listRatedeckDbs } from './ratedeck-dbs';
import { activeRatedeckDb } from './ratedeck-versions';

export type StoredRate = RateDoc & { _rev: string };

/** Where a deck's live-rate count is kept, against the deck's update_seq (no view). */
const COUNT_DOC = '_local/tollgate-ratedeck-count';
const COUNT_PAGE = 5000;
/** Private fields a JSON body's internal costs set, replacing the stored ones. */
const INTERNAL_COSTS = ['pvt_internal_rate_cost', 'pvt_rate_cost', 'pvt_rate_surcharge'] as const;

function isLiveRate(doc: unknown): doc is StoredRate {
  return isRateDoc(doc) && doc.pvt_deleted !== true;
}

/** Up to `size` live rates of a deck from `from` on (in id order), and where the next page starts. */
export async function liveRatePage(couch: Couch, ratedeckId: string, size: number, from?: string): Promise<{ rates: StoredRate[]; next?: string }> {
  const db = await activeRatedeckDb(couch, ratedeckId);
  const rates: StoredRate[] = [];
  let start = from;
  for (;;) {
    const page = await couch.docPage(db, { pageSize: size, from: start });
    for (const [i, doc] of page.docs.entries()) {
      if (isLiveRate(doc)) rates.push(doc);
      if (rates.length === size) return { rates, next: page.docs[i + 1]?._id ?? page.next };
    }
    if (page.next === undefined) return { rates };
    start = page.next;
  }
}

/** Every live rate of a deck, a page at a time. */
export async function* liveRatePages(couch: Couch, ratedeckId: string, size: number): AsyncGenerator<StoredRate[]> {
  let next: string | undefined;
  do {
    const page = await liveRatePage(couch, ratedeckId, size, next);
    yield page.rates;
    next = page.next;
  } while (next !== undefined);
}

export function ratedeckExists(couch: Couch, ratedeckId: string): Promise<boolean> {
  return couch.dbExists(ratedeckDb(ratedeckId));
}

/** Live rates in a deck, cached in a `_local` doc against the deck's update_seq. */
async function countRates(couch: Couch, ratedeckId: string): Promise<number> {
  const db = await activeRatedeckDb(couch, ratedeckId);
  const seq = JSON.stringify((await couch.info(db)).update_seq);
  const cached = await couch.get<{ seq?: string; rate_count?: number; _rev?: string }>(db, COUNT_DOC);
  if (cached?.seq === seq && typeof cached.rate_count === 'number') return cached.rate_count;
  let count = 0;
  for await (const docs of couch.docPages(db, { pageSize: COUNT_PAGE })) for (const doc of docs) if (isLiveRate(doc)) count++;
  // A _local doc is no document of the deck (not replicated, not in _changes): written as is.
  await couch.put(db, { _id: COUNT_DOC, ...(cached?._rev ? { _rev: cached._rev } : {}), seq, rate_count: count }).catch(() => undefined);
  return count;
}

/** Every deck with its db and number of live rates (GET /v2/rates/ratedecks). */
export async function listRatedecks(couch: Couch): Promise<{ id: string; database: string; rate_count: number }[]> {
  const out = [];
  for (const db of (await listRatedeckDbs(couch)).sort()) {
    const id = ratedeckIdFromDb(db);
    out.push({ id, database: db, rate_count: await countRates(couch, id) });
  }
  return out;
}

/** The rate with this id unless there is none or it is soft-deleted. */
export async function findLiveRate(couch: Couch, ratedeckId: string, rateId: string): Promise<StoredRate | undefined> {
  const doc = await couch.get(await activeRatedeckDb(couch, ratedeckId), rateId);
  return isLiveRate(doc) ? doc : undefined;
}

/** A new rate (over a soft-deleted one of the same id); 409 when a live one has the id. */
export async function createRate(deps: RatedecksWriteDeps, ratedeckId: string, rate: RateDoc): Promise<StoredRate> {
  const db = await activeRatedeckDb(deps.couch, ratedeckId);
  await deps.couch.ensureDb(db);
  const saved = await ratedecksWriter(deps).update<RateDoc>(db, rate._id, (existing) => {
    if (existing && existing.pvt_deleted !== true) throw errors.conflict('conflicting documents', { cause: rate._id });
    const now = gregorianNow();
    return { ...rate, pvt_created: now, pvt_modified: now, pvt_vsn: '1', pvt_account_db: encodeDbName(db) };
  });
  return saved as StoredRate;
}

/**
 * POST (replace the public fields) or PATCH (`merge`: the body over the stored public fields) of a
 * rate: validated as a whole, private fields kept, internal costs from the body replacing the stored
 * ones; a soft-deleted rate comes back with a POST (cb_rates), not with a PATCH.
 */
export async function updateRate(deps: RatedecksWriteDeps, ratedeckId: string, rateId: string, body: unknown, opts: { merge: boolean }): Promise<StoredRate> {
  const db = await activeRatedeckDb(deps.couch, ratedeckId);
  const saved = await ratedecksWriter(deps).update<RateDoc>(db, rateId, (existing) => {
    if (existing?.pvt_type !== RATE_TYPE || (opts.merge && existing.pvt_deleted === true)) throw errors.badIdentifier(rateId);
    const incoming = opts.merge ? { ...publicView(existing), ...((body ?? {}) as object) } : body;
    const built = rateFromJson(incoming, rateId);
    if (!built.ok) throw errors.validation(built.errors);
    // The stored private fields with the body's public ones (crossbar_doc:load_merge).
    const doc: RateDoc = { ...built.rate, ...mergePrivate(existing, built.rate), _id: rateId, pvt_type: RATE_TYPE, pvt_modified: gregorianNow() };
    delete doc.pvt_deleted;
    for (const k of INTERNAL_COSTS) if (built.rate[k] !== undefined) doc[k] = built.rate[k];
    return doc;
  });
  return saved as StoredRate;
}

/** Soft-deletes a live rate (pvt_deleted): the rate as saved, undefined when there was no live one. */
export async function softDeleteRate(deps: RatedecksWriteDeps, ratedeckId: string, rateId: string): Promise<StoredRate | undefined> {
  let deleted = false;
  const saved = await ratedecksWriter(deps).update<RateDoc>(await activeRatedeckDb(deps.couch, ratedeckId), rateId, (existing) => {
    deleted = isLiveRate(existing);
    return deleted ? { ...(existing as RateDoc), pvt_deleted: true, pvt_modified: gregorianNow() } : undefined;
  });
  return deleted ? (saved as StoredRate) : undefined;
}
