// A finished, charged call as the charging writes it, for tests of what reads it: the customer's
// per-minute ledger debit (j5_per_minute:create_ledger_usage) in its MODB, the reseller's entry
// for the same call in the reseller's MODB (naming the customer, as kz_ledger:debit(Ledger,
// ResellerId) does), and the CDR (`YYYYMM-<call id>`) with Tollgate's money under its private key.
import { createHash } from 'node:crypto';
import { type Couch, deployDesignDocs, encodedAccountDb, fromGregorian, modbName } from '@tollgate/kazoo-db';
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

/** kz_ledger:maybe_add_id: `YYYYMM-<md5 of source, account, usage, period, type>`. */
function ledgerId(ledger: Record<string, unknown>, when: number): string {
  const hashed = { source: ledger.source, account: ledger.account, usage: ledger.usage, period: ledger.period, type: 'ledger' };
  return `${monthPrefix(when)}-${createHash('md5').update(JSON.stringify(hashed)).digest('hex')}`;
}

async function modbOf(couch: Couch, accountId: string, when: number): Promise<string> {
  const db = modbName(accountId, fromGregorian(when));
  if (await couch.ensureDb(db)) await deployDesignDocs(couch, db, 'modb');
  return db;
}

function perMinuteLedger(call: ChargedCall, ownerId: string, amount: number): Record<string, unknown> {
  const to = call.to ?? '+15035551234';
  const from = call.from ?? '+14155550000';
  const ledger: Record<string, unknown> = {
    pvt_type: 'ledger',
    pvt_ledger_type: 'debit',
    amount,
    account: { id: call.customerId, name: call.customerName ?? 'Customer' },
    source: { service: 'per-minute-voip', id: call.callId },
    usage: { type: 'voice', quantity: call.billingSeconds, unit: 'sec' },
    period: { start: call.endedAt },
    description: call.rateName ?? 'US-503',
    metadata: {
      to: `${to}@example.com`,
      from: `${from}@example.com`,
      direction: call.direction ?? 'outbound',
      rate: { name: call.rateName ?? 'US-503', value: call.rate, increment: call.rateIncrement ?? 6, minimum: call.rateMinimum ?? 6, nocharge_time: 0 },
    },
    pvt_account_id: ownerId,
    pvt_account_db: encodedAccountDb(ownerId),
    pvt_created: call.endedAt,
    pvt_modified: call.endedAt,
  };
  return { _id: ledgerId(ledger, call.endedAt), ...ledger };
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
  const writer = new DocWriter({ couch: deps.couch });
  const customerLedger = perMinuteLedger(call, call.customerId, call.sell);
  const resellerLedger = perMinuteLedger(call, call.resellerId, call.cost);
  const cdr = cdrOf(call);
  await writer.put(await modbOf(deps.couch, call.customerId, call.endedAt), customerLedger);
  await writer.put(await modbOf(deps.couch, call.resellerId, call.endedAt), resellerLedger);
  await writer.put(await modbOf(deps.couch, call.customerId, call.endedAt), cdr);
  return { customerLedger: String(customerLedger._id), resellerLedger: String(resellerLedger._id), cdr: cdr._id };
}
