// The account as crossbar returns it, with reseller_id, is_reseller and billing_mode worked out
// from the services docs (cb_accounts:leak_pvt_fields). The CLI prints the same view.
import type { LookupDeps } from './deps';
import type { AccountDoc } from './domain/account-doc';
import { accountView } from './domain/account-view';
import { billingMode } from './domain/billing-mode';
import { findMasterAccountId } from './master-id';
import { isResellerAccount, resellerIdOf } from './reseller-lookup';

export interface DescribeOptions {
  /** The caller's account: billing_mode is `limits_only` when it is the account's reseller. */
  authAccountId?: string;
  includeApiKey?: boolean;
}

export async function describeAccount(deps: LookupDeps, doc: AccountDoc, opts: DescribeOptions = {}): Promise<Record<string, unknown>> {
  const masterId = await findMasterAccountId(deps);
  const id = String(doc._id);
  const [resellerId, reseller] = await Promise.all([resellerIdOf(deps.couch, doc, masterId), isResellerAccount(deps.couch, id)]);
  return accountView(doc, {
    resellerId,
    isReseller: reseller || doc.pvt_superduper_admin === true,
    billingMode: billingMode(resellerId, opts.authAccountId, masterId),
    includeApiKey: opts.includeApiKey,
  });
}
