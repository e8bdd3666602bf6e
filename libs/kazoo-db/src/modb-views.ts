// Views over an account's monthly dbs (MODBs), as Kazoo's crossbar_view:load_modb reads them: the
// MODBs a time range touches, one view read in each, and pages that run on across months.
// A MODB made by a bare create has no design docs yet: they are deployed on its first view read.
import type { Couch, ViewParams, ViewRow } from './couch';
import { isDbMissing, isNotFound } from './couch-errors';
import { modbName } from './db-names';
import type { Doc } from './pvt';
import { fromGregorian } from './time';
import { deployDesignDocs } from './views';

/** The account's existing MODBs for the months between two Gregorian timestamps, oldest first. */
export async function modbsBetween(couch: Couch, accountId: string, from: number, to: number): Promise<string[]> {
  if (to < from) return [];
  const first = modbName(accountId, fromGregorian(from));
  const last = modbName(accountId, fromGregorian(to));
  return (await couch.dbsBetween(first, last)).filter((db) => db >= first && db <= last).sort();
}

/** The rows of a MODB's view; none when the MODB does not exist. */
export async function modbView<V = unknown, K = unknown, D extends Doc = Doc>(
  couch: Couch,
  db: string,
  design: string,
  name: string,
  params: ViewParams = {},
): Promise<ViewRow<K, V, D>[]> {
  try {
    return await couch.view<V, K, D>(db, design, name, params);
  } catch (err) {
    if (isDbMissing(err)) return [];
    if (!isNotFound(err)) throw err;
  }
  // The db is there but the design doc is not (created by a writer that did not deploy it).
  await deployDesignDocs(couch, db, 'modb');
  return couch.view<V, K, D>(db, design, name, params);
}

/**
 * Where a page starts: a view key, and how many rows with exactly that key the pages before
 * already showed (view keys may repeat; PouchDB has no `startkey_docid`).
 */
export interface ModbPageKey {
  key: unknown;
  skip: number;
}

export interface ModbPageQuery {
  /** The MODBs to read, oldest first (modbsBetween). */
  dbs: readonly string[];
  design: string;
  view: string;
  /** The range's lowest and highest view keys (inclusive), whatever the direction. */
  low: unknown;
  high: unknown;
  descending?: boolean;
  /** Rows per page; undefined: every row of the range. */
  pageSize?: number;
  /** A previous page's `next`; the caller checks it lies within low..high. */
  from?: ModbPageKey;
  includeDocs?: boolean;
}

export interface ModbPage<V, D extends Doc> {
  rows: ViewRow<unknown, V, D>[];
  /** Where the next page starts; absent on the last page. */
  next?: ModbPageKey;
}

const sameKey = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One page of a view read across MODBs in key order (newest month first when descending). The
 * view's keys must order rows by time as the MODBs do (a timestamp before anything finer), so
 * a page's start key, applied to every db, skips exactly what earlier pages showed.
 */
export async function modbViewPage<V = unknown, D extends Doc = Doc>(couch: Couch, q: ModbPageQuery): Promise<ModbPage<V, D>> {
  const dbs = q.descending ? [...q.dbs].reverse() : [...q.dbs];
  const start = q.from?.key ?? (q.descending ? q.high : q.low);
  const end = q.descending ? q.low : q.high;
  let toSkip = q.from?.skip ?? 0;
  const rows: ViewRow<unknown, V, D>[] = [];
  const wanted = q.pageSize === undefined ? undefined : q.pageSize + 1;
  for (const db of dbs) {
    if (wanted !== undefined && rows.length >= wanted) break;
    const params: ViewParams = { startkey: start, endkey: end, descending: q.descending === true, reduce: false, include_docs: q.includeDocs === true };
    if (wanted !== undefined) params.limit = wanted - rows.length + toSkip;
    for (const row of await modbView<V, unknown, D>(couch, db, q.design, q.view, params)) {
      // Rows equal to the start key come first, and only in one month.
      if (toSkip > 0 && sameKey(row.key, start)) {
        toSkip--;
        continue;
      }
      rows.push(row);
    }
  }
  if (wanted === undefined || rows.length < wanted) return { rows };
  const page = rows.slice(0, q.pageSize);
  const nextKey = rows[rows.length - 1].key;
  const shownWithKey = page.filter((r) => sameKey(r.key, nextKey)).length + (q.from && sameKey(q.from.key, nextKey) ? q.from.skip : 0);
  return { rows: page, next: { key: nextKey, skip: shownWithKey } };
}
