// Reads of CDR docs in an account's MODBs, as cb_cdrs does: the CDRs created in a time range
// (view cdrs/crossbar_listing, [created, id]) or only a user's (cdrs/listing_by_owner,
// [owner, created, id]), a page at a time across months; one CDR by its `YYYYMM-<call id>` id.
import { type Couch, type ModbPageKey, modbName, modbsBetween, modbViewPage } from '@tollgate/kazoo-db';
import type { StoredCdr } from './cdr-doc';

const DESIGN = 'cdrs';

export interface CdrsQuery {
  /** Gregorian seconds, inclusive. */
  from: number;
  to: number;
  /** Only the calls of this user (its `custom_channel_vars.owner_id`). */
  ownerId?: string;
  /** CDRs per page; undefined: all of the range. */
  pageSize?: number;
  /** Where the page starts (a previous page's `next`). */
  start?: ModbPageKey;
  /** Newest first (crossbar's default). */
  descending: boolean;
  /** The account's MODBs of the range when the caller already listed them (a report reading many pages); else listed here. */
  dbs?: readonly string[];
}

export interface CdrsPage {
  cdrs: StoredCdr[];
  next?: ModbPageKey;
}

/** The view keys bounding a listing: [created] .. [created, {}], prefixed by the owner for a user's calls. */
function bounds(q: Pick<CdrsQuery, 'from' | 'to' | 'ownerId'>): { low: unknown[]; high: unknown[] } {
  const prefix = q.ownerId === undefined ? [] : [q.ownerId];
  return { low: [...prefix, q.from], high: [...prefix, q.to, {}] };
}

/** Is `key` a start key of this listing (a [created, id] within from..to, after the owner when there is one)? */
export function isCdrListingKey(key: unknown, q: Pick<CdrsQuery, 'from' | 'to' | 'ownerId'>): boolean {
  if (!Array.isArray(key)) return false;
  const rest = q.ownerId === undefined ? key : key[0] === q.ownerId ? key.slice(1) : undefined;
  return rest !== undefined && rest.length === 2 && typeof rest[0] === 'number' && rest[0] >= q.from && rest[0] <= q.to && typeof rest[1] === 'string';
}

/** An account's CDRs created between `from` and `to`, oldest or newest first, a page at a time. */
export async function listCdrs(couch: Couch, accountId: string, q: CdrsQuery): Promise<CdrsPage> {
  const { low, high } = bounds(q);
  const page = await modbViewPage<unknown, StoredCdr>(couch, {
    dbs: q.dbs ?? (await modbsBetween(couch, accountId, q.from, q.to)),
    design: DESIGN,
    view: q.ownerId === undefined ? 'crossbar_listing' : 'listing_by_owner',
    low,
    high,
    descending: q.descending,
    pageSize: q.pageSize,
    from: q.start,
    includeDocs: true,
  });
  const cdrs = page.rows.map((r) => r.doc).filter((d): d is StoredCdr => d !== undefined && d !== null);
  return page.next ? { cdrs, next: page.next } : { cdrs };
}

const CDR_ID = /^(\d{4})(\d{2})-.+$/;

/** One CDR of the account by id (`YYYYMM-<call id>` names its MODB); undefined when there is none. */
export async function findCdr(couch: Couch, accountId: string, cdrId: string): Promise<StoredCdr | undefined> {
  const m = CDR_ID.exec(cdrId);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  const doc = await couch.get<StoredCdr>(modbName(accountId, { year: Number(m[1]), month }), cdrId);
  return doc && doc.pvt_type === 'cdr' && doc.pvt_deleted !== true ? doc : undefined;
}
