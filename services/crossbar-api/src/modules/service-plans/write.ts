// Writes of service plans: PUT a plan into a reseller's (or the master's) own db (Kazoo had no API
// for that), and assigning plans to an account (POST add/delete, POST or DELETE one plan).
import { errors } from '@tollgate/errors';
import { publicView } from '@tollgate/kazoo-db';
import { Packages } from '@tollgate/packages';
import { isPackage } from '@tollgate/services';
import { requireAccountAccess } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { requirePlanManager, servicesStore } from '../services/services-context';
import { servicePlansSettings } from './settings';

function idList(v: unknown, field: string, max: number): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '')) {
    throw errors.field(field, 'type', `${field} must be a list of service plan ids`);
  }
  const ids = [...new Set(v as string[])];
  if (ids.length > max) throw errors.field(field, 'maxItems', `${field} may list at most ${max} service plan ids, got ${ids.length}`, { target: max });
  return ids;
}

export async function createPlan(ctx: RequestContext): Promise<Reply> {
  // Authorized before the body is looked at: a caller outside the tree learns nothing from a 400.
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const store = await servicesStore(ctx.deps);
  const services = await store.get(accountId);
  const vendor = await store.planVendorOf(accountId, services);
  if (accountId !== vendor && services?.pvt_reseller !== true) {
    throw errors.forbidden('service plans can only be created in a reseller or the master account', accountId);
  }
  if (!ctx.data || typeof ctx.data !== 'object' || Array.isArray(ctx.data)) throw errors.field('data', 'type', 'data must be a service plan object');
  const data = ctx.data as Record<string, unknown>;
  // A package written as a plan is checked as the packages module checks it (base deck, countries).
  if (isPackage(data)) {
    const { id, ...body } = data;
    await new Packages({ couch: ctx.deps.couch, store, config: ctx.deps.config }).assertValid(accountId, typeof id === 'string' ? id : 'new', body);
  }
  const saved = await store.createPlan(accountId, data);
  return { data: publicView(saved), revision: saved._rev, status: 201 };
}

async function changePlans(ctx: RequestContext, add: string[], remove: string[]): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const store = await servicesStore(ctx.deps);
  requirePlanManager(ctx, await store.planVendorOf(accountId, await store.require(accountId)));
  const { doc, plans } = await store.changePlans(accountId, { add, delete: remove });
  return { data: store.mergedPlan(plans), revision: doc._rev };
}

export async function postPlans(ctx: RequestContext): Promise<Reply> {
  const data = (ctx.data ?? {}) as Record<string, unknown>;
  const max = (await servicePlansSettings(ctx.deps)).maxPlansPerRequest;
  return changePlans(ctx, idList(data.add, 'add', max), idList(data.delete, 'delete', max));
}

export const addPlan = (ctx: RequestContext): Promise<Reply> => changePlans(ctx, [ctx.params.plan_id], []);
export const removePlan = (ctx: RequestContext): Promise<Reply> => changePlans(ctx, [], [ctx.params.plan_id]);
