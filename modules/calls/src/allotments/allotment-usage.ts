// Which free seconds the calls of a batch consume, in order. For each account with allotments, its
// calls are taken by end time (then call id), each against what is left of its allotment in the
// cycle it ended in: the consumption docs already in the MODBs (view allotments/consumed), plus
// what this process has planned and not yet seen written (two batches may be under way at once:
// the second sees the first's consumption before it is in CouchDB). A call whose consumption doc
// is already there (a redelivery, a batch written again after a crash) reuses what it recorded,
// so it is charged exactly as the first time. Two instances charging calls of the same account at
// the same moment may both take the last free seconds (as two jonny5s may in Kazoo): no lock.
import { type Couch, fromGregorian, modbName } from '@tollgate/kazoo-db';
import type { FinishedCall } from '../charge/finished-call';
import { type ConsumedRow, type ConsumptionWrite, consumedBetween, readAllotments } from './allotment-store';
import { type Allotment, type Consumption, consume, consumptionDoc, cycleOf, findAllotment, roundedConsumption } from './allotments';

export interface AllotmentCandidate {
  call: FinishedCall;
  /** The number's classification (number_manager classifiers), when known. */
  classification?: string;
  /** The iso_country_code of the rate the call was priced at, when known. */
  country?: string;
}

export interface AllotmentPlan {
  allotment: Allotment;
  consumption: Consumption;
  write: ConsumptionWrite;
  /** Its consumption doc was already there (or planned earlier): reused, not recomputed. */
  reused: boolean;
}

export interface AllotmentUsageDeps {
  couch: Couch;
  /** An account's allotments (default: read each time, readAllotments). */
  allotmentsOf?: (accountId: string) => Promise<Allotment[]>;
}

/** Coverage of a call that recorded `consumed` seconds before (the same answer as then). */
function coverageOf(a: Allotment, billingSeconds: number, consumed: number): Consumption {
  const rounded = roundedConsumption(a, billingSeconds);
  if (consumed >= rounded) return { consumed, covered: billingSeconds, remainder: 0 };
  const covered = Math.min(billingSeconds, consumed);
  return { consumed, covered, remainder: billingSeconds - covered };
}

export class AllotmentUsage {
  /** Planned, not yet known written: account → call id → row. */
  private readonly pending = new Map<string, Map<string, ConsumedRow>>();
  private readonly allotmentsOf: (accountId: string) => Promise<Allotment[]>;

  constructor(private readonly deps: AllotmentUsageDeps) {
    this.allotmentsOf = deps.allotmentsOf ?? ((id) => readAllotments(deps.couch, id));
  }

  /** The plans of the calls that draw on an allotment, by call id. */
  async plan(candidates: readonly AllotmentCandidate[]): Promise<Map<string, AllotmentPlan>> {
    const byAccount = new Map<string, AllotmentCandidate[]>();
    for (const c of candidates) {
      const id = c.call.accountId;
      if (!id || c.call.billingSeconds <= 0) continue;
      byAccount.set(id, [...(byAccount.get(id) ?? []), c]);
    }
    const plans = new Map<string, AllotmentPlan>();
    await Promise.all([...byAccount].map(([accountId, calls]) => this.planAccount(accountId, calls, plans)));
    return plans;
  }

  /** The batch's consumption is in CouchDB: the view has it from now on. */
  written(plans: Iterable<AllotmentPlan>): void {
    for (const p of plans) {
      const rows = this.pending.get(p.write.doc.account_id);
      rows?.delete(p.write.doc.call_id);
      if (rows && rows.size === 0) this.pending.delete(p.write.doc.account_id);
    }
  }

  private async planAccount(accountId: string, calls: AllotmentCandidate[], plans: Map<string, AllotmentPlan>): Promise<void> {
    const allotments = await this.allotmentsOf(accountId);
    if (allotments.length === 0) return;
    const ordered = [...calls].sort((a, b) => a.call.timestamp - b.call.timestamp || (a.call.callId < b.call.callId ? -1 : a.call.callId > b.call.callId ? 1 : 0));
    const loaded = new Map<string, Promise<ConsumedRow[]>>();
    for (const { call, classification, country } of ordered) {
      const a = findAllotment(allotments, { direction: call.direction, classification, number: call.number, country });
      if (!a) continue;
      const bounds = cycleOf(a.cycle, call.timestamp);
      const keys = [a.key, ...a.groupConsume];
      const loadKey = `${keys.join('\n')}\n${bounds.start}`;
      // Pending first, then the view: a batch written in between is in one or the other.
      const pendingBefore = [...(this.pending.get(accountId)?.values() ?? [])];
      let stored = loaded.get(loadKey);
      if (!stored) {
        stored = consumedBetween(this.deps.couch, accountId, keys, bounds);
        loaded.set(loadKey, stored);
      }
      const rows = new Map<string, ConsumedRow>();
      for (const r of [...pendingBefore, ...(this.pending.get(accountId)?.values() ?? []), ...(await stored)]) {
        if (keys.includes(r.key) && r.at >= bounds.start && r.at < bounds.end) rows.set(`${r.key}\n${r.callId}`, r);
      }
      const own = rows.get(`${a.key}\n${call.callId}`);
      let consumption: Consumption;
      if (own) {
        consumption = coverageOf(a, call.billingSeconds, own.seconds);
      } else {
        let used = 0;
        for (const r of rows.values()) used += r.seconds;
        consumption = consume(a, call.billingSeconds, a.amount - used);
      }
      if (consumption.consumed <= 0) continue;
      const doc = consumptionDoc(accountId, call.callId, a, consumption.consumed, call.timestamp, { direction: call.direction, number: call.number });
      const write = { db: modbName(accountId, fromGregorian(call.timestamp)), doc };
      plans.set(call.callId, { allotment: a, consumption, write, reused: own !== undefined });
      const pending = this.pending.get(accountId) ?? new Map<string, ConsumedRow>();
      pending.set(call.callId, { callId: call.callId, key: a.key, seconds: consumption.consumed, at: call.timestamp });
      this.pending.set(accountId, pending);
    }
  }
}
