// Reads of the ledger docs (kz_ledger, `pvt_type: ledger`) in an account's MODBs, through Kazoo's
// `ledgers` views (couchdb-views/modb/ledgers.json) as cb_ledgers and kz_ledgers read them: the
// entries of one source service in a time range, a page at a time; the totals per source over a
// range; a month's summary with its breakdown per account; one entry by id. Amounts are units.
import { type Couch, type ModbPageKey, modbName, modbsBetween, modbView, modbViewPage } from '@tollgate/kazoo-db';
import type { LedgerDoc } from '../domain/ledger-doc';

/** A sum's usage: quantities added, the type and unit of the first entry. */
export interface LedgerUsage {
  type?: string;
  quantity?: number;
  unit?: string;
}

/** A source's (or an account's) sum: amount in units, credits positive and debits negative; usage quantities added. */
export interface LedgerSum {
  amount: number;
  usage: LedgerUsage;
}

/** One account's part of a month (view summary_by_account). */
export interface LedgerAccountSummary {
  account: { id: string; name?: string };
  ledgers: Record<string, LedgerSum>;
  /** Units, the sum over its sources. */
  total: number;
}

const DESIGN = 'ledgers';

export interface LedgerEntriesQuery {
  /** Gregorian seconds, inclusive. */
  from: number;
  to: number;
  /** Entries per page; undefined: all of the range. */
  pageSize?: number;
  /** Where the page starts (a previous page's `next`). */
  start?: ModbPageKey;
  /** Newest first (crossbar's default). */
  descending: boolean;
}

export interface LedgerEntriesPage {
  entries: LedgerDoc[];
  next?: ModbPageKey;
}

/** Is `key` a start key of the `source` listing within from..to (view list_by_source: [service, created])? */
export function isLedgerEntryKey(key: unknown, source: string, from: number, to: number): boolean {
  return Array.isArray(key) && key.length === 2 && key[0] === source && typeof key[1] === 'number' && key[1] >= from && key[1] <= to;
}

/** Entries of one source service created between `from` and `to` (view list_by_source), a page at a time. */
export async function listLedgerEntries(couch: Couch, accountId: string, source: string, q: LedgerEntriesQuery): Promise<LedgerEntriesPage> {
  const dbs = await modbsBetween(couch, accountId, q.from, q.to);
  const page = await modbViewPage<unknown, LedgerDoc>(couch, {
    dbs,
    design: DESIGN,
    view: 'list_by_source',
    low: [source, q.from],
    high: [source, q.to],
    descending: q.descending,
    pageSize: q.pageSize,
    from: q.start,
    includeDocs: true,
  });
  const entries = page.rows.map((r) => r.doc).filter((d): d is LedgerDoc => d !== undefined && d !== null);
  return page.next ? { entries, next: page.next } : { entries };
}

/** Adds `b` into `a`, as the views' reduce does: amounts and quantities add, type and unit kept from the first. */
function addSums(a: Record<string, LedgerSum>, b: Record<string, LedgerSum> | undefined): Record<string, LedgerSum> {
  for (const [service, sum] of Object.entries(b ?? {})) {
    const cur = a[service];
    const usage = sum.usage ?? {};
    a[service] = {
      amount: (cur?.amount ?? 0) + (sum.amount ?? 0),
      usage: {
        type: cur?.usage.type ?? usage.type,
        quantity: (cur?.usage.quantity ?? 0) + (usage.quantity ?? 0),
        unit: cur?.usage.unit ?? usage.unit,
      },
    };
  }
  return a;
}

/** The totals per source service of the entries created between `from` and `to` (view list_by_timestamp, reduced). */
export async function ledgerTotalsBySource(couch: Couch, accountId: string, from: number, to: number): Promise<Record<string, LedgerSum>> {
  const out: Record<string, LedgerSum> = {};
  for (const db of await modbsBetween(couch, accountId, from, to)) {
    const rows = await modbView<Record<string, LedgerSum>>(couch, db, DESIGN, 'list_by_timestamp', { startkey: from, endkey: to, reduce: true, group_level: 0 });
    for (const row of rows) addSums(out, row.value);
  }
  return out;
}

export interface LedgerMonthSummary {
  /** Per source service, over the month's entries in the account's MODB. */
  summary: Record<string, LedgerSum>;
  /** Per account the entries name (a reseller's MODB holds its customers' entries), by account id. */
  breakdown: LedgerAccountSummary[];
}

interface AccountSummaryValue {
  account_name?: string;
  ledgers?: Record<string, LedgerSum>;
  total?: number;
}

/** A month's ledgers of an account (cb_ledgers' summary/YYYYMM): the totals per source and per account named. */
export async function ledgerMonthSummary(couch: Couch, accountId: string, year: number, month: number): Promise<LedgerMonthSummary> {
  const db = modbName(accountId, { year, month });
  const summary: Record<string, LedgerSum> = {};
  for (const row of await modbView<Record<string, LedgerSum>>(couch, db, DESIGN, 'list_by_timestamp', { reduce: true, group_level: 0 })) addSums(summary, row.value);
  const rows = await modbView<AccountSummaryValue, unknown[]>(couch, db, DESIGN, 'summary_by_account', { reduce: true, group_level: 1 });
  const breakdown = rows.map((row) => {
    const value = row.value ?? {};
    return {
      account: { id: String(row.key[0]), ...(value.account_name !== undefined ? { name: value.account_name } : {}) },
      ledgers: addSums({}, value.ledgers),
      total: value.total ?? 0,
    };
  });
  return { summary, breakdown };
}

const MODB_PREFIXED = /^(\d{4})(\d{2})-.+$/;

/** One entry by its id (`YYYYMM-…`, which names its MODB); undefined when there is none (or it is no ledger doc). */
export async function findLedgerEntry(couch: Couch, accountId: string, id: string): Promise<LedgerDoc | undefined> {
  const m = MODB_PREFIXED.exec(id);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  const doc = await couch.get<LedgerDoc>(modbName(accountId, { year: Number(m[1]), month }), id);
  return doc && doc.pvt_type === 'ledger' && doc.pvt_deleted !== true ? doc : undefined;
}

/**
 * Every entry of the account created between `from` and `to` (view list_by_timestamp), oldest
 * first, a page of `pageSize` docs at a time: a report reads a month of many calls in constant memory.
 */
export async function* ledgerEntriesBetween(couch: Couch, accountId: string, from: number, to: number, pageSize = 500): AsyncGenerator<LedgerDoc> {
  const dbs = await modbsBetween(couch, accountId, from, to);
  let start: ModbPageKey | undefined;
  do {
    const page = await modbViewPage<unknown, LedgerDoc>(couch, { dbs, design: DESIGN, view: 'list_by_timestamp', low: from, high: to, pageSize, from: start, includeDocs: true });
    for (const row of page.rows) if (row.doc) yield row.doc;
    start = page.next;
  } while (start);
}
