// GET /v2/accounts/{id}/services (kz_services:public_json @4.2: quantities, plans, status, billed
// items) and /services/summary (the invoice preview, computed exactly in units, shown in dollars).
import { billingIdOf, invoiceJson, invoiceLineJson, priceItems, type ServicesDoc, STATUS_GOOD } from '@tollgate/services';
import { requireAccountAccess } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { servicesStore } from './services-context';

async function load(ctx: RequestContext): Promise<ServicesDoc> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return (await servicesStore(ctx.deps)).require(accountId);
}

export async function showServices(ctx: RequestContext): Promise<Reply> {
  const doc = await load(ctx);
  const lines = priceItems(await (await servicesStore(ctx.deps)).billedItems(doc)).lines;
  const byCategory: Record<string, Record<string, unknown>> = {};
  for (const l of lines) byCategory[l.category] = { ...(byCategory[l.category] ?? {}), [l.item]: invoiceLineJson(l) };
  const status = doc.pvt_status ?? STATUS_GOOD;
  const data: Record<string, unknown> = {
    account_quantities: doc.quantities ?? {},
    cascade_quantities: doc.cascade_quantities ?? {},
    plans: doc.plans ?? {},
    billing_id: billingIdOf(doc),
    reseller: doc.pvt_reseller === true,
    reseller_id: doc.pvt_reseller_id,
    dirty: doc.pvt_dirty === true,
    status,
    in_good_standing: status === STATUS_GOOD,
    items: byCategory,
  };
  if (doc.ratedeck) data.ratedeck = doc.ratedeck;
  if (doc.pvt_status_reason) data.status_reason = doc.pvt_status_reason;
  if (doc.pvt_plan_errors) data.plan_errors = doc.pvt_plan_errors;
  return { data, revision: doc._rev };
}

export async function showSummary(ctx: RequestContext): Promise<Reply> {
  const doc = await load(ctx);
  return { data: invoiceJson(priceItems(await (await servicesStore(ctx.deps)).billedItems(doc))), revision: doc._rev };
}
