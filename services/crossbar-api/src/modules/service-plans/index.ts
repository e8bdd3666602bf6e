// cb_service_plans: the plans an account may use (its reseller's), the plans it has (merged), and
// assigning them; plus PUT to write a plan into a reseller's own db. Handlers: ./read.ts, ./write.ts.
import type { CrossbarModule } from '../../core/types';
import { currentPlan, getAvailablePlan, getOwnOrAvailablePlan, listPlans } from './read';
import { addPlan, createPlan, overridePlans, postPlans, removePlan } from './write';

const BASE = '/v2/accounts/:account_id/service_plans';

export const servicePlansModule: CrossbarModule = {
  name: 'service_plans',
  routes: () => [
    { method: 'GET', path: BASE, doc: { summary: "the plans in the account's db", response: { type: 'array' } }, handler: listPlans },
    { method: 'GET', path: `${BASE}/available`, doc: { summary: "the plans the account's reseller offers", response: { type: 'array' } }, handler: listPlans },
    { method: 'GET', path: `${BASE}/available/:plan_id`, doc: { summary: 'one plan the reseller offers' }, handler: getAvailablePlan },
    { method: 'PUT', path: BASE, doc: { summary: 'create a plan in the account\'s db', request: 'service_plans' }, handler: createPlan },
    {
      method: 'POST',
      path: BASE,
      doc: { summary: 'add and remove plans of the account (add: [...], delete: [...], overrides: {plan id: {...}} in the same write)' },
      handler: postPlans,
    },
    {
      method: 'POST',
      path: `${BASE}/override`,
      doc: { summary: "set the account's overrides of its plans ({overrides: {plan id: {...}}}); superduper admin or the plans' reseller" },
      handler: overridePlans,
    },
    { method: 'GET', path: `${BASE}/current`, doc: { summary: "the account's plans merged into one" }, handler: currentPlan },
    { method: 'GET', path: `${BASE}/:plan_id`, doc: { summary: 'one plan (own or available)' }, handler: getOwnOrAvailablePlan },
    { method: 'POST', path: `${BASE}/:plan_id`, doc: { summary: 'add a plan to the account' }, handler: addPlan },
    { method: 'DELETE', path: `${BASE}/:plan_id`, doc: { summary: 'remove a plan from the account' }, handler: removePlan },
  ],
};
