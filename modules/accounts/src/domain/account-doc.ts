// Kazoo's account document (kzd_accounts): the fields the account tree and logins depend on.
import { type Doc, isPrivateKey } from '@tollgate/kazoo-db';
import { normalizeName } from './normalize-name';

export type AccountDoc = Doc & {
  name?: string;
  realm?: string;
  timezone?: string;
  language?: string;
  pvt_type?: string;
  pvt_tree?: string[];
  pvt_previous_tree?: string[];
  pvt_enabled?: boolean;
  /** When the account was last disabled or enabled (ms since the epoch): tokens issued before stay dead. */
  pvt_tokens_revoked_at?: number;
  pvt_deleted?: boolean;
  pvt_api_key?: string;
  pvt_superduper_admin?: boolean;
  pvt_wnm_allow_additions?: boolean;
  pvt_reseller?: boolean;
  pvt_reseller_id?: string;
  /** NGNPro resellerActive, shown as `reseller_active`; absent = active (domain/reseller-active.ts). */
  pvt_reseller_active?: boolean;
  pvt_created?: number;
  pvt_modified?: number;
};

export const ACCOUNT_TYPE = 'account';

/** Ancestors, most-ancestral first ([] for the master account). */
export function treeOf(doc: AccountDoc): string[] {
  return Array.isArray(doc.pvt_tree) ? doc.pvt_tree.filter((x): x is string => typeof x === 'string') : [];
}

export function parentOf(doc: AccountDoc): string | undefined {
  const tree = treeOf(doc);
  return tree.length ? tree[tree.length - 1] : undefined;
}

export function isDeleted(doc: AccountDoc): boolean {
  return doc.pvt_deleted === true;
}

/** The doc with `pvt_enabled` set; a change of it ends every token issued before (a re-enabled account's old tokens stay dead). */
export function withEnabled(doc: AccountDoc, enabled: boolean, nowMs = Date.now()): AccountDoc {
  if (isEnabled(doc) === enabled) return { ...doc, pvt_enabled: enabled };
  return { ...doc, pvt_enabled: enabled, pvt_tokens_revoked_at: nowMs };
}

/** kzd_accounts:is_enabled: enabled unless pvt_enabled is false. */
export function isEnabled(doc: AccountDoc): boolean {
  return doc.pvt_enabled !== false;
}

export function isSuperduperAdmin(doc: AccountDoc): boolean {
  return doc.pvt_superduper_admin === true;
}

/**
 * The stored account after a POST or PATCH: its private fields kept, its public fields replaced by
 * `fields` (pvt_alphanum_name following the name), and `enabled` applied when the caller may set it.
 */
export function withPublicFields(cur: AccountDoc, fields: Record<string, unknown>, enabled: boolean | undefined): AccountDoc {
  const next: AccountDoc = {};
  for (const [k, v] of Object.entries(cur)) if (isPrivateKey(k)) next[k] = v;
  Object.assign(next, fields);
  if (typeof fields.name === 'string') next.pvt_alphanum_name = normalizeName(fields.name);
  return enabled === undefined ? next : withEnabled(next, enabled);
}
