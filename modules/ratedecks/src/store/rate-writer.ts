// Writes batches of rates into a ratedeck db with _bulk_docs, merged over the docs already there
// (kt_rates maybe_override_rate: fields of the stored rate the row does not set are kept, a
// soft-deleted rate comes back). A fresh deck takes one request per batch: docs are written blind
// and only the ones that conflict are read and merged; once most of a batch conflicts (a re-import
// over a full deck) the writer reads first.
import { type Doc, type DocState, encodeDbName, gregorianNow, readDocStates, stampPvt } from '@tollgate/kazoo-db';
import type { DocWriter } from '@tollgate/service-kit';
import { RATE_TYPE } from '../domain/rate-rules';
import type { RateDoc } from '../domain/rate-doc';
import { type RatedecksWriteDeps, ratedecksWriter } from './ratedecks-writer';

/** Who writes: recorded on every rate, and whose stored rates a reseller's import may replace. */
export interface RateWriteContext {
  taskId: string;
  authAccountId: string;
  /** Set when the writer is not a ratedeck admin: stored rates of other accounts are off limits. */
  ownerAccountId?: string;
  /** A stored rate is replaced whole (a package deck, whose rates are derived), not merged over. */
  replace?: boolean;
}

type Stored = Doc & { _id: string; _rev: string };

/** What a batch finds under its ids: the live doc, or the revision of a deleted one. */
type Existing = Map<string, DocState>;

const MAX_ROUNDS = 5;

export class RateWriter {
  private readonly writer: DocWriter;
  private readonly ensured = new Set<string>();
  private readonly readFirst = new Map<string, boolean>();

  constructor(
    private readonly deps: RatedecksWriteDeps,
    private readonly ctx: RateWriteContext,
  ) {
    this.writer = ratedecksWriter(deps);
  }

  private stamp(db: string, doc: RateDoc, now: number): Doc {
    return {
      ...stampPvt(doc, { type: RATE_TYPE, now }),
      pvt_account_db: encodeDbName(db),
      pvt_kt_rates_modified: now,
      pvt_task_id: this.ctx.taskId,
      pvt_auth_account_id: this.ctx.authAccountId,
    };
  }

  private merge(existing: Stored | undefined, fresh: Doc): Doc {
    if (!existing) return fresh;
    if (this.ctx.replace) return { ...fresh, _rev: existing._rev, pvt_created: existing.pvt_created ?? fresh.pvt_created };
    const { pvt_deleted: _gone, ...kept } = existing;
    return { ...kept, ...fresh, _rev: existing._rev, pvt_created: existing.pvt_created ?? fresh.pvt_created };
  }

  private foreignOwner(existing: Stored | undefined): string | undefined {
    if (!existing || this.ctx.ownerAccountId === undefined) return undefined;
    const owner = existing.account_id;
    return owner === this.ctx.ownerAccountId ? undefined : typeof owner === 'string' ? owner : 'the system';
  }

  /** The docs of one round read first: merged over the stored ones, or refused when another account's. */
  private mergedRound(db: string, pending: string[], fresh: Map<string, Doc>, existing: Existing, failed: Map<string, string>): Doc[] {
    const docs: Doc[] = [];
    for (const id of pending) {
      const state = existing.get(id);
      const next = fresh.get(id) as Doc;
      if (state?.deleted) {
        docs.push({ ...next, _rev: state.rev });
        continue;
      }
      const cur = state?.doc;
      const owner = this.foreignOwner(cur);
      if (owner) {
        failed.set(id, `rate ${id} in ${db} belongs to ${owner === 'the system' ? 'the system' : `account ${owner}`}; give the row a rate_suffix to add a rate of your own`);
        continue;
      }
      docs.push(this.merge(cur, next));
    }
    return docs;
  }

  /** Writes the rates; returns the reason for each id that could not be written. */
  async write(db: string, rates: RateDoc[]): Promise<Map<string, string>> {
    const failed = new Map<string, string>();
    if (rates.length === 0) return failed;
    if (!this.ensured.has(db)) {
      await this.deps.couch.ensureDb(db);
      this.ensured.add(db);
    }
    const now = gregorianNow();
    const fresh = new Map(rates.map((r) => [r._id, this.stamp(db, r, now)]));
    let pending = [...fresh.keys()];
    let conflicts = 0;
    let blind = !this.readFirst.get(db);
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      let docs: Doc[];
      if (blind) {
        docs = pending.map((id) => fresh.get(id) as Doc);
      } else {
        const existing = await readDocStates(this.deps.couch, db, pending);
        if (round === 0) conflicts += existing.size;
        docs = this.mergedRound(db, pending, fresh, existing, failed);
      }
      const results = docs.length > 0 ? await this.writer.bulk(db, docs, { batchSize: docs.length }) : [];
      const retry: string[] = [];
      for (const r of results) {
        if (r.ok) continue;
        if (r.error === 'conflict') {
          retry.push(r.id);
          if (round === 0) conflicts++;
        } else {
          failed.set(r.id, `could not save rate ${r.id} in ${db}: ${r.error}${r.reason ? ` (${r.reason})` : ''}`);
        }
      }
      pending = retry;
      blind = false;
    }
    for (const id of pending) failed.set(id, `could not save rate ${id} in ${db}: it kept changing under the import (conflict)`);
    this.readFirst.set(db, conflicts * 2 > rates.length);
    return failed;
  }
}
