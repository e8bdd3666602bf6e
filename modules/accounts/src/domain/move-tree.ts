// Tree arithmetic for moving an account; no I/O, so a half-done move can be recomputed from
// whatever state each document is in (a re-run finishes the job).

/** The tree of `descendantTree`'s owner once `accountId` sits under `newAccountTree`. */
export function treeAfterMove(descendantTree: readonly string[], accountId: string, newAccountTree: readonly string[]): string[] {
  const at = descendantTree.indexOf(accountId);
  if (at < 0) throw new Error(`account ${accountId} is not in the tree ${JSON.stringify(descendantTree)}`);
  return [...newAccountTree, accountId, ...descendantTree.slice(at + 1)];
}

/** Why `accountId` cannot go under `toId` (whose tree is `toTree`), or undefined when it can. */
export function moveRefusal(accountId: string, accountTree: readonly string[], toId: string, toTree: readonly string[]): string | undefined {
  if (accountTree.length === 0) return 'the master account cannot be moved';
  if (toId === accountId) return 'an account cannot be moved under itself';
  if (toTree.includes(accountId)) return 'an account cannot be moved under one of its own descendants';
  return undefined;
}
