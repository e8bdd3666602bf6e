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

/** `overrides`: {plan id: {...}} (Kazoo's service_plans/override body), at most `max` plan ids. */
function overridesOf(v: unknown, max: number): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw errors.field('overrides', 'type', 'overrides must be an object of service plan id -> overrides');
  const ids = Object.keys(v);
  if (ids.length > max) throw errors.field('overrides', 'maxProperties', `overrides may name at most ${max} service plans, got ${ids.length}`, { target: max });
  return v as Record<string, unknown>;
}

async function changePlans(ctx: RequestContext, add: string[], remove: string[], overrides?: Record<string, unknown>): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const store = await servicesStore(ctx.deps);
  requirePlanManager(ctx, await store.planVendorOf(accountId, await store.require(accountId)));
  const { doc, plans } = await store.changePlans(accountId, { add, delete: remove, ...(overrides ? { overrides } : {}) });
  return { data: store.mergedPlan(plans), revision: doc._rev };
}

export async function postPlans(ctx: RequestContext): Promise<Reply> {
  const data = (ctx.data ?? {}) as Record<string, unknown>;
  const max = (await servicePlansSettings(ctx.deps)).maxPlansPerRequest;
  return changePlans(ctx, idList(data.add, 'add', max), idList(data.delete, 'delete', max), overridesOf(data.overrides, max));
}

/**
 * Kazoo 4.3 POST service_plans/override (superduper admin only there); Tollgate also lets the
 * reseller whose db holds each named plan (the account being in its tree) override it. The plans'
 * overrides are replaced, validated, and the merged plan is returned.
 */
export async function overridePlans(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const auth = ctx.auth;
  if (!auth) throw errors.invalidCredentials();
  const store = await servicesStore(ctx.deps);
  const services = await store.require(accountId);
  const data = ctx.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw errors.field('data', 'type', 'data must be an object with overrides');
  const overrides = overridesOf((data as Record<string, unknown>).overrides, (await servicePlansSettings(ctx.deps)).maxPlansPerRequest);
  if (!overrides) throw errors.field('overrides', 'required', 'overrides is required: {plan id: {...}}');
  if (!auth.isSuperduperAdmin) {
    // Only plans the caller vends: a plan the account does not have is the 400 below, unless no plan is the caller's.
    const vendors = await Promise.all(Object.keys(overrides).map((id) => store.assignedPlanVendor(services, id)));
    const fallback = await store.planVendorOf(accountId, services);
    if (vendors.some((v) => (v ?? fallback) !== auth.accountId) || accountId === auth.accountId) {
      throw errors.forbidden('only a superduper admin or the reseller whose service plans these are may override them', auth.accountId);
    }
  }
  const { doc, plans } = await store.changePlans(accountId, { overrides });
  return { data: store.mergedPlan(plans), revision: doc._rev };
}

export const addPlan = (ctx: RequestContext): Promise<Reply> => changePlans(ctx, [ctx.params.plan_id], []);
export const removePlan = (ctx: RequestContext): Promise<Reply> => changePlans(ctx, [], [ctx.params.plan_id]);
