// A call as a row of the CDR report: who made it, which way, when, how long, and its money in
// dollars — what the client was sold (`sell`), and for a viewer at or above the client's reseller
// what the call cost the reseller (`cost`) and `profit` = sell − cost, from the CDR's private
// billing (units, converted once per cell). A client's report has no cost or profit column.
// A CDR is first reduced to a ReportCall (what the report needs of it, computed once; the report
// cache keeps calls in that form), then made a row for a viewer. Pure.
import { cdrRow, type StoredCdr } from '@tollgate/calls';
import { unitsToDollars } from '@tollgate/money';

const CLIENT_COLUMNS = ['call_id', 'account_id', 'account_name', 'direction', 'from', 'to', 'datetime', 'duration_seconds', 'billing_seconds', 'sell'] as const;
const RESELLER_COLUMNS = [...CLIENT_COLUMNS, 'cost', 'profit'] as const;

/** The report's columns, in order: with `cost` and `profit` only for a viewer who may see them. */
export function callReportColumns(withCost: boolean): string[] {
  return withCost ? [...RESELLER_COLUMNS] : [...CLIENT_COLUMNS];
}

/** What the report needs of one CDR. */
export interface ReportCall {
  id: string;
  /** `pvt_created` (the listing's key): which period the call is in. */
  created: number;
  /** `custom_channel_vars.owner_id`, '' when none: the per-user report. */
  owner: string;
  callId: unknown;
  direction: unknown;
  from: unknown;
  to: unknown;
  datetime: unknown;
  duration: unknown;
  billing: unknown;
  /** Units. */
  sell: number;
  /** Units; absent when the call was priced without a reseller cost. */
  cost?: number;
  /** The reseller the call was priced for (who may see its cost). */
  reseller?: string;
}

/** The CDR's money in units: sell, and cost and profit when the call was priced for a reseller. */
export function callMoney(cdr: StoredCdr): { sell: number; cost?: number; profit?: number } {
  const b = cdr.pvt_tollgate_billing;
  if (!b) return { sell: 0, cost: 0, profit: 0 };
  const sell = Number.isSafeInteger(b.sell) ? b.sell : 0;
  if (!Number.isSafeInteger(b.cost)) return { sell };
  const cost = b.cost as number;
  return { sell, cost, profit: sell - cost };
}

/** The call a CDR is in the report; undefined for a doc the CDR listing leaves out (not a CDR, soft-deleted). */
export function reportCallOf(cdr: StoredCdr): ReportCall | undefined {
  if (cdr.pvt_type !== 'cdr' || cdr.pvt_deleted) return undefined;
  // Kazoo's columns (dialed number, calling from, datetime) as cb_cdrs makes them.
  const k = cdrRow(cdr, { resellerView: false, costVisible: false });
  const money = callMoney(cdr);
  const owner = cdr.custom_channel_vars?.owner_id;
  const reseller = cdr.pvt_tollgate_billing?.reseller_id;
  return {
    id: cdr._id,
    created: typeof cdr.pvt_created === 'number' ? cdr.pvt_created : 0,
    owner: typeof owner === 'string' ? owner : '',
    callId: k.call_id,
    direction: k.direction,
    from: k.calling_from,
    to: k.dialed_number,
    datetime: k.datetime,
    duration: k.duration_seconds,
    billing: k.billing_seconds,
    sell: money.sell,
    ...(money.cost !== undefined ? { cost: money.cost } : {}),
    ...(typeof reseller === 'string' ? { reseller } : {}),
  };
}

export interface CallRowOptions {
  accountId: string;
  accountName: string;
  /** The report carries the cost and profit columns. */
  withCost: boolean;
  /** This call's reseller is one the viewer may see the cost of (else the cells stay empty). */
  costVisible: boolean;
}

export function callReportRow(call: ReportCall, o: CallRowOptions): Record<string, unknown> {
  const row: Record<string, unknown> = {
    call_id: call.callId,
    account_id: o.accountId,
    account_name: o.accountName,
    direction: call.direction,
    from: call.from,
    to: call.to,
    datetime: call.datetime,
    duration_seconds: call.duration,
    billing_seconds: call.billing,
    sell: unitsToDollars(call.sell),
  };
  if (o.withCost) {
    const shown = o.costVisible && call.cost !== undefined;
    row.cost = shown ? unitsToDollars(call.cost as number) : '';
    row.profit = shown ? unitsToDollars(call.sell - (call.cost as number)) : '';
  }
  return row;
}

// The cells are '' rather than missing (cdrRow's rule), so null never stands for a value.
const json = (v: unknown): unknown => (v === undefined ? null : v);
const back = (v: unknown): unknown => (v === null ? '' : v);

/** A call as the report cache stores it: one flat array (a chunk of 5,000 is ~1 MB of JSON). */
export function encodeReportCall(c: ReportCall): unknown[] {
  return [c.id, c.created, c.owner, json(c.callId), json(c.direction), json(c.from), json(c.to), json(c.datetime), json(c.duration), json(c.billing), c.sell, c.cost ?? null, c.reseller ?? null];
}

/** The call an encoded array holds; undefined when it is not one (a cache of another format). */
export function decodeReportCall(a: unknown): ReportCall | undefined {
  if (!Array.isArray(a) || a.length !== 13 || typeof a[0] !== 'string' || typeof a[1] !== 'number' || typeof a[2] !== 'string' || typeof a[10] !== 'number') return undefined;
  const call: ReportCall = {
    id: a[0],
    created: a[1],
    owner: a[2],
    callId: back(a[3]),
    direction: back(a[4]),
    from: back(a[5]),
    to: back(a[6]),
    datetime: back(a[7]),
    duration: back(a[8]),
    billing: back(a[9]),
    sell: a[10],
  };
  if (typeof a[11] === 'number') call.cost = a[11];
  if (typeof a[12] === 'string') call.reseller = a[12];
  return call;
}
