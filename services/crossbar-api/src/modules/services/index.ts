// cb_services: an account's services doc and its invoice preview. Handlers live in ./show.ts.
import type { CrossbarModule } from '../../core/types';
import { showServices, showSummary } from './show';

const BASE = '/v2/accounts/:account_id/services';

export const servicesModule: CrossbarModule = {
  name: 'services',
  routes: () => [
    { method: 'GET', path: BASE, doc: { summary: "the account's services doc: plans, quantities, billing state" }, handler: showServices },
    { method: 'GET', path: `${BASE}/summary`, doc: { summary: "the account's services priced by its plans" }, handler: showSummary },
  ],
};
