// Who is above whom: each account's pvt_tree (ancestors, master first), given as data (see
// store/account-trees.ts) so the lifecycle rules stay pure.

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
