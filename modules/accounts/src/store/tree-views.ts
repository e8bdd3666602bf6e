// Queries on the `accounts` db views (couchdb-views/accounts/accounts.json, Kazoo's names).
import type { Couch, ViewParams } from '@tollgate/kazoo-db';
import type { AccountDoc } from '../domain/account-doc';
import { ACCOUNTS_DB } from './account-store';

export interface TreeRow {
  id: string;
  name: string;
  realm: string;
  tree: string[];
  flags: unknown[];
}

function accountsView<V, K = unknown>(couch: Couch, name: string, params: ViewParams) {
  return couch.view<V, K>(ACCOUNTS_DB, 'accounts', name, params);
}

function toTreeRow(v: Partial<TreeRow>): TreeRow {
  return {
    id: String(v.id),
    name: typeof v.name === 'string' ? v.name : '',
    realm: typeof v.realm === 'string' ? v.realm : '',
    tree: Array.isArray(v.tree) ? v.tree : [],
    flags: Array.isArray(v.flags) ? v.flags : [],
  };
}

/** Direct children (not deleted), sorted by name. `null` lists the accounts with no parent. */
export async function childRows(couch: Couch, parentId: string | null): Promise<TreeRow[]> {
  const rows = await accountsView<Partial<TreeRow>>(couch, 'listing_by_children', { startkey: [parentId], endkey: [parentId, {}] });
  return rows.map((r) => toTreeRow(r.value));
}

/** The live accounts with no parent, oldest first (normally the master alone). */
export async function rootAccounts(couch: Couch): Promise<AccountDoc[]> {
  const docs = await couch.viewDocs<AccountDoc>(ACCOUNTS_DB, 'accounts', 'listing_by_children', { startkey: [null], endkey: [null, {}] });
  return docs.sort((a, b) => (a.pvt_created ?? 0) - (b.pvt_created ?? 0));
}

/** Every descendant (not deleted), sorted by name. */
export async function descendantRows(couch: Couch, ancestorId: string): Promise<TreeRow[]> {
  const rows = await accountsView<Partial<TreeRow>>(couch, 'listing_by_descendants', { startkey: [ancestorId], endkey: [ancestorId, {}] });
  return rows.map((r) => toTreeRow(r.value));
}

/** Number of live descendants of each account asked for (0 when none). */
export async function descendantCounts(couch: Couch, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return out;
  const rows = await accountsView<number, string>(couch, 'listing_by_descendants_count', { keys: [...new Set(ids)], group: true });
  for (const r of rows) out.set(String(r.key), Number(r.value));
  return out;
}

/** Live accounts whose normalized name is `normalized`. */
export async function accountIdsByName(couch: Couch, normalized: string): Promise<string[]> {
  const rows = await accountsView<{ account_id: string }>(couch, 'listing_by_name', { key: normalized });
  return rows.map((r) => r.value.account_id);
}

/** Live accounts whose realm is `realm` (case-insensitive). */
export async function accountIdsByRealm(couch: Couch, realm: string): Promise<string[]> {
  const rows = await accountsView<{ account_id: string }>(couch, 'listing_by_realm', { key: realm.toLowerCase() });
  return rows.map((r) => r.value.account_id);
}

/** Live accounts claiming the white-label domain `domain` (case-insensitive; Kazoo's accounts/list_by_whitelabel_domain). */
export async function accountIdsByWhitelabelDomain(couch: Couch, domain: string): Promise<string[]> {
  const rows = await accountsView<{ account_id: string }>(couch, 'list_by_whitelabel_domain', { key: domain.toLowerCase() });
  return rows.map((r) => r.value.account_id);
}

export async function accountIdByApiKey(couch: Couch, apiKey: string): Promise<string | undefined> {
  const rows = await accountsView<{ account_id: string }>(couch, 'listing_by_api', { key: apiKey });
  return rows[0]?.value.account_id;
}
