// Keeps every account's reseller right: pvt_reseller_id on the account doc and on its services
// doc, and pvt_tree on the services doc, recomputed from the tree and the services docs' flags.
// Idempotent, so promote, demote and move can each be re-run to finish an interrupted cascade.
import { stampPvt } from '@tollgate/kazoo-db';
import { alignAccountServices, fetchServicesById, isReseller } from '@tollgate/services';
import type { AccountsDeps } from './deps';
import { type AccountDoc, treeOf } from './domain/account-doc';
import { nearestReseller } from './domain/nearest-reseller';
import { updateAccountDoc } from './store/account-store';

/** Reseller flags of every account named in the given trees (and the accounts themselves). */
export async function resellerFlags(deps: AccountsDeps, ids: Iterable<string>): Promise<(id: string) => boolean> {
  const services = await fetchServicesById(deps.couch, [...new Set(ids)]);
  return (id) => isReseller(services.get(id));
}

function sameTree(a: unknown, b: readonly string[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Brings one account's docs in line with `tree` (or its own tree when omitted) and the reseller
 * that tree gives it. Returns the account doc as saved.
 */
export async function alignAccount(
  deps: AccountsDeps,
  accountId: string,
  isReseller: (id: string) => boolean,
  masterId: string | undefined,
  newTree?: (current: string[]) => string[] | undefined,
  extra: (cur: AccountDoc, tree: string[]) => Partial<AccountDoc> = () => ({}),
): Promise<AccountDoc | undefined> {
  let tree: string[] | undefined;
  let resellerId: string | undefined;
  const saved = await updateAccountDoc(deps, accountId, (cur) => {
    const curTree = treeOf(cur);
    tree = newTree ? newTree(curTree) : curTree;
    if (!tree) return undefined;
    resellerId = tree.length === 0 ? accountId : nearestReseller(tree, isReseller, masterId);
    if (sameTree(cur.pvt_tree, tree) && cur.pvt_reseller_id === resellerId) return undefined;
    return stampPvt({ ...cur, ...extra(cur, curTree), pvt_tree: tree, ...(resellerId ? { pvt_reseller_id: resellerId } : {}) });
  });
  if (!tree) return saved;
  await alignAccountServices(deps, accountId, tree, resellerId);
  return saved;
}
