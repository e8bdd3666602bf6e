// Who may write into and rate with which ratedeck: a reseller writes only into decks it owns
// (or claims a new one); the system decks only an admin of the superduper_admin account writes.

/** `system`: the default deck or one without an owner; `owned`: a reseller's; `unclaimed`: missing or empty, the first writer's to take. */
export type RatedeckStanding = { kind: 'system' } | { kind: 'owned'; accountId: string } | { kind: 'unclaimed' };

export interface RatedeckActor {
  isSuperduperAdmin: boolean;
  /** The login's priv_level; an api key acts as an admin of its account. */
  privLevel: 'admin' | 'user';
}

/** An admin login of the superduper_admin account: writes and sees every ratedeck. */
export function isRatedeckAdmin(actor: RatedeckActor): boolean {
  return actor.isSuperduperAdmin && actor.privLevel === 'admin';
}

/** Why `accountId` (not a ratedeck admin) may not write into a deck of this standing; undefined when it may. */
export function ratedeckWriteProblem(ratedeckId: string, standing: RatedeckStanding, accountId: string): string | undefined {
  if (standing.kind === 'unclaimed') return undefined;
  if (standing.kind === 'owned') {
    return standing.accountId === accountId ? undefined : `ratedeck ${ratedeckId} belongs to another account: a reseller writes only to its own ratedecks`;
  }
  return `ratedeck ${ratedeckId} is a system ratedeck: only an admin of the superduper_admin account writes to it; name a ratedeck of your own in ratedeck_id`;
}
