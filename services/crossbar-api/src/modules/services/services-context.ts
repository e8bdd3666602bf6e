// What the service_plans and services modules share: the services module's store on crossbar's
// deps (opened once per deps, with its live settings), and who may change an account's plans.
import { findMasterAccountId } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { numberManagerSource } from '@tollgate/numbers';
import { ServicesStore } from '@tollgate/services';
import type { CrossbarDeps, RequestContext } from '../../core/types';

const stores = new WeakMap<CrossbarDeps, Promise<ServicesStore>>();

export function servicesStore(deps: CrossbarDeps): Promise<ServicesStore> {
  let store = stores.get(deps);
  if (!store) {
    store = ServicesStore.open({ couch: deps.couch, bus: deps.bus, config: deps.config, numbers: numberManagerSource(deps.couch, deps.config), masterId: () => findMasterAccountId(deps) });
    // A store that could not be opened (CouchDB down) is opened again by the next request.
    store.catch(() => stores.delete(deps));
    stores.set(deps, store);
  }
  return store;
}

/** cb_service_plans:is_allowed: the account's reseller or a superduper_admin changes its plans (admin logins: route-policy.ts). */
export function requirePlanManager(ctx: RequestContext, vendorId: string): void {
  const auth = ctx.auth;
  if (!auth) throw errors.invalidCredentials();
  if (auth.isSuperduperAdmin) return;
  if (auth.accountId !== vendorId) throw errors.forbidden('only the reseller of this account may change its service plans', auth.accountId);
}
