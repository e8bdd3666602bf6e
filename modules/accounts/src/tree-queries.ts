// children, descendants, siblings and ancestors of an account (cb_accounts load_children & co).
import type { Couch } from '@tollgate/kazoo-db';
import { type AccountDoc, parentOf, treeOf } from './domain/account-doc';
import { fetchAccountsById } from './store/account-store';
import { childRows, descendantCounts, descendantRows, type TreeRow } from './store/tree-views';

export type CountedRow = TreeRow & { descendants_count: number };

async function withCounts(couch: Couch, rows: TreeRow[]): Promise<CountedRow[]> {
  const counts = await descendantCounts(couch, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, descendants_count: counts.get(r.id) ?? 0 }));
}

/** Direct sub-accounts, by name, each with its number of descendants. */
export async function listChildren(couch: Couch, accountId: string): Promise<CountedRow[]> {
  return withCounts(couch, await childRows(couch, accountId));
}

/** Every sub-account at any depth, by name. */
export async function listDescendants(couch: Couch, accountId: string): Promise<TreeRow[]> {
  return (await descendantRows(couch, accountId)).filter((r) => r.id !== accountId);
}

/** The accounts that share the account's parent, the account included (Kazoo lists the parent's children). */
export async function listSiblings(couch: Couch, account: AccountDoc): Promise<CountedRow[]> {
  const parent = parentOf(account);
  return withCounts(couch, await childRows(couch, parent ?? null));
}

export interface AncestorRow {
  id: string;
  name: string;
}

/**
 * The account's ancestors, most-ancestral first, starting at `fromAccountId` when it is one of
 * them (cb_accounts get_authorized_account_tree: what is above the caller stays hidden).
 */
export async function listAncestors(couch: Couch, account: AccountDoc, fromAccountId?: string): Promise<AncestorRow[]> {
  const tree = treeOf(account);
  const at = fromAccountId === undefined ? -1 : tree.indexOf(fromAccountId);
  const visible = at >= 0 ? tree.slice(at) : tree;
  const docs = await fetchAccountsById(couch, visible);
  return visible.map((id) => ({ id, name: typeof docs.get(id)?.name === 'string' ? String(docs.get(id)?.name) : '' }));
}
