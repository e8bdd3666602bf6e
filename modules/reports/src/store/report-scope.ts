// The accounts a report covers: the account asked about and every account below it (or, with
// `?account_id=`, one of them and those below it), each with the client it belongs to — for a
// reseller's report a direct child of the reseller, for a client's its own account.
import { fetchAccount, listDescendants, treeOf } from '@tollgate/accounts';
import type { Couch } from '@tollgate/kazoo-db';

export interface ReportAccount {
  id: string;
  name: string;
  /** Its ancestors, root first (pvt_tree). */
  tree: string[];
  clientId: string;
  clientName: string;
}

export interface ReportScope {
  root: ReportAccount;
  /** Root first, then the others ordered by id (the order of the CDR report's pages). */
  accounts: ReportAccount[];
  /** The report is a reseller's: the root's direct children are its clients. */
  ofReseller: boolean;
}

/**
 * `rootId` and its descendants; `narrowTo` (a descendant, or the root) keeps only that account and
 * its descendants. Throws nothing for a narrowTo outside the tree: the caller checks reach first.
 */
export async function reportScope(couch: Couch, rootId: string, ofReseller: boolean, narrowTo?: string): Promise<ReportScope> {
  const rootDoc = await fetchAccount(couch, rootId);
  const rootName = typeof rootDoc?.name === 'string' ? rootDoc.name : '';
  const rootTree = rootDoc ? treeOf(rootDoc) : [];
  const root: ReportAccount = { id: rootId, name: rootName, tree: rootTree, clientId: rootId, clientName: rootName };
  const rows = await listDescendants(couch, rootId);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const clientOf = (tree: string[], id: string): string => {
    if (!ofReseller) return rootId;
    const i = tree.indexOf(rootId);
    return tree[i + 1] ?? id;
  };
  let accounts: ReportAccount[] = rows
    .map((r) => {
      const clientId = clientOf(r.tree, r.id);
      return { id: r.id, name: r.name, tree: r.tree, clientId, clientName: names.get(clientId) ?? '' };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  if (narrowTo !== undefined && narrowTo !== rootId) {
    accounts = accounts.filter((a) => a.id === narrowTo || a.tree.includes(narrowTo));
    return { root, accounts, ofReseller };
  }
  return { root, accounts: [root, ...accounts], ofReseller };
}
