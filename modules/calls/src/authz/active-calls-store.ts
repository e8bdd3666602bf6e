// The running calls kept in CouchDB (db `active_calls`) so that a charging instance that starts
// knows the calls already up: every instance writes its whole table as one snapshot doc of its own
// (`snapshot:<instance>`) every SNAPSHOT_MS when it changed, and once more when it stops. A
// starting instance loads the freshest snapshot (the other instances' tables are the same, fed by
// the same announcements and destroys) and removes snapshots older than the calls' max age (those
// of instances long gone). One write per instance per few seconds, however many calls come and go
// — a doc per call would cost CouchDB a write per authorization.
import type { Couch, Doc } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { ActiveCall } from './active-calls';
import type { Direction } from './authz-request';

const log = createLogger('calls');

export const ACTIVE_CALLS_DB = 'active_calls';
export const ACTIVE_CALLS_TYPE = 'active_calls';
/** How often a changed table is written. */
export const SNAPSHOT_MS = 5000;

/** One call as stored in a snapshot (Kazoo-style snake_case keys). */
export function activeCallDoc(call: ActiveCall): Record<string, unknown> {
  return {
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
  if (!callId || !accountId || typeof doc.authorized_at !== 'number') return undefined;
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

export interface ActiveCallsStoreOptions {
  couch: Couch;
  /** This instance's name in the snapshot's id (unique among running instances). */
  instance: string;
  /** The table to write. */
  calls: () => ActiveCall[];
  now?: () => number;
}

export class ActiveCallsStore {
  private readonly id: string;
  private rev: string | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly opts: ActiveCallsStoreOptions) {
    this.id = `snapshot:${opts.instance}`;
    this.now = opts.now ?? Date.now;
  }

  /** The calls of the freshest snapshot younger than `maxAgeMs`; older snapshots are removed. */
  async load(maxAgeMs: number): Promise<ActiveCall[]> {
    const { couch } = this.opts;
    await couch.ensureDb(ACTIVE_CALLS_DB);
    let freshest: Doc | undefined;
    const stale: Doc[] = [];
    for await (const page of couch.docPages(ACTIVE_CALLS_DB, { pageSize: 100 })) {
      for (const doc of page) {
        if (doc.pvt_type !== ACTIVE_CALLS_TYPE || typeof doc.written_at !== 'number') continue;
        if (doc._id === this.id) this.rev = String(doc._rev);
        if (this.now() - doc.written_at > maxAgeMs) stale.push(doc);
        else if (!freshest || (freshest.written_at as number) < doc.written_at) freshest = doc;
      }
    }
    if (stale.length > 0) {
      const results = await couch.bulk(ACTIVE_CALLS_DB, stale.map((d) => ({ _id: d._id, _rev: d._rev, _deleted: true })));
      if (results.some((r) => r.ok && r.id === this.id)) this.rev = undefined;
    }
    const calls = Array.isArray(freshest?.calls) ? (freshest.calls as Record<string, unknown>[]) : [];
    return calls.map(activeCallOf).filter((c): c is ActiveCall => c !== undefined);
  }

  /** Writes a changed table every SNAPSHOT_MS from now on. */
  start(): void {
    this.timer = setInterval(() => {
      if (this.dirty) void this.write();
    }, SNAPSHOT_MS);
    this.timer.unref();
  }

  /** The table changed: the next snapshot writes it. */
  changed(): void {
    this.dirty = true;
  }

  /** Writes the table now (and waits for a write under way). */
  write(): Promise<void> {
    this.writing = this.writing.then(() => this.writeNow()).catch((err: unknown) => {
      this.dirty = true;
      log.warn('running calls not written; tried again at the next snapshot', { error: (err as Error).message });
    });
    return this.writing;
  }

  /** The last snapshot, then no more. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.dirty) await this.write();
    await this.writing;
  }

  private async writeNow(): Promise<void> {
    this.dirty = false;
    const doc: Doc = {
      _id: this.id,
      pvt_type: ACTIVE_CALLS_TYPE,
      written_at: this.now(),
      calls: this.opts.calls().map(activeCallDoc),
      ...(this.rev ? { _rev: this.rev } : {}),
    };
    const [result] = await this.opts.couch.bulk(ACTIVE_CALLS_DB, [doc]);
    if (result.ok) {
      this.rev = result.rev;
      return;
    }
    // Our revision is not the stored one (the doc was removed as stale by a starting instance):
    // read it once and write again at the next tick.
    const current = await this.opts.couch.get(ACTIVE_CALLS_DB, this.id);
    this.rev = current?._rev;
    throw new Error(`snapshot ${this.id} refused: ${result.error}`);
  }
}
