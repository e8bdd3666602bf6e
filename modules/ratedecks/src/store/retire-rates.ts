// mode=replace: after an import, the rates of a deck that the import did not write are soft-deleted
// (pvt_deleted), so a carrier's withdrawn prefixes stop rating. Pages through _all_docs (no view:
// decks are large); safe to run again after a takeover (a retired rate is not retired twice).
import { type Doc, gregorianNow, readDocStates } from '@tollgate/kazoo-db';
import { isRateDoc } from '../domain/rate-doc';
import { type RatedecksWriteDeps, ratedecksWriter } from './ratedecks-writer';

const PAGE = 2000;

export interface RetireOptions {
  /** The import whose rates stay (their `pvt_task_id`). */
  taskId: string;
  /** Only rates of this account are retired (a reseller's import); all when unset. */
  ownerAccountId?: string;
  /** Called after each page with the number of rates that page retired. */
  onRetired?: (count: number) => Promise<void>;
}

/** Soft-deletes the live rates of `db` that the task did not write. */
export async function retireRatesNotWrittenBy(deps: RatedecksWriteDeps, db: string, opts: RetireOptions): Promise<void> {
  const writer = ratedecksWriter(deps);
  for await (const page of deps.couch.docPages<Doc & { _id: string }>(db, { pageSize: PAGE })) {
    const now = gregorianNow();
    const retire = page
      .filter((d) => isRateDoc(d) && d.pvt_deleted !== true && d.pvt_task_id !== opts.taskId)
      .filter((d) => opts.ownerAccountId === undefined || d.account_id === opts.ownerAccountId)
      .map((d) => ({ ...d, pvt_deleted: true, pvt_modified: now, pvt_retired_by_task: opts.taskId }));
    if (retire.length === 0) continue;
    const results = await writer.bulk(db, retire, { batchSize: retire.length });
    await opts.onRetired?.(results.filter((r) => r.ok).length);
  }
}

/** Soft-deletes these rates of `db` where they are live rates (a package's deck following its base deck); the count retired. */
export async function softDeleteRates(deps: RatedecksWriteDeps, db: string, ids: readonly string[], marker: Record<string, unknown> = {}): Promise<number> {
  if (ids.length === 0) return 0;
  const states = await readDocStates(deps.couch, db, [...ids]);
  const now = gregorianNow();
  const retire: Doc[] = [];
  for (const state of states.values()) {
    if (state.deleted) continue;
    const doc = state.doc;
    if (isRateDoc(doc) && doc.pvt_deleted !== true) retire.push({ ...doc, pvt_deleted: true, pvt_modified: now, ...marker });
  }
  if (retire.length === 0) return 0;
  const results = await ratedecksWriter(deps).bulk(db, retire, { batchSize: retire.length });
  return results.filter((r) => r.ok).length;
}
