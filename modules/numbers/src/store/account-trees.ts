// The trees the lifecycle rules need, read through the accounts module (which owns the `accounts` db).
import { fetchAccountsById } from '@tollgate/accounts';
import { type Couch, isAccountId } from '@tollgate/kazoo-db';

/** Reads the trees of the given accounts (unknown ids and deleted accounts are left out). */
export async function fetchTrees(couch: Couch, ids: Iterable<string | undefined>): Promise<Map<string, string[]>> {
  const keys = [...new Set([...ids].filter((id): id is string => isAccountId(id)))];
  const out = new Map<string, string[]>();
  for (const [id, doc] of await fetchAccountsById(couch, keys)) {
    if (doc.pvt_deleted === true || doc.pvt_type !== 'account') continue;
    out.set(id, Array.isArray(doc.pvt_tree) ? (doc.pvt_tree as string[]) : []);
  }
  return out;
}
