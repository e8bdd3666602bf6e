// A reseller's reports (seed 003 "Reports"; Kazoo has none of these as such): the calls of its
// clients with cost, sell and profit (and one user's calls), the financial month, its clients'
// sub-accounts and DIDs — JSON paged, or CSV. Handlers: ./read.ts; data: @tollgate/reports.
import type { CrossbarModule } from '../../core/types';
import { cdrsReport, dids, financial, subAccounts, userCdrsReport } from './read';

const A = '/v2/accounts/:account_id';

export const reportsModule: CrossbarModule = {
  name: 'reports',
  routes: () => [
    { method: 'GET', path: `${A}/reports/cdrs`, handler: cdrsReport },
    { method: 'GET', path: `${A}/reports/financial`, handler: financial },
    { method: 'GET', path: `${A}/reports/sub_accounts`, handler: subAccounts },
    { method: 'GET', path: `${A}/reports/dids`, handler: dids },
    { method: 'GET', path: `${A}/users/:user_id/reports/cdrs`, handler: userCdrsReport },
  ],
};
