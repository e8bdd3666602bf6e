// What the service_plans and services modules share: the services store on crossbar's deps, the
// reseller whose plans an account may use, and who may change an account's plans.
import { findMasterAccountId } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { numberManagerSource } from '@tollgate/numbers';
import { type ServicesDoc, ServicesStore, resellerOf } from '@tollgate/services';
import type { CrossbarDeps, RequestContext } from '../../core/types';

const stores = new WeakMap<CrossbarDeps, ServicesStore>();

export function servicesStore(deps: CrossbarDeps): ServicesStore {
  let store = stores.get(deps);
  if (!store) {
    store = new ServicesStore({ couch: deps.couch, config: deps.config, numbers: numberManagerSource(deps.couch, deps.config), masterId: () => findMasterAccountId(deps) });
    stores.set(deps, store);
  }
  return store;
}

/** The account whose db holds the plans this account may use: its reseller (the master for itself). */
export async function planVendorOf(ctx: RequestContext, accountId: string, services: ServicesDoc | undefined): Promise<string> {
  const masterId = await findMasterAccountId({ couch: ctx.deps.couch, config: ctx.deps.config });
  if (accountId === masterId) return accountId;
  const vendor = services ? resellerOf(services, masterId) : masterId;
  if (!vendor) throw errors.system('no reseller or master account to take service plans from');
  return vendor;
}

/** cb_service_plans:is_allowed: the account's reseller or a superduper_admin changes its plans (admin logins: route-policy.ts). */
export function requirePlanManager(ctx: RequestContext, vendorId: string): void {
  const auth = ctx.auth;
  if (!auth) throw errors.invalidCredentials();
  if (auth.isSuperduperAdmin) return;
  if (auth.accountId !== vendorId) throw errors.forbidden('only the reseller of this account may change its service plans', auth.accountId);
}
