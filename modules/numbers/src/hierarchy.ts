// Who is above whom: an account's pvt_tree (ancestors, master first) from the `accounts` db.
// Lifecycle rules get the trees they need as data, so they stay pure.
import { type Couch, type Doc, GLOBAL_DBS, isAccountId } from '@tollgate/kazoo-db';

/** Account id → its pvt_tree; an account missing or deleted is absent. */
export type AccountTrees = ReadonlyMap<string, readonly string[]>;

export interface Actor {
  /** The authenticated account (the token's). */
  accountId: string;
  /** superduper_admin / master / system: may do anything to any number. */
  isAdmin: boolean;
}

export const SYSTEM_ACTOR: Actor = { accountId: 'system', isAdmin: true };

export function isAncestorOrSelf(ancestor: string | undefined, accountId: string | undefined, trees: AccountTrees): boolean {
  if (!ancestor || !accountId) return false;
  if (ancestor === accountId) return trees.has(accountId);
  return trees.get(accountId)?.includes(ancestor) ?? false;
}

/** May the actor act for this account (itself or one of its descendants)? */
export function controls(actor: Actor, accountId: string | undefined, trees: AccountTrees): boolean {
  if (actor.isAdmin) return !!accountId && trees.has(accountId);
  return isAncestorOrSelf(actor.accountId, accountId, trees);
}

/** Reads the trees of the given accounts (unknown ids and deleted accounts are left out). */
export async function fetchTrees(couch: Couch, ids: Iterable<string | undefined>): Promise<Map<string, string[]>> {
  const keys = [...new Set([...ids].filter((id): id is string => isAccountId(id)))];
  const out = new Map<string, string[]>();
  if (keys.length === 0) return out;
  const res = (await couch.db(GLOBAL_DBS.accounts).fetch({ keys })) as { rows: { key: string; doc?: Doc | null }[] };
  for (const row of res.rows) {
    const doc = row.doc;
    if (!doc || doc.pvt_deleted === true || doc.pvt_type !== 'account') continue;
    out.set(row.key, Array.isArray(doc.pvt_tree) ? (doc.pvt_tree as string[]) : []);
  }
  return out;
}
