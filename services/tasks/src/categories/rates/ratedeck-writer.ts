// Writes a batch of rates into one ratedeck db with _bulk_docs, merged over the docs already
// there (kt_rates maybe_override_rate: fields of the stored rate the row does not set are kept,
// a soft-deleted rate comes back). A fresh deck takes one request per batch: docs are written
// blind and only the ones that conflict are read and merged; once most of a batch conflicts (a
// re-import over a full deck) the writer reads first.
import { type Couch, encodeDbName, gregorianNow } from '@tollgate/kazoo-db';
import type { RateDoc } from '@tollgate/ratedecks';

export interface RateToWrite {
  doc: RateDoc;
}

export interface WriteContext {
  taskId: string;
  authAccountId: string;
  /** Set when the task's caller is not a superduper admin: stored rates of other accounts are off limits. */
  ownerAccountId?: string;
}

type Stored = Record<string, unknown> & { _id: string; _rev: string };

interface BulkRow {
  id: string;
  rev?: string;
  error?: string;
  reason?: string;
}

const MAX_ROUNDS = 5;

export class RatedeckWriter {
  private readonly ensured = new Set<string>();
  private readonly readFirst = new Map<string, boolean>();

  constructor(
    private readonly couch: Couch,
    private readonly ctx: WriteContext,
  ) {}

  private stamp(db: string, doc: RateDoc, now: number): Record<string, unknown> {
    return {
      ...doc,
      pvt_account_db: encodeDbName(db),
      pvt_vsn: '1',
      pvt_created: now,
      pvt_modified: now,
      pvt_kt_rates_modified: now,
      pvt_task_id: this.ctx.taskId,
      pvt_auth_account_id: this.ctx.authAccountId,
    };
  }

  private merge(existing: Stored | undefined, fresh: Record<string, unknown>): Record<string, unknown> {
    if (!existing) return fresh;
    const { pvt_deleted: _gone, ...kept } = existing;
    return { ...kept, ...fresh, _rev: existing._rev, pvt_created: existing.pvt_created ?? fresh.pvt_created };
  }

  private foreignOwner(existing: Stored | undefined): string | undefined {
    if (!existing || this.ctx.ownerAccountId === undefined) return undefined;
    const owner = existing.account_id;
    return owner === this.ctx.ownerAccountId ? undefined : typeof owner === 'string' ? owner : 'the system';
  }

  private async readExisting(db: string, ids: string[]): Promise<Map<string, Stored | { _rev: string; deleted: true }>> {
    const res = await this.couch.db(db).fetch({ keys: ids });
    const out = new Map<string, Stored | { _rev: string; deleted: true }>();
    for (const row of res.rows as unknown as { key: string; value?: { rev: string; deleted?: boolean }; doc?: Stored | null; error?: string }[]) {
      if (row.doc) out.set(row.key, row.doc);
      else if (row.value?.deleted) out.set(row.key, { _rev: row.value.rev, deleted: true });
    }
    return out;
  }

  /** Writes the rates; returns the reason for each id that could not be written. */
  async write(db: string, rates: RateDoc[]): Promise<Map<string, string>> {
    const failed = new Map<string, string>();
    if (rates.length === 0) return failed;
    if (!this.ensured.has(db)) {
      await this.couch.ensureDb(db);
      this.ensured.add(db);
    }
    const now = gregorianNow();
    const fresh = new Map(rates.map((r) => [r._id, this.stamp(db, r, now)]));
    let pending = [...fresh.keys()];
    let conflicts = 0;
    let blind = !this.readFirst.get(db);
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const docs: Record<string, unknown>[] = [];
      if (blind) {
        for (const id of pending) docs.push(fresh.get(id) as Record<string, unknown>);
      } else {
        const existing = await this.readExisting(db, pending);
        if (round === 0) conflicts += existing.size;
        for (const id of pending) {
          const cur = existing.get(id);
          if (cur && 'deleted' in cur && cur.deleted === true) {
            docs.push({ ...(fresh.get(id) as Record<string, unknown>), _rev: cur._rev });
            continue;
          }
          const stored = cur as Stored | undefined;
          const owner = this.foreignOwner(stored);
          if (owner) {
            failed.set(id, `rate ${id} in ${db} belongs to ${owner === 'the system' ? 'the system' : `account ${owner}`}; give the row a rate_suffix to add a rate of your own`);
            continue;
          }
          docs.push(this.merge(stored, fresh.get(id) as Record<string, unknown>));
        }
      }
      const results = docs.length > 0 ? ((await this.couch.db(db).bulk({ docs })) as unknown as BulkRow[]) : [];
      const retry: string[] = [];
      results.forEach((r, i) => {
        const id = r.id ?? String(docs[i]._id);
        if (!r.error) return;
        if (r.error === 'conflict') {
          retry.push(id);
          if (round === 0) conflicts++;
        } else {
          failed.set(id, `could not save rate ${id} in ${db}: ${r.error}${r.reason ? ` (${r.reason})` : ''}`);
        }
      });
      pending = retry;
      blind = false;
    }
    for (const id of pending) failed.set(id, `could not save rate ${id} in ${db}: it kept changing under the import (conflict)`);
    this.readFirst.set(db, conflicts * 2 > rates.length);
    return failed;
  }
}
