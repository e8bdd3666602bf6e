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
    { method: 'GET', path: BASE, doc: { summary: "the account's transactions", csv: true, query: { created_from: 'Gregorian seconds', created_to: 'Gregorian seconds', reason: 'a reason, only_calls or no_calls' } }, handler: listAll },
    { method: 'GET', path: `${BASE}/current_balance`, doc: { summary: "the account's prepaid balance (dollars)" }, handler: currentBalance },
    { method: 'GET', path: `${BASE}/monthly_recurring`, doc: { summary: 'the monthly recurring charges', csv: true }, handler: listMonthlyRecurring },
    { method: 'PUT', path: `${BASE}/credit`, doc: { summary: 'credit the account (dollars; an id makes a retry count once)' }, handler: credit },
    { method: 'DELETE', path: `${BASE}/debit`, doc: { summary: 'debit the account (dollars)' }, handler: debit },
  ],
};
