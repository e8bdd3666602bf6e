import { accountId as toAccountId, encodedAccountDb } from './db-names';
import { gregorianNow } from './time';

export type Doc = Record<string, unknown> & { _id?: string; _rev?: string };

export interface StampOptions {
  type?: string;
  /** Any account reference; sets pvt_account_id and pvt_account_db. */
  account?: string;
  vsn?: string;
  now?: number;
}

/**
 * Sets Kazoo's private bookkeeping fields (crossbar_doc:update_pvt_parameters): pvt_type,
 * pvt_vsn, pvt_account_id/pvt_account_db, pvt_created (only for a doc never saved) and pvt_modified.
 */
export function stampPvt<T extends Doc>(doc: T, opts: StampOptions = {}): T {
  const now = opts.now ?? gregorianNow();
  const out: Doc = { ...doc };
  if (opts.type) out.pvt_type = opts.type;
  out.pvt_vsn = opts.vsn ?? (typeof doc.pvt_vsn === 'string' ? doc.pvt_vsn : '1');
  if (opts.account) {
    out.pvt_account_id = toAccountId(opts.account);
    out.pvt_account_db = encodedAccountDb(opts.account);
  }
  if (!doc._rev || typeof doc.pvt_created !== 'number') out.pvt_created = doc.pvt_created ?? now;
  out.pvt_modified = now;
  return out as T;
}

export function isPrivateKey(key: string): boolean {
  return key.startsWith('_') || key.startsWith('pvt_');
}

/** What an API shows of a doc: no `_*` or `pvt_*` keys, and `id` for `_id` (kz_doc:public_fields). */
export function publicView(doc: Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!isPrivateKey(k)) out[k] = v;
  if (doc._id !== undefined) out.id = doc._id;
  return out;
}

/** Keeps the private keys of `existing` and takes the public ones from `incoming` (crossbar_doc:load_merge). */
export function mergePrivate(existing: Doc, incoming: Record<string, unknown>): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(existing)) if (isPrivateKey(k)) out[k] = v;
  for (const [k, v] of Object.entries(incoming)) if (!isPrivateKey(k) && k !== 'id') out[k] = v;
  return out;
}
