// A finished, charged call as the charging writes it, for tests of what reads it: the customer's
// per-minute ledger debit (j5_per_minute:create_ledger_usage) in its MODB, the reseller's entry
// for the same call in the reseller's MODB (naming the customer, as kz_ledger:debit(Ledger,
// ResellerId) does) — both made and written by the ledger module — and the CDR
// (`YYYYMM-<call id>`) with Tollgate's money under its private key.
import { type Couch, ensureModb, fromGregorian, modbName } from '@tollgate/kazoo-db';
import { type LedgerDoc, newLedger, PER_MINUTE_SOURCE, saveLedgers } from '@tollgate/ledger';
import { DocWriter } from '@tollgate/service-kit';
import type { CdrDoc } from '../cdr-reads/cdr-doc';

export interface ChargedCall {
  customerId: string;
  customerName?: string;
  resellerId: string;
  callId: string;
  /** Gregorian seconds the call ended (the CDR's timestamp; its ledger's creation and period start). */
  endedAt: number;
  billingSeconds: number;
  /** Units: the customer's charge, the reseller's cost. */
  sell: number;
  cost: number;
  /** The customer's rate, units per minute. */
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

function monthPrefix(gregorian: number): string {
  const d = fromGregorian(gregorian);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function perMinuteLedger(call: ChargedCall, ownerId: string, amount: number): LedgerDoc {
  const to = call.to ?? '+15035551234';
  const from = call.from ?? '+14155550000';
  const name = call.rateName ?? 'US-503';
  return newLedger({
    ledgerAccountId: ownerId,
    type: 'debit',
    amount,
    account: { id: call.customerId, name: call.customerName ?? 'Customer' },
    source: { service: PER_MINUTE_SOURCE, id: call.callId },
    usage: { type: 'voice', quantity: call.billingSeconds, unit: 'sec' },
    period: { start: call.endedAt - call.billingSeconds - 5, end: call.endedAt },
    description: name,
    metadata: {
      to: `${to}@example.com`,
      from: `${from}@example.com`,
      direction: call.direction ?? 'outbound',
      rate: { name, value: call.rate, increment: call.rateIncrement ?? 6, minimum: call.rateMinimum ?? 6, nocharge_time: 0 },
    },
    now: call.endedAt,
  });
}

function cdrOf(call: ChargedCall): CdrDoc {
  const to = call.to ?? '+15035551234';
  const from = call.from ?? '+14155550000';
  return {
    _id: `${monthPrefix(call.endedAt)}-${call.callId}`,
    pvt_type: 'cdr',
    pvt_created: call.endedAt,
    pvt_account_id: call.customerId,
    call_id: call.callId,
    caller_id_number: from,
    caller_id_name: 'Caller',
    callee_id_number: to,
    callee_id_name: '',
    duration_seconds: call.billingSeconds + 5,
    billing_seconds: call.billingSeconds,
    timestamp: call.endedAt,
    hangup_cause: 'NORMAL_CLEARING',
    disposition: 'SEND_BYE',
    to: `${to}@example.com`,
    from: `${from}@example.com`,
    from_uri: `${from}@example.com`,
    to_uri: `${to}@example.com`,
    request: `${to}@example.com`,
    call_direction: call.direction ?? 'outbound',
    custom_channel_vars: {
      account_id: call.customerId,
      reseller_id: call.resellerId,
      account_billing: 'per_minute',
      reseller_billing: 'per_minute',
      rate: String(call.rate),
      rate_name: call.rateName ?? 'US-503',
      rate_increment: String(call.rateIncrement ?? 6),
      rate_minimum: String(call.rateMinimum ?? 6),
      ...(call.ownerId ? { owner_id: call.ownerId } : {}),
    },
    pvt_tollgate_billing: { sell: call.sell, cost: call.cost, profit: call.sell - call.cost, reseller_id: call.resellerId, rate_source: 'rating' },
  };
}

/** Writes the call's three docs (each announced through DocWriter) and returns their ids. */
export async function writeChargedCall(deps: { couch: Couch }, call: ChargedCall): Promise<ChargedCallIds> {
  const customerLedger = perMinuteLedger(call, call.customerId, call.sell);
  const resellerLedger = perMinuteLedger(call, call.resellerId, call.cost);
  await saveLedgers(deps, [customerLedger, resellerLedger]);
  const cdr = cdrOf(call);
  const cdrDb = modbName(call.customerId, fromGregorian(call.endedAt));
  await ensureModb(deps.couch, cdrDb);
  await new DocWriter({ couch: deps.couch }).put(cdrDb, cdr);
  return { customerLedger: customerLedger._id, resellerLedger: resellerLedger._id, cdr: cdr._id };
}
