// cb_service_plans: the plans an account may use (its reseller's), the plans it has (merged), and
// assigning them; plus PUT to write a plan into a reseller's own db (Kazoo had no API for that).
import { errors } from '@tollgate/errors';
import {
  type AssignedPlan,
  createPlan,
  fetchPlan,
  listPlans,
  mergePlans,
  mergeToSingle,
  planPublicView,
  plansByVendor,
  servicesConfig,
} from '@tollgate/services';
import { requireAccountAccess } from '../auth/access';
import { pageOf } from '../core/pagination';
import type { CrossbarModule, Reply, RequestContext } from '../core/types';
import { planVendorOf, requirePlanManager, servicesStore } from './services/services-context';

const BASE = '/v2/accounts/:account_id/service_plans';

/** system_config crossbar.service_plans: each id in a change is a plan read, so a request names a bounded number. */
const PLANS_CONFIG = 'crossbar.service_plans';
const DEFAULT_MAX_PLANS_PER_REQUEST = 50;

function idList(v: unknown, field: string, max: number): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '')) {
    throw errors.field(field, 'type', `${field} must be a list of service plan ids`);
  }
  const ids = [...new Set(v as string[])];
  if (ids.length > max) throw errors.field(field, 'maxItems', `${field} may list at most ${max} service plan ids, got ${ids.length}`, { target: max });
  return ids;
}

async function mergedPlan(ctx: RequestContext, plans: AssignedPlan[]): Promise<Record<string, unknown>> {
  const cfg = await servicesConfig(ctx.deps.config);
  return mergeToSingle(mergePlans(plansByVendor(plans), cfg.mergeStrategyPriority));
}

async function list(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const services = await servicesStore(ctx.deps).get(accountId);
  const rows = await listPlans(ctx.deps.couch, await planVendorOf(ctx, accountId, services));
  const page = pageOf(rows, (r) => r.id, ctx.page);
  return { data: page.rows, page: page.info };
}

async function change(ctx: RequestContext, add: string[], remove: string[]): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const store = servicesStore(ctx.deps);
  const services = await store.require(accountId);
  requirePlanManager(ctx, await planVendorOf(ctx, accountId, services));
  const { doc, plans } = await store.changePlans(accountId, { add, delete: remove });
  const saved = await store.get(accountId);
  return { data: await mergedPlan(ctx, plans), revision: saved?._rev ?? doc._rev };
}

async function getPlan(ctx: RequestContext, ownDbToo: boolean): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const planId = ctx.params.plan_id;
  const vendor = await planVendorOf(ctx, accountId, await servicesStore(ctx.deps).get(accountId));
  const plan = (await fetchPlan(ctx.deps.couch, vendor, planId)) ?? (ownDbToo && vendor !== accountId ? await fetchPlan(ctx.deps.couch, accountId, planId) : undefined);
  if (!plan) throw errors.badIdentifier(planId);
  return { data: planPublicView(plan), revision: plan._rev };
}

export const servicePlansModule: CrossbarModule = {
  name: 'service_plans',
  routes: () => [
    { method: 'GET', path: BASE, handler: list },
    { method: 'GET', path: `${BASE}/available`, handler: list },
    { method: 'GET', path: `${BASE}/available/:plan_id`, handler: (ctx) => getPlan(ctx, false) },
    {
      method: 'PUT',
      path: BASE,
      handler: async (ctx) => {
        const accountId = ctx.params.account_id;
        await requireAccountAccess(ctx, accountId);
        const services = await servicesStore(ctx.deps).get(accountId);
        const master = await planVendorOf(ctx, accountId, services);
        if (accountId !== master && services?.pvt_reseller !== true) {
          throw errors.forbidden('service plans can only be created in a reseller or the master account', accountId);
        }
        if (!ctx.data || typeof ctx.data !== 'object' || Array.isArray(ctx.data)) throw errors.field('data', 'type', 'data must be a service plan object');
        const saved = await createPlan(ctx.deps.couch, accountId, ctx.data as Record<string, unknown>);
        return { data: planPublicView(saved), revision: saved._rev, status: 201 };
      },
    },
    {
      method: 'POST',
      path: BASE,
      handler: async (ctx) => {
        const data = (ctx.data ?? {}) as Record<string, unknown>;
        const max = await ctx.deps.config.getInteger(PLANS_CONFIG, 'max_plans_per_request', DEFAULT_MAX_PLANS_PER_REQUEST);
        return change(ctx, idList(data.add, 'add', max), idList(data.delete, 'delete', max));
      },
    },
    {
      method: 'GET',
      path: `${BASE}/current`,
      handler: async (ctx) => {
        const accountId = ctx.params.account_id;
        await requireAccountAccess(ctx, accountId);
        const store = servicesStore(ctx.deps);
        const services = await store.require(accountId);
        const loaded = await store.loadPlans(services);
        return { data: await mergedPlan(ctx, loaded.plans), revision: services._rev };
      },
    },
    { method: 'GET', path: `${BASE}/:plan_id`, handler: (ctx) => getPlan(ctx, true) },
    { method: 'POST', path: `${BASE}/:plan_id`, handler: (ctx) => change(ctx, [ctx.params.plan_id], []) },
    { method: 'DELETE', path: `${BASE}/:plan_id`, handler: (ctx) => change(ctx, [], [ctx.params.plan_id]) },
  ],
};
