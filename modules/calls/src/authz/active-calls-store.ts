// The running calls written behind to CouchDB (db `active_calls`, one doc per call id), so that a
// charging instance that starts loads the calls already up. Only the instance that authorized a
// call writes its doc, and it removes the doc when the call's CHANNEL_DESTROY comes; an instance
// that loaded docs at its start (it knows their revisions) removes those too, on their destroy or
// when they expire. Writes are gathered and sent in one `_bulk_docs` at most every FLUSH_MS; a
// doc authorized and destroyed before the flush is never written.
import type { Couch, Doc } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { ActiveCall } from './active-calls';
import type { Direction } from './authz-request';

const log = createLogger('calls');

export const ACTIVE_CALLS_DB = 'active_calls';
export const ACTIVE_CALL_TYPE = 'active_call';
const FLUSH_MS = 250;

type Pending = { op: 'put'; call: ActiveCall } | { op: 'delete' };

function docId(callId: string): string {
  // CouchDB reserves ids starting with `_`.
  return callId.startsWith('_') ? `call:${callId}` : callId;
}

export function activeCallDoc(call: ActiveCall): Doc {
  return {
    _id: docId(call.callId),
    pvt_type: ACTIVE_CALL_TYPE,
    call_id: call.callId,
    other_leg_call_id: call.otherLegCallId,
    direction: call.direction,
    account_id: call.accountId,
    account_billing: call.accountBilling,
    reseller_id: call.resellerId,
    reseller_billing: call.resellerBilling,
    authorized_at: call.authorizedAt,
    rate: call.rate ? { ...call.rate.rate, discount_percent: call.rate.discountPercent } : undefined,
  };
}

export function activeCallOf(doc: Record<string, unknown>): ActiveCall | undefined {
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const callId = s(doc.call_id);
  const accountId = s(doc.account_id);
  if (!callId || !accountId || typeof doc.authorized_at !== 'number' || doc.pvt_type !== ACTIVE_CALL_TYPE) return undefined;
  const r = doc.rate as Record<string, unknown> | undefined;
  return {
    callId,
    otherLegCallId: s(doc.other_leg_call_id),
    direction: (doc.direction === 'inbound' ? 'inbound' : 'outbound') as Direction,
    accountId,
    accountBilling: s(doc.account_billing) ?? 'limits_enforced',
    resellerId: s(doc.reseller_id),
    resellerBilling: s(doc.reseller_billing),
    authorizedAt: doc.authorized_at,
    rate: r
      ? {
          rate: {
            costPerMinute: String(r.costPerMinute),
            incrementSeconds: Number(r.incrementSeconds),
            minimumSeconds: Number(r.minimumSeconds),
            noChargeSeconds: Number(r.noChargeSeconds),
            surcharge: String(r.surcharge),
          },
          discountPercent: Number(r.discount_percent ?? 0),
        }
      : undefined,
  };
}

export class ActiveCallsStore {
  private readonly revs = new Map<string, string>();
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly couch: Couch) {}

  /** Every call doc in the db (the db made when missing). */
  async load(): Promise<ActiveCall[]> {
    await this.couch.ensureDb(ACTIVE_CALLS_DB);
    const out: ActiveCall[] = [];
    for await (const page of this.couch.docPages(ACTIVE_CALLS_DB, { pageSize: 2000 })) {
      for (const doc of page) {
        const call = activeCallOf(doc);
        if (call) {
          out.push(call);
          this.revs.set(call.callId, String(doc._rev));
        }
      }
    }
    return out;
  }

  /** This instance authorized the call: its doc is written. */
  saved(call: ActiveCall): void {
    this.queue(call.callId, { op: 'put', call });
  }

  /** The call is gone (destroyed or expired): its doc is removed if this instance knows it. */
  removed(callId: string): void {
    if (this.revs.has(callId) || this.pending.get(callId)?.op === 'put' || this.flushing) this.queue(callId, { op: 'delete' });
  }

  /** Writes what is pending now (and waits for a flush under way). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch((err: unknown) => log.warn('active calls not written at stop', { error: (err as Error).message }));
  }

  private queue(callId: string, p: Pending): void {
    const before = this.pending.get(callId);
    // Authorized and gone before anything was written: nothing to write.
    if (p.op === 'delete' && before?.op === 'put' && !this.revs.has(callId)) this.pending.delete(callId);
    else this.pending.set(callId, p);
    if (!this.timer && !this.stopped) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch((err: unknown) => log.warn('active calls not written; tried again with the next change', { error: (err as Error).message }));
      }, FLUSH_MS);
    }
  }

  private async write(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    const docs: Doc[] = [];
    const ids: string[] = [];
    for (const [callId, p] of batch) {
      const rev = this.revs.get(callId);
      if (p.op === 'put') docs.push(rev ? { ...activeCallDoc(p.call), _rev: rev } : activeCallDoc(p.call));
      else if (rev) docs.push({ _id: docId(callId), _rev: rev, _deleted: true });
      else continue;
      ids.push(callId);
    }
    if (docs.length === 0) return;
    let results: Awaited<ReturnType<Couch['bulk']>>;
    try {
      results = await this.couch.bulk(ACTIVE_CALLS_DB, docs);
    } catch (err) {
      // Put back what was not superseded meanwhile; the next change (or stop) tries again.
      for (const [callId, p] of batch) if (!this.pending.has(callId)) this.pending.set(callId, p);
      throw err;
    }
    results.forEach((r, i) => {
      const callId = ids[i];
      if (docs[i]._deleted) this.revs.delete(callId);
      else if (r.ok && r.rev) this.revs.set(callId, r.rev);
    });
  }
}
