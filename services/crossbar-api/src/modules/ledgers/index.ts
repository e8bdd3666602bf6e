// cb_ledgers (Kazoo 4.3) on the ledger module's `ledger` docs: totals per source, the balance,
// the registered sources, one source's entries, one entry, a month's summary with its per-account
// breakdown, and credit / debit by a superduper_admin or the account's reseller, who may also
// delete one (a reversing entry).
// Handlers: ./read.ts, ./record.ts.
import type { CrossbarModule } from '../../core/types';
import { available, entriesOfSource, monthSummary, oneEntry, total, totalsBySource } from './read';
import { credit, debit, removeEntry } from './record';

const BASE = '/v2/accounts/:account_id/ledgers';

export const ledgersModule: CrossbarModule = {
  name: 'ledgers',
  routes: () => [
    { method: 'GET', path: BASE, handler: totalsBySource },
    { method: 'GET', path: `${BASE}/total`, handler: total },
    { method: 'GET', path: `${BASE}/available`, handler: available },
    { method: 'GET', path: `${BASE}/summary/:modb_suffix`, handler: monthSummary },
    { method: 'PUT', path: `${BASE}/credit`, handler: credit },
    { method: 'PUT', path: `${BASE}/debit`, handler: debit },
    { method: 'GET', path: `${BASE}/:source`, handler: entriesOfSource },
    { method: 'GET', path: `${BASE}/:source/:ledger_id`, handler: oneEntry },
    { method: 'DELETE', path: `${BASE}/:source/:ledger_id`, handler: removeEntry },
  ],
};
