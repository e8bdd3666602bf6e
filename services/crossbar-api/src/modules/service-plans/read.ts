// GET of service plans: those an account may use (its reseller's, or the master's own), one of
// them, and the account's current plans merged into one.
import { errors } from '@tollgate/errors';
import { publicView } from '@tollgate/kazoo-db';
import { requireAccountAccess } from '../../auth/access';
import { pageOf } from '../../core/pagination';
import type { Reply, RequestContext } from '../../core/types';
import { servicesStore } from '../services/services-context';

export async function listPlans(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const store = await servicesStore(ctx.deps);
  const rows = await store.listPlans(await store.planVendorOf(accountId, await store.get(accountId)));
  const page = pageOf(rows, (r) => r.id, ctx.page);
  return { data: page.rows, page: page.info };
}

/** A plan the account may use; `ownDbToo` also looks in the account's own db (a reseller's own plans). */
async function getPlan(ctx: RequestContext, ownDbToo: boolean): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const planId = ctx.params.plan_id;
  const store = await servicesStore(ctx.deps);
  const vendor = await store.planVendorOf(accountId, await store.get(accountId));
  const plan = (await store.fetchPlan(vendor, planId)) ?? (ownDbToo && vendor !== accountId ? await store.fetchPlan(accountId, planId) : undefined);
  if (!plan) throw errors.badIdentifier(planId);
  return { data: publicView(plan), revision: plan._rev };
}

export const getAvailablePlan = (ctx: RequestContext): Promise<Reply> => getPlan(ctx, false);
export const getOwnOrAvailablePlan = (ctx: RequestContext): Promise<Reply> => getPlan(ctx, true);

export async function currentPlan(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const store = await servicesStore(ctx.deps);
  const services = await store.require(accountId);
  const loaded = await store.loadPlans(services);
  return { data: store.mergedPlan(loaded.plans), revision: services._rev };
}
