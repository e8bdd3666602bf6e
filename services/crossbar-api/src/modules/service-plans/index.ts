// cb_service_plans: the plans an account may use (its reseller's), the plans it has (merged), and
// assigning them; plus PUT to write a plan into a reseller's own db. Handlers: ./read.ts, ./write.ts.
import type { CrossbarModule } from '../../core/types';
import { currentPlan, getAvailablePlan, getOwnOrAvailablePlan, listPlans } from './read';
import { addPlan, createPlan, postPlans, removePlan } from './write';

const BASE = '/v2/accounts/:account_id/service_plans';

export const servicePlansModule: CrossbarModule = {
  name: 'service_plans',
  routes: () => [
    { method: 'GET', path: BASE, handler: listPlans },
    { method: 'GET', path: `${BASE}/available`, handler: listPlans },
    { method: 'GET', path: `${BASE}/available/:plan_id`, handler: getAvailablePlan },
    { method: 'PUT', path: BASE, handler: createPlan },
    { method: 'POST', path: BASE, handler: postPlans },
    { method: 'GET', path: `${BASE}/current`, handler: currentPlan },
    { method: 'GET', path: `${BASE}/:plan_id`, handler: getOwnOrAvailablePlan },
    { method: 'POST', path: `${BASE}/:plan_id`, handler: addPlan },
    { method: 'DELETE', path: `${BASE}/:plan_id`, handler: removePlan },
  ],
};
