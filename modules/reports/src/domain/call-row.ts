// A call as a row of the CDR report: who made it, which way, when, how long, and its money in
// dollars — what the client was sold (`sell`), and for a viewer at or above the client's reseller
// what the call cost the reseller (`cost`) and `profit` = sell − cost, from the CDR's private
// billing (units, converted once per cell). A client's report has no cost or profit column. Pure.
import { cdrRow, type StoredCdr } from '@tollgate/calls';
import { unitsToDollars } from '@tollgate/money';

const CLIENT_COLUMNS = ['call_id', 'account_id', 'account_name', 'direction', 'from', 'to', 'datetime', 'duration_seconds', 'billing_seconds', 'sell'] as const;
const RESELLER_COLUMNS = [...CLIENT_COLUMNS, 'cost', 'profit'] as const;

/** The report's columns, in order: with `cost` and `profit` only for a viewer who may see them. */
export function callReportColumns(withCost: boolean): string[] {
  return withCost ? [...RESELLER_COLUMNS] : [...CLIENT_COLUMNS];
}

export interface CallRowOptions {
  accountId: string;
  accountName: string;
  /** The report carries the cost and profit columns. */
  withCost: boolean;
  /** This call's reseller is one the viewer may see the cost of (else the cells stay empty). */
  costVisible: boolean;
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

export function callReportRow(cdr: StoredCdr, o: CallRowOptions): Record<string, unknown> {
  // Kazoo's columns (dialed number, calling from, datetime) as cb_cdrs makes them.
  const k = cdrRow(cdr, { resellerView: false, costVisible: false });
  const money = callMoney(cdr);
  const row: Record<string, unknown> = {
    call_id: k.call_id,
    account_id: o.accountId,
    account_name: o.accountName,
    direction: k.direction,
    from: k.calling_from,
    to: k.dialed_number,
    datetime: k.datetime,
    duration_seconds: k.duration_seconds,
    billing_seconds: k.billing_seconds,
    sell: unitsToDollars(money.sell),
  };
  if (o.withCost) {
    row.cost = o.costVisible && money.cost !== undefined ? unitsToDollars(money.cost) : '';
    row.profit = o.costVisible && money.profit !== undefined ? unitsToDollars(money.profit) : '';
  }
  return row;
}
