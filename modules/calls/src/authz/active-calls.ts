// The calls that are up, as jonny5's j5_channels keeps them: each authorized call with who pays
// for it and how (account/reseller billing), its direction and rate; marked destroyed by its
// CHANNEL_DESTROY (a destroy that comes first is remembered, so a late authorization of the same
// call is not counted), and forgotten after `maxAgeMs` when no destroy comes. Pure and in memory:
// the charging service feeds it from the bus and persists it (active-calls-store.ts).
// Each account's counts are kept as calls come and go (an authorization reads them in O(1), not by
// walking a reseller's thousands of calls); the per-minute estimate is summed once per second per
// account and moved by the calls added or removed within that second.
import { callCost } from '@tollgate/money';
import type { ActiveRate, Direction } from './authz-request';

export interface ActiveCall {
  callId: string;
  otherLegCallId?: string;
  direction: Direction;
  accountId: string;
  accountBilling: string;
  resellerId?: string;
  resellerBilling?: string;
  /** When the call was authorized (ms since the epoch). */
  authorizedAt: number;
  rate?: ActiveRate;
}

/** What an account's running calls use (j5_channels' counts), the request's own call left out. */
export interface AccountUsage {
  /** Unique calls of the account or as reseller (a call's two legs count once): j5_channels:total_calls. */
  calls: number;
  /** The same, of calls whose billing is not limits_disabled: j5_channels:resource_consuming. */
  resourceConsuming: number;
  /** Flat-rate (or burst) legs per direction: j5_channels:inbound_flat_rate / outbound_flat_rate. */
  inboundFlatRate: number;
  outboundFlatRate: number;
  /** j5_channels:per_minute_cost: what the per-minute calls will have cost a minute from now, in units. */
  perMinuteCostUnits: number;
}

/** How long a destroy is remembered for an authorization that comes after it (j5_channels' cleanup: a minute). */
export const DESTROYED_KEPT_MS = 5 * 60 * 1000;

const FLAT_RATE = new Set(['flat_rate', 'flat_rate_burst']);

const lastCost = new WeakMap<ActiveCall, { seconds: number; units: number }>();

/**
 * j5_channels:call_cost: a running call priced for the seconds since it was authorized plus a
 * minute (Kazoo counts from the answer; authorization comes first, so this estimate is never lower).
 */
export function runningCallCost(call: ActiveCall, nowMs: number): number {
  if (!call.rate) return 0;
  const seconds = Math.max(0, Math.ceil((nowMs - call.authorizedAt) / 1000)) + 60;
  // The same call is priced for the same second several times (added, left out, removed): once.
  const known = lastCost.get(call);
  if (known?.seconds === seconds) return known.units;
  const units = callCost(call.rate.rate, seconds, { discountPercent: call.rate.discountPercent });
  lastCost.set(call, { seconds, units });
  return units;
}


/** One account's share of the running calls, as its counts. */
class AccountCalls {
  readonly ids = new Set<string>();
  /** Unique-call key (other leg, else call id) → legs, all calls; and of resource-consuming calls. */
  readonly keys = new Map<string, number>();
  readonly consumingKeys = new Map<string, number>();
  inboundFlat = 0;
  outboundFlat = 0;
  readonly perMinute = new Map<string, ActiveCall>();
  /** The per-minute estimate at the start of `second` (epoch seconds). */
  cost: { second: number; units: number } | undefined;
}

interface Share {
  key: string;
  consuming: boolean;
  flat: 'inbound' | 'outbound' | undefined;
  perMinute: boolean;
}

function shareOf(call: ActiveCall, accountId: string): Share {
  const billing = call.accountId === accountId ? call.accountBilling : call.resellerBilling;
  return {
    // count_unique_calls: a leg with another leg counts as that other leg's call.
    key: call.otherLegCallId ?? call.callId,
    consuming: billing !== undefined && billing !== 'limits_disabled',
    flat: billing !== undefined && FLAT_RATE.has(billing) ? call.direction : undefined,
    perMinute: billing === 'per_minute',
  };
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

export class ActiveCalls {
  private readonly calls = new Map<string, ActiveCall>();
  /** Call ids destroyed (value: when) whose authorization may still come. */
  private readonly destroyed = new Map<string, number>();
  private readonly byAccount = new Map<string, AccountCalls>();
  /** Other leg id → the calls naming it. */
  private readonly byOtherLeg = new Map<string, Set<string>>();

  constructor(private readonly maxAgeMs: () => number) {}

  get size(): number {
    return this.calls.size;
  }

  has(callId: string): boolean {
    return this.calls.has(callId);
  }

  isDestroyed(callId: string): boolean {
    return this.destroyed.has(callId);
  }

  all(): ActiveCall[] {
    return [...this.calls.values()];
  }

  /** j5_channels:authorized: added (or updated) unless its destroy came first. False when not added. */
  authorized(call: ActiveCall): boolean {
    if (this.destroyed.has(call.callId)) return false;
    this.remove(call.callId);
    this.calls.set(call.callId, call);
    if (call.otherLegCallId !== undefined) {
      let set = this.byOtherLeg.get(call.otherLegCallId);
      if (!set) {
        set = new Set();
        this.byOtherLeg.set(call.otherLegCallId, set);
      }
      set.add(call.callId);
    }
    for (const id of this.partiesOf(call)) {
      let a = this.byAccount.get(id);
      if (!a) {
        a = new AccountCalls();
        this.byAccount.set(id, a);
      }
      const share = shareOf(call, id);
      a.ids.add(call.callId);
      bump(a.keys, share.key, 1);
      if (share.consuming) bump(a.consumingKeys, share.key, 1);
      if (share.flat === 'inbound') a.inboundFlat++;
      if (share.flat === 'outbound') a.outboundFlat++;
      if (share.perMinute) {
        a.perMinute.set(call.callId, call);
        if (a.cost) a.cost.units += runningCallCost(call, a.cost.second * 1000);
      }
    }
    return true;
  }

  /** A CHANNEL_DESTROY: the call is gone (remembered a while, in case its authorization comes late). */
  destroy(callId: string, nowMs: number): ActiveCall | undefined {
    const call = this.remove(callId);
    this.destroyed.set(callId, nowMs);
    return call;
  }

  /** Forgets calls authorized and destroys seen longer than the max age ago; returns the calls forgotten. */
  expire(nowMs: number): ActiveCall[] {
    const limit = nowMs - this.maxAgeMs();
    const gone: ActiveCall[] = [];
    for (const call of this.calls.values()) if (call.authorizedAt < limit) gone.push(call);
    for (const call of gone) this.remove(call.callId);
    const destroyedLimit = nowMs - Math.min(this.maxAgeMs(), DESTROYED_KEPT_MS);
    for (const [id, at] of this.destroyed) if (at < destroyedLimit) this.destroyed.delete(id);
    return gone;
  }

  /** The account's usage, leaving out the calls of `exclude` (the request's own call id and other leg). */
  usage(accountId: string, nowMs: number, exclude: readonly (string | undefined)[] = []): AccountUsage {
    const a = this.byAccount.get(accountId);
    if (!a) return { calls: 0, resourceConsuming: 0, inboundFlatRate: 0, outboundFlatRate: 0, perMinuteCostUnits: 0 };
    const second = Math.floor(nowMs / 1000);
    if (!a.cost || a.cost.second !== second) {
      let units = 0;
      for (const call of a.perMinute.values()) units += runningCallCost(call, second * 1000);
      a.cost = { second, units };
    }
    const out: AccountUsage = { calls: a.keys.size, resourceConsuming: a.consumingKeys.size, inboundFlatRate: a.inboundFlat, outboundFlatRate: a.outboundFlat, perMinuteCostUnits: a.cost.units };
    const left = this.excludedOf(a, exclude);
    if (left.length === 0) return out;
    const less = new Map<string, number>();
    const lessConsuming = new Map<string, number>();
    for (const call of left) {
      const share = shareOf(call, accountId);
      bump(less, share.key, 1);
      if (share.consuming) bump(lessConsuming, share.key, 1);
      if (share.flat === 'inbound') out.inboundFlatRate--;
      if (share.flat === 'outbound') out.outboundFlatRate--;
      if (share.perMinute) out.perMinuteCostUnits -= runningCallCost(call, second * 1000);
    }
    for (const [key, n] of less) if ((a.keys.get(key) ?? 0) <= n) out.calls--;
    for (const [key, n] of lessConsuming) if ((a.consumingKeys.get(key) ?? 0) <= n) out.resourceConsuming--;
    return out;
  }

  /** The account's calls that are the excluded ids or name one as their other leg. */
  private excludedOf(a: AccountCalls, exclude: readonly (string | undefined)[]): ActiveCall[] {
    const ids = new Set<string>();
    for (const x of exclude) {
      if (x === undefined) continue;
      if (a.ids.has(x)) ids.add(x);
      for (const id of this.byOtherLeg.get(x) ?? []) if (a.ids.has(id)) ids.add(id);
    }
    return [...ids].map((id) => this.calls.get(id)).filter((c): c is ActiveCall => c !== undefined);
  }

  private partiesOf(call: ActiveCall): string[] {
    return call.resellerId && call.resellerId !== call.accountId ? [call.accountId, call.resellerId] : [call.accountId];
  }

  private remove(callId: string): ActiveCall | undefined {
    const call = this.calls.get(callId);
    if (!call) return undefined;
    this.calls.delete(callId);
    if (call.otherLegCallId !== undefined) {
      const set = this.byOtherLeg.get(call.otherLegCallId);
      set?.delete(callId);
      if (set?.size === 0) this.byOtherLeg.delete(call.otherLegCallId);
    }
    for (const id of this.partiesOf(call)) {
      const a = this.byAccount.get(id);
      if (!a) continue;
      const share = shareOf(call, id);
      a.ids.delete(callId);
      bump(a.keys, share.key, -1);
      if (share.consuming) bump(a.consumingKeys, share.key, -1);
      if (share.flat === 'inbound') a.inboundFlat--;
      if (share.flat === 'outbound') a.outboundFlat--;
      if (share.perMinute) {
        a.perMinute.delete(callId);
        if (a.cost) a.cost.units -= runningCallCost(call, a.cost.second * 1000);
      }
      if (a.ids.size === 0) this.byAccount.delete(id);
    }
    return call;
  }
}
