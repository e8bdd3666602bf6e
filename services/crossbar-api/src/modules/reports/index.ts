// A reseller's reports (seed 003 "Reports"; Kazoo has none of these as such): the calls of its
// clients with cost, sell and profit (and one user's calls), the financial month, its clients'
// sub-accounts and DIDs — JSON paged, or CSV. Handlers: ./read.ts; data: @tollgate/reports.
import type { CrossbarModule } from '../../core/types';
import { cdrsReport, dids, financial, subAccounts, userCdrsReport } from './read';

const A = '/v2/accounts/:account_id';
const PERIOD = {
  month: 'YYYYMM: that calendar month (UTC)',
  created_from: 'Gregorian seconds (without month)',
  created_to: 'Gregorian seconds (without month)',
  account_id: 'only this client of the reseller',
};

export const reportsModule: CrossbarModule = {
  name: 'reports',
  routes: () => [
    { method: 'GET', path: `${A}/reports/cdrs`, doc: { summary: "the calls of the reseller's clients with cost, sell and profit (paged, or CSV)", csv: true, response: { type: 'array' }, query: PERIOD }, handler: cdrsReport },
    { method: 'GET', path: `${A}/reports/financial`, doc: { summary: "the reseller's financial month: sales, costs, payments, profit", csv: true, query: { month: 'YYYYMM (default: this month)' } }, handler: financial },
    { method: 'GET', path: `${A}/reports/sub_accounts`, doc: { summary: "the reseller's clients' sub-accounts", csv: true, response: { type: 'array' }, query: { account_id: 'only this client of the reseller' } }, handler: subAccounts },
    { method: 'GET', path: `${A}/reports/dids`, doc: { summary: "the reseller's clients' DIDs", csv: true, response: { type: 'array' }, query: { account_id: 'only this client of the reseller' } }, handler: dids },
    { method: 'GET', path: `${A}/users/:user_id/reports/cdrs`, doc: { summary: "one user's calls with cost, sell and profit (paged, or CSV)", csv: true, response: { type: 'array' }, query: PERIOD }, handler: userCdrsReport },
  ],
};
