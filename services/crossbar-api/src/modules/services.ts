// cb_services: an account's services doc as Kazoo 4.2's kz_services:public_json (quantities, plans,
// status, billed items), and /summary, the invoice preview computed exactly in units and shown
// in dollars.
import {
  type ServicesDoc,
  STATUS_GOOD,
  accountItems,
  billingIdOf,
  invoiceJson,
  invoiceLineJson,
  priceItems,
  servicesConfig,
} from '@tollgate/services';
import { requireAccountAccess } from '../auth/access';
import type { CrossbarModule, RequestContext } from '../core/types';
import { servicesStore } from './services/services-context';

const BASE = '/v2/accounts/:account_id/services';

async function load(ctx: RequestContext): Promise<ServicesDoc> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return servicesStore(ctx.deps).require(accountId);
}

async function itemsOf(ctx: RequestContext, doc: ServicesDoc) {
  const store = servicesStore(ctx.deps);
  const loaded = await store.loadPlans(doc);
  const cfg = await servicesConfig(ctx.deps.config);
  return accountItems(loaded, { account: doc.quantities ?? {}, cascade: doc.cascade_quantities ?? {} }, cfg.mergeStrategyPriority).items;
}

export const servicesModule: CrossbarModule = {
  name: 'services',
  routes: () => [
    {
      method: 'GET',
      path: BASE,
      handler: async (ctx) => {
        const doc = await load(ctx);
        const items = await itemsOf(ctx, doc);
        const lines = priceItems(items).lines;
        const byCategory: Record<string, Record<string, unknown>> = {};
        for (const l of lines) {
          byCategory[l.category] = {
            ...(byCategory[l.category] ?? {}),
            [l.item]: invoiceLineJson(l),
          };
        }
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
      },
    },
    {
      method: 'GET',
      path: `${BASE}/summary`,
      handler: async (ctx) => {
        const doc = await load(ctx);
        return { data: invoiceJson(priceItems(await itemsOf(ctx, doc))), revision: doc._rev };
      },
    },
  ],
};
