// The CDR report read a page at a time: each account of the scope in turn (ordered by id). A JSON
// page reads the calls module's listing (MODB views, oldest first); the whole period (CSV,
// paginate=false) streams each month's report cache (call-cache.ts), so a report of a million
// calls holds one chunk in memory.
import { isCdrListingKey, listCdrs } from '@tollgate/calls';
import { type Couch, type ModbPageKey, modbsBetween } from '@tollgate/kazoo-db';
import { callReportRow, type ReportCall, reportCallOf } from '../domain/call-row';
import type { Period } from '../domain/period';
import { modbReportCalls } from './call-cache';
import type { ReportAccount } from './report-scope';

export interface CallReportQuery extends Period {
  /** Only this user's calls (the per-user report). */
  ownerId?: string;
  /** The report carries cost and profit. */
  withCost: boolean;
  /** May the viewer see what a call priced for `reseller` (undefined: not said) cost? */
  costVisible(account: ReportAccount, reseller: string | undefined): boolean;
}

/** Where a JSON page starts: an account of the scope, and where in its listing. */
export interface CallPageKey {
  account: string;
  key?: ModbPageKey;
}

/** Is `raw` a start key of this report (an account of the scope, a listing key within the period)? */
export function isCallPageKey(raw: unknown, accounts: readonly ReportAccount[], q: Period & { ownerId?: string }): raw is CallPageKey {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return false;
  const { account, key } = raw as { account?: unknown; key?: unknown };
  if (typeof account !== 'string' || !accounts.some((a) => a.id === account)) return false;
  if (key === undefined) return true;
  if (!key || typeof key !== 'object') return false;
  const k = key as { key?: unknown; skip?: unknown };
  return Number.isSafeInteger(k.skip) && (k.skip as number) >= 0 && isCdrListingKey(k.key, { from: q.from, to: q.to, ownerId: q.ownerId });
}

const rowOf = (a: ReportAccount, q: CallReportQuery) => (call: ReportCall) =>
  callReportRow(call, { accountId: a.id, accountName: a.name, withCost: q.withCost, costVisible: q.withCost && q.costVisible(a, call.reseller) });

/** One JSON page of at most `pageSize` rows from `start`; `next` where the following page starts. */
export async function callReportPage(
  couch: Couch,
  accounts: readonly ReportAccount[],
  q: CallReportQuery,
  pageSize: number,
  start?: CallPageKey,
): Promise<{ rows: Record<string, unknown>[]; next?: CallPageKey }> {
  const rows: Record<string, unknown>[] = [];
  let i = start ? accounts.findIndex((a) => a.id === start.account) : 0;
  let key = start?.key;
  for (; i >= 0 && i < accounts.length; i++, key = undefined) {
    const a = accounts[i];
    const want = pageSize - rows.length;
    const page = await listCdrs(couch, a.id, { from: q.from, to: q.to, ownerId: q.ownerId, pageSize: want, start: key, descending: false });
    const row = rowOf(a, q);
    for (const cdr of page.cdrs) {
      const call = reportCallOf(cdr);
      if (call) rows.push(row(call));
    }
    if (page.next) return { rows, next: { account: a.id, key: page.next } };
    if (rows.length >= pageSize) {
      const following = accounts[i + 1];
      return following ? { rows, next: { account: following.id } } : { rows };
    }
  }
  return { rows };
}

/**
 * Every row of the report, a page at a time (a cache chunk's calls of the period), account by
 * account, each month's calls in the order they were recorded (a JSON page is in `created` order).
 */
export async function* callReportRows(couch: Couch, accounts: readonly ReportAccount[], q: CallReportQuery): AsyncGenerator<Record<string, unknown>[]> {
  for (const a of accounts) {
    const row = rowOf(a, q);
    for (const db of await modbsBetween(couch, a.id, q.from, q.to)) {
      for await (const calls of modbReportCalls(couch, db, { created: q })) {
        const rows: Record<string, unknown>[] = [];
        for (const call of calls) {
          if (call.created < q.from || call.created > q.to) continue;
          if (q.ownerId !== undefined && call.owner !== q.ownerId) continue;
          rows.push(row(call));
        }
        if (rows.length > 0) yield rows;
      }
    }
  }
}
