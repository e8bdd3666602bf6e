// For `rates/number` (a person at a REST client, not a softswitch): the account's services doc, and
// its reseller's when the account has no ratedeck of its own, read now, so a plan assigned a moment
// ago is already seen. rate_req never waits on this; it uses the view's memory. When CouchDB is
// down or slow the memory answers, after READ_BUDGET_MS for both reads together — well inside
// crossbar's 3 s wait for rating, and long enough for a loaded server (300 ms was not).
import { parseAccountRef } from '@tollgate/kazoo-db';
import type { AccountRatedeck, AccountRatedeckLookup } from '@tollgate/ratedecks';
import type { ServicesView } from '@tollgate/services';

const READ_BUDGET_MS = 1500;

/** A lookup that prefers what CouchDB says now for the account and its reseller, else the view's memory. */
export async function freshServicesLookup(view: ServicesView, rawAccountId: string | undefined): Promise<AccountRatedeckLookup> {
  const memory: AccountRatedeckLookup = (id) => view.get(id);
  if (rawAccountId === undefined) return memory;
  const accountId = parseAccountRef(rawAccountId)?.accountId ?? rawAccountId;
  const fresh = new Map<string, AccountRatedeck | undefined>();
  const deadline = Date.now() + READ_BUDGET_MS;
  const lookup: AccountRatedeckLookup = (id) => (fresh.has(id) ? fresh.get(id) : memory(id));
  const own = await view.fresh(accountId, deadline - Date.now());
  fresh.set(accountId, own);
  if (own && !own.ratedeckId && own.resellerId && own.resellerId !== accountId) {
    fresh.set(own.resellerId, await view.fresh(own.resellerId, deadline - Date.now()));
  }
  return lookup;
}
