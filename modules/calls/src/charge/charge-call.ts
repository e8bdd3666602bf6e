// A finished call's money, as j5_channel_destroy reconciles it — plus what Kazoo cannot know, the
// reseller's own cost and so the profit:
//  - the customer's per-minute ledger entry (kz_ledger, j5_per_minute:create_ledger_usage) in its
//    MODB, only when the call was authorized per_minute for the account (Account-Billing);
//  - the reseller's entry in the reseller's MODB, naming the customer (`account`), priced on the
//    reseller's own rate, only when the reseller is not the account itself and the call was
//    authorized per_minute for the reseller (Reseller-Billing);
//  - profit = sell − cost, in units.
// A zero amount makes no entry (a ledger amount is at least 1 unit).
import { type LedgerDoc, newLedger, PER_MINUTE_SOURCE } from '@tollgate/ledger';
import { type ExactRate, type Price, customerPrice, resellerPrice } from './call-price';
import { type FinishedCall, PER_MINUTE } from './finished-call';

export interface CallRates {
  /** Rating's answer for the account and the number. */
  customer?: ExactRate;
  /** Rating's answer for the reseller's own account and the number. */
  reseller?: ExactRate;
  /** An incoming call on a DID with a per-minute rate (DID fees): the customer pays this instead. */
  did?: ExactRate;
}

export interface CallCharge {
  call: FinishedCall;
  /** The customer's price of the call (its sell price). */
  sell: Price;
  /** What the call costs the reseller; absent when the account is its own reseller or has none. */
  cost?: Price;
  /** sell − cost, units, when there is a reseller. */
  profit?: number;
  /** The free minutes the call used (its consumption doc is the caller's to write first). */
  allotment?: CallAllotment;
  customerLedger?: LedgerDoc;
  resellerLedger?: LedgerDoc;
}

/** j5_per_minute:metadata, with the rate the entry was priced on. */
function metadataOf(call: FinishedCall, price: Price): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    to: call.to,
    from: call.from,
    direction: call.direction,
    caller_id_number: call.callerIdNumber,
    caller_id_name: call.callerIdName,
    callee_id_number: call.calleeIdNumber,
    callee_id_name: call.calleeIdName,
    resource_type: call.resourceType,
    account_trunk_usage: call.accountTrunkUsage,
    reseller_trunk_usage: call.resellerTrunkUsage,
    rate: { ...price.rate, source: price.source },
  };
  for (const key of Object.keys(meta)) if (meta[key] === undefined) delete meta[key];
  return meta;
}

/** Billed per minute: `per_minute`, or Kazoo's `allotment_<classification>` (a call jonny5 let through on an allotment). */
export function isPerMinute(billing: string): boolean {
  return billing === PER_MINUTE || billing.startsWith('allotment_');
}

function callLedger(call: FinishedCall, ledgerAccountId: string, price: Price, about: { id: string; name?: string }, now?: number, allotment?: CallAllotment): LedgerDoc | undefined {
  if (price.units <= 0) return undefined;
  const metadata = metadataOf(call, price);
  if (allotment) metadata.allotment = { classification: allotment.key, seconds: allotment.consumed, covered_seconds: allotment.covered };
  const start = call.timestamp - Math.max(0, call.durationSeconds ?? call.billingSeconds);
  return newLedger({
    ledgerAccountId,
    type: 'debit',
    amount: price.units,
    account: about,
    source: { service: PER_MINUTE_SOURCE, id: call.callId },
    usage: { type: 'voice', quantity: price.billedSeconds, unit: 'sec' },
    period: { start, end: call.timestamp },
    description: price.rate.name,
    metadata,
    now,
  });
}

export interface CallAllotment {
  /** The allotment's key (Kazoo: the classification). */
  key: string;
  /** Seconds taken from the allotment. */
  consumed: number;
  /** Billing seconds it covered (not charged). */
  covered: number;
}

export interface ChargeOptions {
  /** Free minutes the call draws on: the customer is charged only for the billing seconds not covered. */
  allotment?: CallAllotment;
  /** The customer's account name (kz_ledger:set_account reads it), when known. */
  customerName?: string;
  now?: number;
}

/** What the finished call costs whom; undefined for a call of no account (nobody to charge). */
export function chargeCall(call: FinishedCall, rates: CallRates, opts: ChargeOptions = {}): CallCharge | undefined {
  const accountId = call.accountId;
  if (!accountId) return undefined;
  const about = opts.customerName === undefined ? { id: accountId } : { id: accountId, name: opts.customerName };
  const covered = opts.allotment?.covered ?? 0;
  const switchPrice = customerPrice(call, rates.customer);
  const wholeCall = rates.did ? customerPrice(call, rates.customer, 0, rates.did) : switchPrice;
  const sell = covered > 0 ? customerPrice(call, rates.customer, covered, rates.did) : wholeCall;
  const charge: CallCharge = { call, sell };
  if (opts.allotment && opts.allotment.consumed > 0) charge.allotment = opts.allotment;
  if (isPerMinute(call.accountBilling)) charge.customerLedger = callLedger(call, accountId, sell, about, opts.now, charge.allotment);
  const resellerId = call.resellerId;
  if (resellerId && resellerId !== accountId) {
    // The reseller pays its carrier for the whole call, free minutes or not.
    // Without a rate of its own, the reseller pays what the switch priced (not the DID rate it sells at).
    const cost = resellerPrice(call, rates.reseller, switchPrice);
    charge.cost = cost;
    charge.profit = sell.units - cost.units;
    if (call.resellerBilling === PER_MINUTE) charge.resellerLedger = callLedger(call, resellerId, cost, about, opts.now);
  }
  return charge;
}
