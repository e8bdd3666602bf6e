// Packages (seed 003, "Manage Rates and Packages"): a reseller's call-pricing packages, a view on
// its service_plan docs that have a `package` section (so the same doc is listed by service_plans
// and assigned to a client by Kazoo's POST /v2/accounts/{client}/service_plans). Only the reseller
// itself (or a superduper_admin) reads and writes them; a package in use is not deleted (409).
import { errors } from '@tollgate/errors';
import { publicView } from '@tollgate/kazoo-db';
import { Packages, type StoredPackage } from '@tollgate/packages';
import { packageRatedeckId } from '@tollgate/services';
import { requireAccountAccess } from '../../auth/access';
import { pageOf } from '../../core/pagination';
import type { CrossbarModule, Reply, RequestContext } from '../../core/types';
import { servicesStore } from '../services/services-context';

const BASE = '/v2/accounts/:account_id/packages';

/** The reseller whose packages these are: the caller's own account (a reseller, or the master), or any for a superduper_admin. */
async function resellerOf(ctx: RequestContext): Promise<{ resellerId: string; packages: Packages }> {
  const resellerId = ctx.params.account_id;
  await requireAccountAccess(ctx, resellerId);
  const auth = ctx.auth;
  if (!auth) throw errors.invalidCredentials();
  if (!auth.isSuperduperAdmin && auth.accountId !== resellerId) throw errors.forbidden('a reseller manages only its own packages', auth.accountId);
  const store = await servicesStore(ctx.deps);
  const services = await store.get(resellerId);
  if ((await store.planVendorOf(resellerId, services)) !== resellerId && services?.pvt_reseller !== true) {
    throw errors.forbidden('packages belong to resellers and the master account', resellerId);
  }
  return { resellerId, packages: new Packages({ couch: ctx.deps.couch, store, config: ctx.deps.config }) };
}

async function view(packages: Packages, resellerId: string, doc: StoredPackage): Promise<Record<string, unknown>> {
  return {
    ...publicView(doc),
    _read_only: { ratedeck_id: packageRatedeckId(resellerId, doc._id), base_ratedeck: await packages.baseRatedeckOf(resellerId, doc.package) },
  };
}

function body(ctx: RequestContext): Record<string, unknown> {
  if (!ctx.data || typeof ctx.data !== 'object' || Array.isArray(ctx.data)) throw errors.field('data', 'type', 'data must be a package object');
  return ctx.data as Record<string, unknown>;
}

async function list(ctx: RequestContext): Promise<Reply> {
  const { resellerId, packages } = await resellerOf(ctx);
  const rows = (await packages.list(resellerId)).map((d) => ({ id: d._id, name: d.name, ratedeck_id: packageRatedeckId(resellerId, d._id) }));
  const page = pageOf(rows, (r) => r.id, ctx.page);
  return { data: page.rows, page: page.info };
}

async function create(ctx: RequestContext): Promise<Reply> {
  const { resellerId, packages } = await resellerOf(ctx);
  const saved = await packages.create(resellerId, body(ctx));
  return { data: await view(packages, resellerId, saved), revision: saved._rev, status: 201 };
}

async function read(ctx: RequestContext): Promise<Reply> {
  const { resellerId, packages } = await resellerOf(ctx);
  const doc = await packages.get(resellerId, ctx.params.package_id);
  return { data: await view(packages, resellerId, doc), revision: doc._rev };
}

const edit =
  (merge: boolean) =>
  async (ctx: RequestContext): Promise<Reply> => {
    const { resellerId, packages } = await resellerOf(ctx);
    const saved = await packages.update(resellerId, ctx.params.package_id, body(ctx), { merge });
    return { data: await view(packages, resellerId, saved), revision: saved._rev };
  };

async function remove(ctx: RequestContext): Promise<Reply> {
  const { resellerId, packages } = await resellerOf(ctx);
  const gone = await packages.remove(resellerId, ctx.params.package_id);
  return { data: publicView(gone) };
}

export const packagesModule: CrossbarModule = {
  name: 'packages',
  routes: () => [
    { method: 'GET', path: BASE, doc: { summary: "the reseller's packages, each with its derived ratedeck", response: { type: 'array' } }, handler: list },
    { method: 'PUT', path: BASE, doc: { summary: 'create a package (a service plan with a package section: markup, pulse, routes, overrides, free zones, fees)', description: 'Validated as a service plan (the service_plans schema) with its package section.' }, handler: create },
    { method: 'GET', path: `${BASE}/:package_id`, doc: { summary: 'one package' }, handler: read },
    { method: 'POST', path: `${BASE}/:package_id`, doc: { summary: 'replace a package (its derived ratedeck is redone)' }, handler: edit(false) },
    { method: 'PATCH', path: `${BASE}/:package_id`, doc: { summary: 'change some fields of a package (its derived ratedeck is redone)' }, handler: edit(true) },
    { method: 'DELETE', path: `${BASE}/:package_id`, doc: { summary: 'delete a package' }, handler: remove },
  ],
};
