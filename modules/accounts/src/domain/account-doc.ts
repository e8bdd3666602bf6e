// Kazoo's account document (kzd_accounts): the fields the account tree and logins depend on.
import type { Doc } from '@tollgate/kazoo-db';

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

/** True when `ancestorId` is the account itself or above it in the tree. */
export function isSelfOrDescendantOf(doc: AccountDoc, ancestorId: string): boolean {
  return doc._id === ancestorId || treeOf(doc).includes(ancestorId);
}
