// Who an account's reseller is, read from the services docs (kz_services_reseller).
import type { Couch } from '@tollgate/kazoo-db';
import { fetchServices, fetchServicesById, isReseller } from '@tollgate/services';
import type { AccountDoc } from './domain/account-doc';
import { isSuperduperAdmin, treeOf } from './domain/account-doc';
import { nearestReseller } from './domain/nearest-reseller';

/** True when the account's services doc says it is a reseller (the master is one by bootstrap). */
export async function isResellerAccount(couch: Couch, accountId: string): Promise<boolean> {
  return isReseller(await fetchServices(couch, accountId));
}

/** kz_services_reseller:find_id over the account's tree, ignoring what its services doc says. */
export async function findResellerId(couch: Couch, tree: readonly string[], masterId: string | undefined): Promise<string | undefined> {
  const services = await fetchServicesById(couch, tree);
  return nearestReseller(tree, (id) => isReseller(services.get(id)), masterId);
}

/** The reseller of an existing account: its services doc's pvt_reseller_id, else computed from its tree. */
export async function resellerIdOf(couch: Couch, account: AccountDoc, masterId: string | undefined): Promise<string | undefined> {
  if (treeOf(account).length === 0 && isSuperduperAdmin(account)) return String(account._id);
  const services = await fetchServices(couch, String(account._id));
  if (typeof services?.pvt_reseller_id === 'string') return services.pvt_reseller_id;
  return findResellerId(couch, treeOf(account), masterId);
}
