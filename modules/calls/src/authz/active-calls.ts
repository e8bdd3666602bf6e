// The calls that are up, as jonny5's j5_channels keeps them: each authorized call with who pays
// for it and how (account/reseller billing), its direction and rate; marked destroyed by its
// CHANNEL_DESTROY (a destroy that comes first is remembered, so a late authorization of the same
// call is not counted), and forgotten after `maxAgeMs` when no destroy comes. Pure and in memory:
// the charging service feeds it from the bus and persists it (active-calls-store.ts).
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

/**
 * j5_channels:call_cost: a running call priced for the seconds since it was authorized plus a
 * minute (Kazoo counts from the answer; authorization comes first, so this estimate is never lower).
 */
export function runningCallCost(call: ActiveCall, nowMs: number): number {
  if (!call.rate) return 0;
  const seconds = Math.max(0, Math.ceil((nowMs - call.authorizedAt) / 1000)) + 60;
  return callCost(call.rate.rate, seconds, { discountPercent: call.rate.discountPercent });
}

export class ActiveCalls {
  private readonly calls = new Map<string, ActiveCall>();
  /** Call ids destroyed (value: when) whose authorization may still come. */
  private readonly destroyed = new Map<string, number>();
  private readonly byAccount = new Map<string, Set<string>>();

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
    for (const id of this.partiesOf(call)) {
      let set = this.byAccount.get(id);
      if (!set) {
        set = new Set();
        this.byAccount.set(id, set);
      }
      set.add(call.callId);
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
    const out: AccountUsage = { calls: 0, resourceConsuming: 0, inboundFlatRate: 0, outboundFlatRate: 0, perMinuteCostUnits: 0 };
    const ids = this.byAccount.get(accountId);
    if (!ids) return out;
    const skip = new Set(exclude.filter((x): x is string => x !== undefined));
    const unique = new Set<string>();
    const consuming = new Set<string>();
    for (const id of ids) {
      const call = this.calls.get(id);
      if (!call || skip.has(call.callId) || (call.otherLegCallId !== undefined && skip.has(call.otherLegCallId))) continue;
      const billing = call.accountId === accountId ? call.accountBilling : call.resellerBilling;
      // count_unique_calls: a leg with another leg counts as that other leg's call.
      const key = call.otherLegCallId ?? call.callId;
      unique.add(key);
      if (billing !== undefined && billing !== 'limits_disabled') consuming.add(key);
      if (billing !== undefined && FLAT_RATE.has(billing)) {
        if (call.direction === 'inbound') out.inboundFlatRate++;
        else out.outboundFlatRate++;
      }
      if (billing === 'per_minute') out.perMinuteCostUnits += runningCallCost(call, nowMs);
    }
    out.calls = unique.size;
    out.resourceConsuming = consuming.size;
    return out;
  }

  private partiesOf(call: ActiveCall): string[] {
    return call.resellerId && call.resellerId !== call.accountId ? [call.accountId, call.resellerId] : [call.accountId];
  }

  private remove(callId: string): ActiveCall | undefined {
    const call = this.calls.get(callId);
    if (!call) return undefined;
    this.calls.delete(callId);
    for (const id of this.partiesOf(call)) {
      const set = this.byAccount.get(id);
      set?.delete(callId);
      if (set?.size === 0) this.byAccount.delete(id);
    }
    return call;
  }
}
