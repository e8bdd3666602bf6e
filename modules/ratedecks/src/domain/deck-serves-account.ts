// A reseller's own ratedeck rates only its own tree: the reseller itself and the accounts that
// have it among their resellers. A plan of another reseller naming that deck does not make it
// theirs (else any reseller could price calls, or read prices, from a competitor's private deck).
import type { AccountRatedeckLookup } from './choose-ratedeck';

/** Resellers above an account, nearest first, are its `pvt_reseller_id` chain; no tree is deeper than this. */
const MAX_RESELLER_DEPTH = 32;

export function deckServesAccount(owner: string | undefined, accountId: string | undefined, servicesOf: AccountRatedeckLookup): boolean {
  if (owner === undefined || accountId === undefined || owner === accountId) return true;
  let id = accountId;
  for (let depth = 0; depth < MAX_RESELLER_DEPTH; depth++) {
    const reseller = servicesOf(id)?.resellerId;
    if (reseller === undefined || reseller === id) return false;
    if (reseller === owner) return true;
    id = reseller;
  }
  return false;
}
