// cb_transactions (Kazoo 4.x) on the local ledger: an account's transactions in a time range, its
// current balance, its monthly recurring charges, and credit / debit by an admin or a reseller.
// Handlers: ./listing.ts, ./record.ts.
import type { CrossbarModule } from '../../core/types';
import { currentBalance, listAll, listMonthlyRecurring } from './listing';
import { credit, debit } from './record';

const BASE = '/v2/accounts/:account_id/transactions';

export const transactionsModule: CrossbarModule = {
  name: 'transactions',
  routes: () => [
    { method: 'GET', path: BASE, handler: listAll },
    { method: 'GET', path: `${BASE}/current_balance`, handler: currentBalance },
    { method: 'GET', path: `${BASE}/monthly_recurring`, handler: listMonthlyRecurring },
    { method: 'PUT', path: `${BASE}/credit`, handler: credit },
    { method: 'DELETE', path: `${BASE}/debit`, handler: debit },
  ],
};
