// cb_ledgers (Kazoo 4.3) on the ledger module's `ledger` docs: totals per source, the balance,
// the registered sources, one source's entries, one entry, a month's summary with its per-account
// breakdown, and credit / debit by a superduper_admin or the account's reseller, who may also
// delete one (a reversing entry).
// Handlers: ./read.ts, ./record.ts.
import type { CrossbarModule } from '../../core/types';
import { available, entriesOfSource, monthSummary, oneEntry, total, totalsBySource } from './read';
import { credit, debit, removeEntry } from './record';

const BASE = '/v2/accounts/:account_id/ledgers';
const LEDGER_RANGE = { created_from: 'Gregorian seconds', created_to: 'Gregorian seconds' };

export const ledgersModule: CrossbarModule = {
  name: 'ledgers',
  routes: () => [
    { method: 'GET', path: BASE, doc: { summary: 'totals per source service over a range', query: LEDGER_RANGE }, handler: totalsBySource },
    { method: 'GET', path: `${BASE}/total`, doc: { summary: "the account's balance (dollars)", response: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } }, example: { amount: 12.5 } }, handler: total },
    { method: 'GET', path: `${BASE}/available`, doc: { summary: 'the registered ledger sources', response: { type: 'array' } }, handler: available },
    { method: 'GET', path: `${BASE}/summary/:modb_suffix`, doc: { summary: 'a month (YYYYMM): totals with the per-account breakdown' }, handler: monthSummary },
    { method: 'PUT', path: `${BASE}/credit`, doc: { summary: 'credit the ledger (superduper_admin or the account\'s reseller)', request: 'ledgers' }, handler: credit },
    { method: 'PUT', path: `${BASE}/debit`, doc: { summary: 'debit the ledger (superduper_admin or the account\'s reseller)', request: 'ledgers' }, handler: debit },
    { method: 'GET', path: `${BASE}/:source`, doc: { summary: "one source's entries (paged)", csv: true, response: { type: 'array' }, query: LEDGER_RANGE }, handler: entriesOfSource },
    { method: 'GET', path: `${BASE}/:source/:ledger_id`, doc: { summary: 'one ledger entry' }, handler: oneEntry },
    { method: 'DELETE', path: `${BASE}/:source/:ledger_id`, doc: { summary: 'delete a ledger entry: a reversing entry is written (superduper_admin or the account\'s reseller)' }, handler: removeEntry },
  ],
};
