// hon_util:account_ratedeck: with an account, its own ratedeck (services doc), else its reseller's,
// else system_config `default_ratedeck`; without one, the Ratedeck-ID asked for, else the default.
// Kazoo ignores Ratedeck-ID when an account is given, and so do we.
import { DEFAULT_RATEDECK, ratedeckIdOf } from './ratedeck-names';

/** What the deck choice needs to know of an account (its services doc). */
export interface AccountRatedeck {
  /** `ratedeck.id`: the deck the account's plans give it. */
  ratedeckId?: string;
  /** `ratedeck.name`, compared by the `ratedeck_id` filter. */
  ratedeckName?: string;
  /** `pvt_reseller_id`. */
  resellerId?: string;
  /** The package (seed 003) whose derived deck `ratedeckId` is, in words. */
  ratedeckPackage?: string;
}

/** An account's ratedeck facts by account id; undefined for an account nobody knows. */
export type AccountRatedeckLookup = (accountId: string) => AccountRatedeck | undefined;

export type DeckReason = 'account' | 'reseller' | 'default' | 'requested';

export interface DeckChoice {
  /** `ratedeck` for the default deck, else the deck's id (`bulk` for db `ratedeck/bulk`). */
  ratedeckId: string;
  reason: DeckReason;
  /** Why, in words, for `?explain=true`. */
  because: string;
  accountId?: string;
  resellerId?: string;
  /** The package whose derived deck was chosen, in words (seed 003). */
  package?: string;
}

export function chooseRatedeck(
  request: { accountId?: string; ratedeckId?: string },
  servicesOf: AccountRatedeckLookup,
  defaultRatedeck: string,
): DeckChoice {
  const fallback = ratedeckIdOf(defaultRatedeck || DEFAULT_RATEDECK);
  const { accountId } = request;
  if (accountId === undefined) {
    if (request.ratedeckId) {
      return { ratedeckId: ratedeckIdOf(request.ratedeckId), reason: 'requested', because: 'no account given; Ratedeck-ID names the deck' };
    }
    return { ratedeckId: fallback, reason: 'default', because: 'no account and no Ratedeck-ID given: system_config hotornot default_ratedeck' };
  }
  const own = servicesOf(accountId);
  if (own?.ratedeckId) {
    const pkg = own.ratedeckPackage;
    return {
      ratedeckId: ratedeckIdOf(own.ratedeckId),
      reason: 'account',
      because: `account ${accountId} has ratedeck ${own.ratedeckId} from its service plans${pkg ? `: the derived ratedeck of ${pkg}` : ''}`,
      accountId,
      ...(pkg ? { package: pkg } : {}),
    };
  }
  const resellerId = own?.resellerId;
  if (resellerId === undefined || resellerId === accountId) {
    const why = own === undefined ? 'no services doc is known for the account' : resellerId === undefined ? 'the account has no reseller' : 'the account is its own reseller';
    return { ratedeckId: fallback, reason: 'default', because: `account ${accountId} has no ratedeck of its own and ${why}: default_ratedeck`, accountId };
  }
  const reseller = servicesOf(resellerId);
  if (reseller?.ratedeckId) {
    const pkg = reseller.ratedeckPackage;
    return {
      ratedeckId: ratedeckIdOf(reseller.ratedeckId),
      reason: 'reseller',
      because: `account ${accountId} has no ratedeck of its own; its reseller ${resellerId} has ratedeck ${reseller.ratedeckId}${pkg ? `, the derived ratedeck of ${pkg}` : ''}`,
      accountId,
      resellerId,
      ...(pkg ? { package: pkg } : {}),
    };
  }
  return {
    ratedeckId: fallback,
    reason: 'default',
    because: `neither account ${accountId} nor its reseller ${resellerId} has a ratedeck: default_ratedeck`,
    accountId,
    resellerId,
  };
}
