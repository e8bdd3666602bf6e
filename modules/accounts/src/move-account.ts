// POST /v2/accounts/{id}/move: the account and every descendant get their new pvt_tree, and their
// services docs the new tree and reseller (crossbar_util:move_account). Descendants go first and
// the account last; each new tree is computed from the doc's current tree, so running the same
// move again after an interruption finishes it.
import { errors } from '@tollgate/errors';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted, treeOf } from './domain/account-doc';
import { moveRefusal, treeAfterMove } from './domain/move-tree';
import { findMasterAccountId } from './master-id';
import { alignAccount, resellerFlags } from './reseller-cascade';
import { fetchAccount } from './store/account-store';
import { descendantRows } from './store/tree-views';
import { withTreeLock } from './store/tree-lock';
import { docWriter } from './store/writer';

/** The live target of a move that may be made, or Kazoo's error; reads only. */
async function checkedMove(deps: AccountsDeps, accountId: string, toId: string): Promise<AccountDoc> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  const to = await fetchAccount(deps.couch, toId);
  if (!to || isDeleted(to)) throw errors.badIdentifier(toId);
  const refusal = moveRefusal(accountId, treeOf(account), toId, treeOf(to));
  if (refusal) throw errors.forbidden(refusal, toId);
  return to;
}

export async function moveAccount(deps: AccountsDeps, accountId: string, toId: string): Promise<AccountDoc> {
  // Checked once before the lock too: taking it writes the shared lock doc, and a refused request writes nothing.
  await checkedMove(deps, accountId, toId);
  return withTreeLock(docWriter(deps), async () => {
    const to = await checkedMove(deps, accountId, toId);
    return rewriteTrees(deps, accountId, [...treeOf(to), toId]);
  });
}

/** The account's subtree under its new tree: descendants first, the account last, each from its own current tree. */
async function rewriteTrees(deps: AccountsDeps, accountId: string, newTree: string[]): Promise<AccountDoc> {
  const masterId = await findMasterAccountId(deps);
  const below = (await descendantRows(deps.couch, accountId)).filter((r) => r.id !== accountId);
  const isReseller = await resellerFlags(deps, [...newTree, accountId, ...below.flatMap((r) => [r.id, ...r.tree])]);
  for (const row of below) {
    await alignAccount(deps, row.id, isReseller, masterId, (cur) => (cur.includes(accountId) ? treeAfterMove(cur, accountId, newTree) : undefined));
  }
  const saved = await alignAccount(deps, accountId, isReseller, masterId, () => newTree, (_cur, oldTree) =>
    oldTree.join() === newTree.join() ? {} : { pvt_previous_tree: oldTree },
  );
  if (!saved) throw errors.badIdentifier(accountId);
  return saved;
}
