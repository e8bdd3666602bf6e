// A finished, charged call written exactly as the charging writes it, for tests of what reads it:
// a CHANNEL_DESTROY of the customer's call, priced by chargeCall on the customer's and the
// reseller's rates (as rating would answer them), its CDR made by cdrDocOf with the call's money,
// and all of it written by recordCharges — the customer's per-minute debit and the reseller's cost
// entry (naming the customer) through the ledger module, the CDR `YYYYMM-<call id>`.
import type { KazooMessage } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import { unitsToDollars } from '@tollgate/money';
import type { ExactRate } from '../charge/call-price';
import { chargeCall } from '../charge/charge-call';
import { finishedCallOf } from '../charge/finished-call';
import { recordCharges } from '../charge/record-charges';
import { cdrDocOf } from '../cdr/cdr-doc';

export interface ChargedCall {
  customerId: string;
  customerName?: string;
  resellerId: string;
  callId: string;
  /** Gregorian seconds the call ended (the event's Timestamp: the month of its docs). */
  endedAt: number;
  billingSeconds: number;
  /** Units: the customer's charge and the reseller's cost, as rating prices the call for each. */
  sell: number;
  cost: number;
  /** The customer's rate on the channel, units per minute. */
  rate: number;
  rateName?: string;
  rateIncrement?: number;
  rateMinimum?: number;
  to?: string;
  from?: string;
  direction?: 'inbound' | 'outbound';
  ownerId?: string;
}

export interface ChargedCallIds {
  customerLedger: string;
  resellerLedger: string;
  cdr: string;
}

function destroyOf(call: ChargedCall): KazooMessage {
  const to = call.to ?? '+15035551234';
  const from = call.from ?? '+14155550000';
  return {
    'Event-Category': 'call_event',
    'Event-Name': 'CHANNEL_DESTROY',
    'App-Name': 'ecallmgr',
    'App-Version': '4.3.0',
    'Call-ID': call.callId,
    Timestamp: call.endedAt,
    'Duration-Seconds': call.billingSeconds + 5,
    'Billing-Seconds': call.billingSeconds,
    'Caller-ID-Number': from,
    'Caller-ID-Name': 'Caller',
    'Callee-ID-Number': to,
    'Hangup-Cause': 'NORMAL_CLEARING',
    Disposition: 'SEND_BYE',
    To: `${to}@example.com`,
    From: `${from}@example.com`,
    'To-Uri': `${to}@example.com`,
    'From-Uri': `${from}@example.com`,
    Request: `${to}@example.com`,
    'Call-Direction': call.direction ?? 'outbound',
    'Custom-Channel-Vars': {
      'Account-ID': call.customerId,
      'Reseller-ID': call.resellerId,
      'Account-Billing': 'per_minute',
      'Reseller-Billing': 'per_minute',
      Rate: String(call.rate),
      'Rate-Name': call.rateName ?? 'US-503',
      'Rate-Increment': String(call.rateIncrement ?? 6),
      'Rate-Minimum': String(call.rateMinimum ?? 6),
      'Rate-NoCharge-Time': '0',
      ...(call.ownerId ? { 'Owner-ID': call.ownerId } : {}),
    },
  } as KazooMessage;
}

/** What rating answers for `units` of this call at `perMinute` dollars. */
const exact = (perMinute: string, units: number, call: ChargedCall, name: string): ExactRate => ({
  costPerMinute: perMinute,
  surcharge: '0',
  increment: call.rateIncrement ?? 6,
  minimum: call.rateMinimum ?? 6,
  name,
  callUnits: units,
});

/** Writes the call's ledger entries and CDR as the charging does, and returns their ids. */
export async function writeChargedCall(deps: { couch: Couch }, call: ChargedCall): Promise<ChargedCallIds> {
  const event = destroyOf(call);
  const finished = finishedCallOf(event);
  const rates = { customer: exact(String(unitsToDollars(call.rate)), call.sell, call, call.rateName ?? 'US-503'), reseller: exact('0.009', call.cost, call, 'WHOLESALE') };
  const charge = chargeCall(finished, rates, { customerName: call.customerName ?? 'Customer', now: call.endedAt });
  if (!charge?.customerLedger || !charge.resellerLedger || !charge.cost) throw new Error(`the fixture's call ${call.callId} made no charge`);
  const billing = {
    sell: charge.sell.units,
    cost: charge.cost.units,
    profit: charge.profit,
    reseller_id: call.resellerId,
    rate_source: charge.sell.source,
    cost_source: charge.cost.source,
    billed_seconds: charge.sell.billedSeconds,
  };
  const cdr = cdrDocOf(event, call.customerId, { billing, now: call.endedAt });
  await recordCharges(deps, [charge], [cdr]);
  return { customerLedger: charge.customerLedger._id, resellerLedger: charge.resellerLedger._id, cdr: cdr.doc._id };
}
