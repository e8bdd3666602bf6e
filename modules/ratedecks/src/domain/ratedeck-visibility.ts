// Which ratedecks a REST caller may name in `ratedeck_id` (and see explained): the default deck,
// the deck its own account is rated with (its own, else its reseller's), and decks owned by its
// account or an account below it. Anything else, whether or not it exists, is refused alike, so
// neither another reseller's prices nor which decks exist leak. (An admin of the superduper_admin
// account sees every deck; crossbar says so in the request.)

export interface VisibilityFacts {
  /** The deck asked for, as an id (`bulk`, `ratedeck`). */
  requested: string;
  callerAccountId: string;
  /** The deck the caller's own account is rated with (chooseRatedeck), unless that deck does not serve it (deckServesAccount). */
  callerDeckId?: string;
  /** system_config hotornot default_ratedeck, as an id. */
  defaultDeck: string;
  /** The requested deck's owner and that owner's pvt_tree (ancestors), when it has one. */
  owner?: { accountId: string; tree: readonly string[] };
}

/** Undefined when the caller may rate with the deck, else the reason it may not. */
export function ratedeckVisibilityProblem(f: VisibilityFacts): string | undefined {
  if (f.requested === f.defaultDeck || f.requested === f.callerDeckId) return undefined;
  if (f.owner && (f.owner.accountId === f.callerAccountId || f.owner.tree.includes(f.callerAccountId))) return undefined;
  return `ratedeck ${f.requested} is not one account ${f.callerAccountId} may rate with: only the default ratedeck, the account's own (or its reseller's) and ratedecks owned by the account or its sub-accounts`;
}
